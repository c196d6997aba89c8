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

# Deployments roll back on their own: circuit breaker with rollback on the
# rolling controller, percentages as inputs, the platform capacity provider.

run "circuit_breaker_rolls_back" {
  command = plan

  assert {
    condition     = aws_ecs_service.this.deployment_circuit_breaker[0].enable && aws_ecs_service.this.deployment_circuit_breaker[0].rollback
    error_message = "The deployment circuit breaker must be on, with rollback."
  }

  assert {
    condition     = aws_ecs_service.this.deployment_controller[0].type == "ECS"
    error_message = "The service must use the rolling (ECS) controller, the only one the circuit breaker works with."
  }

  assert {
    condition     = aws_ecs_service.this.deployment_minimum_healthy_percent == 100 && aws_ecs_service.this.deployment_maximum_percent == 200
    error_message = "Apps must deploy 100/200 by default: a new task starts before an old one stops."
  }

  assert {
    condition     = [for s in aws_ecs_service.this.capacity_provider_strategy : s.capacity_provider] == [var.platform.capacity_provider_name]
    error_message = "The service must run on the platform's capacity provider."
  }

  assert {
    condition     = aws_ecs_service.this.cluster == var.platform.cluster_arn
    error_message = "The service must run in the platform cluster."
  }
}

run "single_writer_percentages" {
  command = plan

  variables {
    deployment_minimum_healthy_percent = 0
    deployment_maximum_percent         = 100
  }

  assert {
    condition     = aws_ecs_service.this.deployment_minimum_healthy_percent == 0 && aws_ecs_service.this.deployment_maximum_percent == 100
    error_message = "Single-writer services must be able to deploy 0/100 so two writers never overlap."
  }
}
