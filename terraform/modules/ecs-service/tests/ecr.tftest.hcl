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

# The service's ECR repository: immutable tags, scan on push, encryption and
# a lifecycle policy that keeps the last images.

run "ecr_is_immutable_and_scanned" {
  command = plan

  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE"
    error_message = "ECR tags must be immutable: a tag names one image forever."
  }

  assert {
    condition     = aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push
    error_message = "ECR must scan every pushed image."
  }

  assert {
    condition     = aws_ecr_repository.this.encryption_configuration[0].encryption_type == "AES256"
    error_message = "ECR images must be encrypted at rest."
  }

  assert {
    condition     = aws_ecr_repository.this.name == "platform/api"
    error_message = "The repository must be named <name_prefix>/<name>."
  }

  assert {
    condition = anytrue([
      for r in jsondecode(aws_ecr_lifecycle_policy.this.policy).rules :
      r.selection.tagStatus == "any" && r.selection.countType == "imageCountMoreThan" && r.action.type == "expire"
    ])
    error_message = "The lifecycle policy must keep only the last N images."
  }
}

run "image_tag_runs_from_own_repository" {
  command = apply

  variables {
    image     = null
    image_tag = "3f2c1ab"
  }

  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.image if c.name == "api"]) == "${aws_ecr_repository.this.repository_url}:3f2c1ab"
    error_message = "image_tag must run <own ECR repository URL>:<tag>."
  }
}
