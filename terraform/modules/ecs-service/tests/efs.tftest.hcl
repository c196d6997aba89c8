mock_provider "aws" {
  mock_data "aws_region" {
    defaults = { region = "us-east-1" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
}

variables {
  platform = {
    vpc_id                        = "vpc-0123456789abcdef0"
    cluster_arn                   = "arn:aws:ecs:us-east-1:123456789012:cluster/platform"
    cluster_name                  = "platform"
    alb_arn                       = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/platform/0123456789abcdef"
    alb_listener_arn              = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/platform/0123456789abcdef/0123456789abcdef"
    private_subnet_ids            = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
    public_subnet_ids             = ["subnet-0cccccccccccccccc", "subnet-0dddddddddddddddd"]
    efs_id                        = "fs-0123456789abcdef0"
    efs_arn                       = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0"
    capacity_provider_name        = "platform-asg"
    alb_dns_name                  = "platform-123456789.us-east-1.elb.amazonaws.com"
    alb_zone_id                   = "Z35SXDOTRQ7X7K"
    alb_security_group_id         = "sg-0aaaaaaaaaaaaaaaa"
    instance_security_group_id    = "sg-0bbbbbbbbbbbbbbbb"
    zone_id                       = "Z0123456789ABCDEFGHIJ"
    zone_name                     = "hari328.net"
    certificate_arn               = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
    service_connect_namespace_arn = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef"
    user_pool_id                  = "us-east-1_AbCdEfGhI"
    user_pool_arn                 = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEfGhI"
    user_pool_domain              = "platform-auth"
    sso_base_url                  = "https://platform-auth.auth.us-east-1.amazoncognito.com"
    allowed_emails_parameter      = "/infra/sso/allowed-emails"
    name_prefix                   = "platform"
  }
  name  = "api"
  image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/platform/api:1.0.0"
  host  = "api"
}

# EFS volumes always use transit encryption and IAM authorization through an
# access point, and the task role may mount only those access points.

run "efs_encrypted_in_transit_with_iam" {
  command = apply

  variables {
    efs_volumes = [
      { name = "data", access_point_id = "fsap-0123456789abcdef0", container_path = "/prometheus" },
      { name = "rules", access_point_id = "fsap-0fedcba9876543210", container_path = "/rules", read_only = true },
    ]
  }

  assert {
    condition = alltrue([
      for v in aws_ecs_task_definition.this.volume :
      v.efs_volume_configuration[0].transit_encryption == "ENABLED" &&
      v.efs_volume_configuration[0].authorization_config[0].iam == "ENABLED" &&
      v.efs_volume_configuration[0].file_system_id == var.platform.efs_id
      if startswith(v.name, "efs-")
    ])
    error_message = "EFS volumes must use the platform file system with transit encryption and IAM authorization."
  }

  assert {
    condition     = toset([for v in aws_ecs_task_definition.this.volume : v.efs_volume_configuration[0].authorization_config[0].access_point_id if startswith(v.name, "efs-")]) == toset(["fsap-0123456789abcdef0", "fsap-0fedcba9876543210"])
    error_message = "Each EFS volume must go through its access point."
  }

  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.mountPoints if c.name == "api"]) == [{ sourceVolume = "efs-data", containerPath = "/prometheus", readOnly = false }, { sourceVolume = "efs-rules", containerPath = "/rules", readOnly = true }]
    error_message = "EFS volumes must be mounted at their container paths, read-only when asked."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.efs[0].policy).Statement : s.Condition.StringEquals["elasticfilesystem:AccessPointArn"]
      if s.Sid == "WriteOwnAccessPoints"
    ]) == [for id in ["fsap-0123456789abcdef0"] : "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/${id}"]
    error_message = "The task role may write only through the writable access points."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_iam_role_policy.efs[0].policy).Statement : s.Resource == var.platform.efs_arn])
    error_message = "EFS permissions must be on the platform file system only."
  }
}
