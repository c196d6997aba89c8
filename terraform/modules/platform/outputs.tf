################################################################################
# Network
################################################################################

output "vpc_id" {
  description = "VPC id (/infra/vpc-id)."
  value       = local.values.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnet ids (/infra/private-subnet-ids)."
  value       = local.lists.private_subnet_ids
}

output "public_subnet_ids" {
  description = "Public subnet ids (/infra/public-subnet-ids)."
  value       = local.lists.public_subnet_ids
}

################################################################################
# ECS
################################################################################

output "cluster_arn" {
  description = "ECS cluster ARN (/infra/cluster-arn)."
  value       = local.values.cluster_arn
}

output "cluster_name" {
  description = "ECS cluster name (/infra/cluster-name)."
  value       = local.values.cluster_name
}

output "capacity_provider_name" {
  description = "The cluster's ASG capacity provider (/infra/capacity-provider-name)."
  value       = local.values.capacity_provider_name
}

output "instance_security_group_id" {
  description = "ECS host security group (/infra/instance-security-group-id)."
  value       = local.values.instance_security_group_id
}

output "service_connect_namespace_arn" {
  description = "Cloud Map HTTP namespace used by ECS Service Connect (/infra/service-connect-namespace-arn)."
  value       = local.values.service_connect_namespace_arn
}

################################################################################
# Load balancer
################################################################################

output "alb_arn" {
  description = "ALB ARN (/infra/alb-arn)."
  value       = local.values.alb_arn
}

output "alb_listener_arn" {
  description = "HTTPS (443) listener ARN tenants add rules to (/infra/alb-listener-arn)."
  value       = local.values.alb_listener_arn
}

output "alb_dns_name" {
  description = "ALB DNS name, for Route53 alias records (/infra/alb-dns-name)."
  value       = local.values.alb_dns_name
}

output "alb_zone_id" {
  description = "ALB canonical hosted zone id, for Route53 alias records (/infra/alb-zone-id)."
  value       = local.values.alb_zone_id
}

output "alb_security_group_id" {
  description = "ALB security group (/infra/alb-security-group-id)."
  value       = local.values.alb_security_group_id
}

################################################################################
# DNS and certificate
################################################################################

output "zone_id" {
  description = "Route53 hosted zone id (/infra/zone-id)."
  value       = local.values.zone_id
}

output "zone_name" {
  description = "The platform domain, e.g. hari328.net (/infra/zone-name)."
  value       = local.values.zone_name
}

output "certificate_arn" {
  description = "The *.domain + apex ACM certificate (/infra/certificate-arn)."
  value       = local.values.certificate_arn
}

################################################################################
# Storage
################################################################################

output "efs_id" {
  description = "EFS file system id (/infra/efs-id)."
  value       = local.values.efs_id
}

output "efs_arn" {
  description = "EFS file system ARN, for IAM authorization in task roles (/infra/efs-arn)."
  value       = local.values.efs_arn
}

################################################################################
# SSO
################################################################################

output "user_pool_id" {
  description = "Cognito user pool id (/infra/sso/user-pool-id)."
  value       = local.values.user_pool_id
}

output "user_pool_arn" {
  description = "Cognito user pool ARN (/infra/sso/user-pool-arn)."
  value       = local.values.user_pool_arn
}

output "user_pool_domain" {
  description = "The pool's domain as the ALB authenticate-cognito action wants it (/infra/sso/domain)."
  value       = local.values.user_pool_domain
}

output "sso_base_url" {
  description = "Base URL of the Cognito hosted sign-in (/infra/sso/base-url)."
  value       = local.values.sso_base_url
}

output "app_client_id" {
  description = "Id of the shared public Cognito app client tenant apps sign users in with (/infra/sso/app-client-id)."
  value       = local.values.app_client_id
}

output "allowed_emails_parameter" {
  description = "Name of the SSO allowlist parameter (not read by this module: platformctl friends owns its value)."
  value       = local.allowed_emails_parameter
}

################################################################################
# Everything at once
################################################################################

output "contract" {
  description = "The whole contract as one object: the platform input of terraform/modules/ecs-service."
  value = merge(local.values, local.lists, {
    allowed_emails_parameter = local.allowed_emails_parameter
  })
}
