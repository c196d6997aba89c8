################################################################################
# DNS delegation (docs/decisions/0017-certificate-two-phases.md)
################################################################################

output "name_servers" {
  description = "The 4 Route53 name servers: set them as custom DNS at the registrar (Namecheap), then apply with wait_for_certificate = true."
  value       = aws_route53_zone.this.name_servers
}

output "zone_id" {
  description = "Route53 hosted zone id of the domain."
  value       = aws_route53_zone.this.zone_id
}

output "certificate_arn" {
  description = "ARN of the *.domain + apex ACM certificate (the validated one once wait_for_certificate is true)."
  value       = local.certificate_arn
}

################################################################################
# Network
################################################################################

output "vpc_id" {
  description = "VPC id."
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  description = "Public subnet ids, one per AZ (ALB, NAT, the hosts when nat_mode = none)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnet ids, one per AZ (the hosts, EFS mount targets)."
  value       = aws_subnet.private[*].id
}

output "nat_mode" {
  description = "How the private subnets reach the internet: gateway, instance or none."
  value       = var.nat_mode
}

################################################################################
# Compute and load balancer
################################################################################

output "cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.this.name
}

output "autoscaling_group_name" {
  description = "Auto Scaling group of the ECS hosts (for instance refreshes)."
  value       = aws_autoscaling_group.host.name
}

output "alb_dns_name" {
  description = "DNS name of the ALB."
  value       = aws_lb.this.dns_name
}

output "efs_id" {
  description = "EFS file system id."
  value       = aws_efs_file_system.this.id
}

################################################################################
# Contract
################################################################################

output "contract_parameter_names" {
  description = "Names of the /infra/* SSM parameters this layer writes (docs/contract.md)."
  value       = sort(concat(keys(aws_ssm_parameter.contract), [aws_ssm_parameter.allowed_emails.name]))
}

################################################################################
# --- Cognito SSO --- (docs/sso.md)
################################################################################

output "user_pool_id" {
  description = "Cognito user pool id (also in /infra/sso/user-pool-id)."
  value       = aws_cognito_user_pool.this.id
}

output "sso_base_url" {
  description = "Base URL of the hosted sign-in pages (also in /infra/sso/base-url)."
  value       = local.sso_base_url
}

output "google_redirect_uri" {
  description = "Authorised redirect URI to enter in the Google Cloud console's OAuth client (docs/sso.md)."
  value       = "${local.sso_base_url}/oauth2/idpresponse"
}

output "allowed_emails_parameter" {
  description = "SSM parameter holding the SSO allowlist; change it with platformctl friends."
  value       = aws_ssm_parameter.allowed_emails.name
}

output "presignup_function_name" {
  description = "Name of the pre-sign-up Lambda; its refusals are logged in /aws/lambda/<this name>."
  value       = aws_lambda_function.presignup.function_name
}
