# The four seed components (plus the gateway collector) run as ONE task of one replica service
# (docs/decisions/0004-monitoring-single-task.md); the task never runs two writers at once
# (deployment 0/100); the collector is a daemon on every host and is created after it.
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

run "deployment_rules" {
  # One plan checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = plan

  assert {
    condition     = [for c in local.monitoring_containers : c.name] == ["config-init", "prometheus", "ecs-observer", "loki", "tempo", "gateway", "grafana"]
    error_message = "The monitoring task must hold Prometheus (with its ecs-observer), Loki, Tempo, the gateway collector and Grafana, after the config init container."
  }

  assert {
    condition     = aws_ecs_service.monitoring.desired_count == 1 && aws_ecs_task_definition.monitoring.network_mode == "bridge"
    error_message = "The monitoring stack must be one bridge-mode task of one replica service (links work in bridge mode only)."
  }

  assert {
    condition     = aws_ecs_service.monitoring.deployment_minimum_healthy_percent == 0 && aws_ecs_service.monitoring.deployment_maximum_percent == 100
    error_message = "The monitoring task writes to EFS: it must deploy with minimum 0 % and maximum 100 %, never two writers at once."
  }

  assert {
    condition     = aws_ecs_service.collector.scheduling_strategy == "DAEMON" && aws_ecs_service.collector.launch_type == "EC2"
    error_message = "The collector must run as a DAEMON service on every EC2 host."
  }

  assert {
    condition     = aws_ecs_service.collector.deployment_minimum_healthy_percent == 0 && aws_ecs_service.collector.deployment_maximum_percent == 100
    error_message = "The collector daemon must stop its old task before starting the new one: its host ports are fixed."
  }

  # Issue 11 items 2, 3, 5, 6: no Service Connect anywhere, so no endpoint that only new tasks
  # resolve, no 15 s proxy timeout, no proxy on a daemon, no HTTP/1.1 proxy in front of Tempo.
  assert {
    condition     = length(aws_ecs_service.collector.service_connect_configuration) == 0 && length(aws_ecs_service.monitoring.service_connect_configuration) == 0
    error_message = "No monitoring service may use Service Connect (docs/decisions/0004): clients reach servers through Docker links or Cloud Map."
  }

  # The daemon finds the gateway through Cloud Map, registered by the monitoring service.
  assert {
    condition = (
      one(aws_ecs_service.monitoring.service_registries).container_name == "gateway" &&
      one(aws_ecs_service.monitoring.service_registries).container_port == 4317
    )
    error_message = "The monitoring service must register the gateway collector's OTLP gRPC port in Cloud Map: the collector daemons find it there."
  }

  assert {
    condition = alltrue([
      for c in local.monitoring_containers : alltrue([for l in try(c.links, []) : contains(["loki", "tempo", "prometheus"], l)])
    ]) && toset(local.grafana_container.links) == toset(["prometheus", "loki", "tempo"]) && toset(local.gateway_container.links) == toset(["loki", "tempo", "prometheus"])
    error_message = "Grafana and the gateway must reach Prometheus, Loki and Tempo through Docker links, and nothing may link back (no cycles)."
  }

  # Item 7: the discovery sidecar must not take Prometheus down with it.
  assert {
    condition     = local.ecs_observer_container.essential == false && local.prometheus_container.essential == true
    error_message = "The ecs-observer sidecar must not be essential: if it stops (IAM error, OOM), Prometheus must keep running."
  }

  assert {
    condition     = contains(local.ecs_observer_container.environment, { name = "GOMEMLIMIT", value = "102MiB" })
    error_message = "The ecs-observer's Go heap must be bounded below its hard limit (GOMEMLIMIT = 80 % of it)."
  }
}

# Item 2: the daemon is created after the monitoring service (and tolerates it missing anyway).
run "collector_after_monitoring" {
  command = plan

  assert {
    condition     = strcontains(local.config.collector, "retry_on_failure:") && strcontains(local.config.collector, "sending_queue:")
    error_message = "The collector daemon must queue and retry while the gateway does not exist yet (first apply) or is being replaced."
  }
}
