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

run "config_rules" {
  # One plan checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = plan

  assert {
    condition     = contains(local.prometheus_container.command, "--enable-feature=exemplar-storage") && contains(local.prometheus_container.command, "--web.enable-otlp-receiver")
    error_message = "Prometheus must accept OTLP (from the gateway collector) and store exemplars."
  }

  assert {
    condition     = strcontains(local.config.prometheus, "/ecs-sd/targets.yaml") && strcontains(local.config.ecs_observer, "result_file: /ecs-sd/targets.yaml")
    error_message = "Prometheus must read the file the ecs_observer sidecar writes."
  }

  # Apps reach the daemon at the docker bridge gateway (172.17.0.1:4317/4318) and the daemons reach
  # the gateway on its host port: both receivers must listen on every interface, not the
  # collector's default localhost (since 0.104), or nothing arrives.
  assert {
    condition     = strcontains(local.config.collector, "endpoint: 0.0.0.0:4317") && strcontains(local.config.collector, "endpoint: 0.0.0.0:4318") && strcontains(local.config.gateway, "endpoint: 0.0.0.0:4317")
    error_message = "The collector daemon's OTLP receivers (4317, 4318) and the gateway's (4317) must listen on 0.0.0.0: on localhost no app and no daemon can reach them."
  }

  # ecs_observer v0.165.0 writes the result file with mode 0600 (sd.go:
  # os.WriteFile(s.cfg.ResultFile, b, 0o600)): only the same uid can read it.
  assert {
    condition     = local.ecs_observer_container.user == local.prometheus_container.user
    error_message = "The ecs_observer sidecar must run as Prometheus's user: it writes the targets file with mode 0600, so another uid gets permission denied and no app is scraped."
  }

  # Loki, Tempo and the collectors are scraped through the same docker-label discovery as apps
  # (no static scrape job pointing at another service: no Prometheus -> Tempo dependency).
  assert {
    condition = (
      local.loki_container.dockerLabels.PROMETHEUS_EXPORTER_PORT == "3100" &&
      local.tempo_container.dockerLabels.PROMETHEUS_EXPORTER_PORT == "3200" &&
      local.gateway_container.dockerLabels.PROMETHEUS_EXPORTER_PORT == "8888" &&
      !strcontains(local.config.prometheus, "loki:3100") && !strcontains(local.config.prometheus, "tempo:3200")
    )
    error_message = "Loki, Tempo and the gateway must carry the PROMETHEUS_EXPORTER_* labels and be scraped through discovery, not static targets."
  }

  # Item 2: Tempo's metrics generator is off, so Tempo never writes to Prometheus.
  assert {
    condition     = !can(yamldecode(local.config.tempo).metrics_generator) && !strcontains(local.config.tempo, "remote_write")
    error_message = "Tempo's metrics generator must stay off: the gateway computes span metrics and the service graph, so Tempo and Prometheus do not depend on each other."
  }

  assert {
    condition = (
      strcontains(local.config.gateway, "spanmetrics:") && strcontains(local.config.gateway, "namespace: traces.spanmetrics") &&
      strcontains(local.config.gateway, "unit: s") && strcontains(local.config.gateway, "servicegraph:")
    )
    error_message = "The gateway must compute span metrics (namespace traces.spanmetrics, seconds, as the dashboards query) and the service graph."
  }

  # Collectors read their config from the environment.
  assert {
    condition = one([
      for c in jsondecode(aws_ecs_task_definition.collector.container_definitions) : c.command == ["--config=env:OTELCOL_CONFIG"] && one([for e in c.environment : e.value if e.name == "OTELCOL_CONFIG"]) == local.config.collector
    ])
    error_message = "The collector must read its rendered configuration from OTELCOL_CONFIG (no custom image)."
  }

  assert {
    condition     = local.gateway_container.command == ["--config=env:OTELCOL_CONFIG"] && one([for e in local.gateway_container.environment : e.value if e.name == "OTELCOL_CONFIG"]) == local.config.gateway
    error_message = "The gateway collector must read its rendered configuration from OTELCOL_CONFIG."
  }

  assert {
    condition     = strcontains(local.config.gateway, "otlp_http/loki") && strcontains(local.config.gateway, "otlp_grpc/tempo") && strcontains(local.config.gateway, "endpoint: http://loki:3100/otlp")
    error_message = "The gateway must send logs to Loki and traces to Tempo by their link names, with the exporter names of collector >= 0.144."
  }

  # The daemon reaches the gateway through Cloud Map in this layer's own namespace.
  assert {
    condition     = strcontains(local.config.collector, "\"aws_cloud_map\"") && strcontains(local.config.collector, "\"namespace\":\"platform-monitoring\"")
    error_message = "The collector daemon must resolve the gateway with the loadbalancing exporter's aws_cloud_map resolver in the platform-monitoring namespace."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.collector_task.policy).Statement[0].Action == "servicediscovery:DiscoverInstances"
    error_message = "The collector daemon's task role must allow servicediscovery:DiscoverInstances (the aws_cloud_map resolver)."
  }
}

# Issue 11 item 1: two containers of different uids on one volume cannot read each other's
# 0600 files; a precondition on the task definition refuses the plan (monitoring.tf).
run "shared_volume_users_match" {
  command = plan

  assert {
    condition     = jsonencode(local.shared_volume_uids) == jsonencode({ "ecs-sd" = ["65534"], "grafana-data" = ["472"] })
    error_message = "Each shared task volume must be used by one uid only: ecs-sd by 65534 (Prometheus and the ecs-observer), grafana-data by 472 (Grafana)."
  }
}
