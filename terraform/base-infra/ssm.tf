# The Layer 1 -> Layer 2 contract (docs/contract.md, docs/decisions/0011-ssm-layer-contract.md): every /infra/*
# parameter is written from this one map (plus local.sso_parameters from cognito.tf).
# terraform/modules/platform reads the same names; internal/contract proves they agree.

locals {
  contract_parameters = merge({
    # The seed's seven parameters.
    "/infra/vpc-id"             = { type = "String", value = aws_vpc.this.id }
    "/infra/cluster-arn"        = { type = "String", value = aws_ecs_cluster.this.arn }
    "/infra/alb-arn"            = { type = "String", value = aws_lb.this.arn }
    "/infra/alb-listener-arn"   = { type = "String", value = aws_lb_listener.https.arn }
    "/infra/private-subnet-ids" = { type = "StringList", value = join(",", aws_subnet.private[*].id) }
    "/infra/public-subnet-ids"  = { type = "StringList", value = join(",", aws_subnet.public[*].id) }
    "/infra/efs-id"             = { type = "String", value = aws_efs_file_system.this.id }

    # What Layer 2 needs besides (docs/decisions/0011-ssm-layer-contract.md).
    "/infra/cluster-name"                  = { type = "String", value = aws_ecs_cluster.this.name }
    "/infra/capacity-provider-name"        = { type = "String", value = aws_ecs_capacity_provider.this.name }
    "/infra/alb-dns-name"                  = { type = "String", value = aws_lb.this.dns_name }
    "/infra/alb-zone-id"                   = { type = "String", value = aws_lb.this.zone_id }
    "/infra/alb-security-group-id"         = { type = "String", value = aws_security_group.alb.id }
    "/infra/instance-security-group-id"    = { type = "String", value = aws_security_group.host.id }
    "/infra/zone-id"                       = { type = "String", value = aws_route53_zone.this.zone_id }
    "/infra/zone-name"                     = { type = "String", value = var.domain }
    "/infra/certificate-arn"               = { type = "String", value = local.certificate_arn }
    "/infra/efs-arn"                       = { type = "String", value = aws_efs_file_system.this.arn }
    "/infra/service-connect-namespace-arn" = { type = "String", value = aws_service_discovery_http_namespace.this.arn }
  }, local.sso_parameters)
}

resource "aws_ssm_parameter" "contract" {
  for_each = local.contract_parameters

  name        = each.key
  description = "Platform contract (docs/contract.md), written by terraform/base-infra"
  type        = each.value.type
  value       = each.value.value
  tier        = "Standard"
}
