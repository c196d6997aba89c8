# Grafana: task-local SQLite (issue 11 item 4), a first start the health checks cannot kill,
# no preinstall plugin downloads (item 10), pinned patched images (item 9).
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

run "grafana_rules" {
  command = plan

  # Item 4: SQLite locking fails on NFS (grafana/grafana#115875): the database is task-local.
  assert {
    condition = (
      !contains(keys(aws_efs_access_point.this), "grafana") &&
      contains(local.grafana_container.mountPoints, { sourceVolume = "grafana-data", containerPath = "/var/lib/grafana", readOnly = false }) &&
      one([for v in aws_ecs_task_definition.monitoring.volume : length(v.efs_volume_configuration) if v.name == "grafana-data"]) == 0
    )
    error_message = "Grafana's SQLite database must live in a task volume, not on EFS: SQLite locking fails over NFS."
  }

  assert {
    condition     = aws_ecs_service.monitoring.health_check_grace_period_seconds >= 300
    error_message = "The first start runs Grafana's migrations before /api/health answers: the ALB health checks must wait at least 300 s."
  }

  # Item 10: no downloads from grafana.com at start.
  assert {
    condition     = contains(local.grafana_container.environment, { name = "GF_PLUGINS_PREINSTALL_DISABLED", value = "true" })
    error_message = "Grafana 12 must not download its preinstall plugins at every start: set GF_PLUGINS_PREINSTALL_DISABLED=true."
  }

  assert {
    condition = (
      contains(local.grafana_container.environment, { name = "PROMETHEUS_URL", value = "http://prometheus:9090" }) &&
      contains(local.grafana_container.environment, { name = "TEMPO_URL", value = "http://tempo:3200" }) &&
      contains(local.grafana_container.environment, { name = "LOKI_URL", value = "http://loki:3100" })
    )
    error_message = "Grafana's datasources must point at the link names inside the task."
  }

  # Item 9: pinned patched releases.
  assert {
    condition     = local.images.tempo == "docker.io/grafana/tempo:3.0.5" && local.images.grafana == "docker.io/grafana/grafana:12.4.15"
    error_message = "Tempo must be pinned to 3.0.5 (3.0.0 has Go, grpc and x/net CVEs) and Grafana to 12.4.15 (docs/monitoring.md, Bumping a pinned image)."
  }
}
