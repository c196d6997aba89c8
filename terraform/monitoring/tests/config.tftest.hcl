# The rendered configuration carries this layer's settings: retention, targets file, buckets.
mock_provider "aws" {
  # ecs-service validates access point ids; the mock must produce real-looking ones.
  mock_resource "aws_efs_access_point" {
    defaults = {
      id = "fsap-0123456789abcdef0"
    }
  }
}

variables {
  region      = "us-east-1"
  name_prefix = "platform"
  domain      = "hari328.net"
  owner_email = "owner@hari328.net"
}

# The Layer 1 contract, as terraform/modules/platform returns it from SSM.
override_module {
  target = module.platform
  outputs = {
    contract = {
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
    }
  }
}

run "retention_reaches_every_store" {
  command = plan

  variables {
    monitoring_retention_days = {
      prometheus = 10
      loki       = 20
      tempo      = 5
    }
  }

  assert {
    condition     = contains(local.prometheus_container.command, "--storage.tsdb.retention.time=10d")
    error_message = "Prometheus must keep metrics for monitoring_retention_days.prometheus."
  }

  assert {
    condition     = strcontains(local.config.loki, "retention_period: 480h") && strcontains(local.config.tempo, "block_retention: 120h")
    error_message = "Loki and Tempo must delete data after their monitoring_retention_days."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.telemetry["loki"].rule[0].expiration[0].days == 27
    error_message = "The Loki bucket lifecycle must follow Loki's retention plus the safety margin."
  }
}
