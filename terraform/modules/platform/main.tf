# Reads the Layer 1 contract (docs/contract.md) from SSM Parameter Store. This map is the only
# place on the reading side that knows the parameter names; internal/contract proves it
# matches what terraform/base-infra writes.

locals {
  # output name => parameter name
  parameter_names = {
    vpc_id                        = "/infra/vpc-id"
    cluster_arn                   = "/infra/cluster-arn"
    cluster_name                  = "/infra/cluster-name"
    capacity_provider_name        = "/infra/capacity-provider-name"
    alb_arn                       = "/infra/alb-arn"
    alb_listener_arn              = "/infra/alb-listener-arn"
    alb_dns_name                  = "/infra/alb-dns-name"
    alb_zone_id                   = "/infra/alb-zone-id"
    alb_security_group_id         = "/infra/alb-security-group-id"
    instance_security_group_id    = "/infra/instance-security-group-id"
    private_subnet_ids            = "/infra/private-subnet-ids"
    public_subnet_ids             = "/infra/public-subnet-ids"
    efs_id                        = "/infra/efs-id"
    efs_arn                       = "/infra/efs-arn"
    zone_id                       = "/infra/zone-id"
    zone_name                     = "/infra/zone-name"
    certificate_arn               = "/infra/certificate-arn"
    service_connect_namespace_arn = "/infra/service-connect-namespace-arn"
    user_pool_id                  = "/infra/sso/user-pool-id"
    user_pool_arn                 = "/infra/sso/user-pool-arn"
    user_pool_domain              = "/infra/sso/domain"
    sso_base_url                  = "/infra/sso/base-url"
    app_client_id                 = "/infra/sso/app-client-id"
  }

  # Not read here: its value belongs to `platformctl friends` and the pre-sign-up Lambda.
  allowed_emails_parameter = "/infra/sso/allowed-emails"

  # StringList parameters, split back into lists.
  list_parameters = ["private_subnet_ids", "public_subnet_ids"]
}

data "aws_ssm_parameter" "contract" {
  for_each = local.parameter_names

  name = each.value
}

locals {
  # None of the contract is secret: insecure_value keeps plans and outputs readable.
  values = { for key, parameter in data.aws_ssm_parameter.contract : key => parameter.insecure_value }

  # try(): OpenTofu evaluates this local even when a caller's test overrides the module
  # (override_module), with no data sources read; every key is always present otherwise.
  lists = { for key in local.list_parameters : key => split(",", try(local.values[key], "")) }
}
