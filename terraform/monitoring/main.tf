################################################################################
# Layer 2b: the monitoring stack on the shared cluster (docs/monitoring.md).
# Files by concern: dependencies.tf (Layer 1), storage.tf (EFS access points, S3 buckets),
# monitoring.tf (the one task and its service), prometheus.tf, loki.tf, tempo.tf, grafana.tf,
# gateway.tf (containers of that task), alb.tf, cloudmap.tf, collector.tf. This file holds the names,
# the pinned images and the rendered configuration.
################################################################################

locals {
  name_prefix = var.name_prefix
  account_id  = data.aws_caller_identity.current.account_id
  partition   = data.aws_partition.current.partition

  # The Layer 1 contract as terraform/modules/ecs-service takes it, with this layer's prefix.
  platform = merge(module.platform.contract, { name_prefix = var.name_prefix })

  # Pinned images. Each configuration in config/ is written for exactly this version
  # (Tempo 3 rejects 2.x files; collector exporter names changed in 0.144). The Prometheus and
  # collector tags must equal the Go modules internal/monconfig validates the configs with
  # (go.mod): its test fails when they differ. Bump both sides together (docs/monitoring.md,
  # "Bumping a pinned image").
  #   tempo 3.0.5: latest 3.0.x patch (3.0.3+ carry the Go, grpc and x/net CVE fixes; OSV
  #     CGA-cc4v-7xj5-9vw3 lists 3.0.5 as fixed on 2026-11-16).
  #   grafana 12.4.15: latest patch of the 12.4 line (OSV CGA-9xcx-c962-m4f3, 2026-11-14);
  #     13.x is a major upgrade, tracked separately.
  images = {
    prometheus = "quay.io/prometheus/prometheus:v3.16.0"
    collector  = "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.165.0"
    loki       = "docker.io/grafana/loki:3.6.0"
    tempo      = "docker.io/grafana/tempo:3.0.5"
    grafana    = "docker.io/grafana/grafana:12.4.15"
  }
  versions = { for k, v in local.images : k => element(split(":", v), length(split(":", v)) - 1) }

  # Where the ecs_observer sidecar writes Prometheus file_sd targets (a task volume shared by
  # the ecs-observer and prometheus containers of the monitoring task).
  ecs_sd_dir  = "/ecs-sd"
  ecs_sd_file = "${local.ecs_sd_dir}/targets.yaml"

  retention_hours = {
    loki  = var.monitoring_retention_days.loki * 24
    tempo = var.monitoring_retention_days.tempo * 24
  }

  # Inter-container addresses inside the monitoring task: Docker links names (bridge mode,
  # docs/decisions/0004-monitoring-single-task.md). Every address a config file holds is a
  # template variable, so a test can render the same templates with loopback addresses
  # (internal/monconfig TemplateVars lists the names; its test checks this file uses them).
  endpoints = {
    loki_endpoint            = "http://loki:3100/otlp"
    tempo_otlp_endpoint      = "tempo:4317"
    prometheus_otlp_endpoint = "http://prometheus:9090/api/v1/otlp"
    prometheus_url           = "http://prometheus:9090"
    loki_url                 = "http://loki:3100"
    tempo_url                = "http://tempo:3200"
  }

  # OTLP ports: the port mappings of the daemon and gateway collectors and their receivers'
  # listen addresses come from here. Since collector 0.104 receivers bind to localhost unless
  # told otherwise, so in a container they must listen on 0.0.0.0; the live test renders the
  # same templates with loopback addresses (internal/livetest).
  otlp_ports = { grpc = 4317, http = 4318 }
  otlp_listen = {
    otlp_grpc_listen = "0.0.0.0:${local.otlp_ports.grpc}"
    otlp_http_listen = "0.0.0.0:${local.otlp_ports.http}"
  }

  # The daemon collectors find the gateway through Cloud Map (loadbalancing exporter,
  # aws_cloud_map resolver; cloudmap.tf). Rendered into the template as one YAML flow map.
  gateway_resolver = jsonencode({
    aws_cloud_map = {
      namespace    = aws_service_discovery_http_namespace.monitoring.name
      service_name = aws_service_discovery_service.gateway.name
      # ECS marks instances it registers healthy itself; fall back to all if none is.
      health_status = "HEALTHY_OR_ELSE_ALL"
      interval      = "15s"
      timeout       = "5s"
    }
  })

  # Rendered configuration. The templates use only plain ${name} interpolation so that
  # internal/monconfig can render them identically and check them with the components' own
  # parsers (docs/decisions/0004-monitoring-single-task.md, "Config checks").
  config = {
    prometheus = templatefile("${path.module}/config/prometheus.yml.tftpl", {
      name_prefix        = local.name_prefix
      prometheus_version = local.versions.prometheus
      ecs_sd_file        = local.ecs_sd_file
    })
    ecs_observer = templatefile("${path.module}/config/ecs-observer.yaml.tftpl", {
      collector_version = local.versions.collector
      cluster_name      = local.platform.cluster_name
      region            = var.region
      ecs_sd_file       = local.ecs_sd_file
    })
    collector = templatefile("${path.module}/config/collector.yaml.tftpl", {
      collector_version = local.versions.collector
      name_prefix       = local.name_prefix
      gateway_resolver  = local.gateway_resolver
      otlp_grpc_listen  = local.otlp_listen.otlp_grpc_listen
      otlp_http_listen  = local.otlp_listen.otlp_http_listen
    })
    gateway = templatefile("${path.module}/config/gateway.yaml.tftpl", {
      collector_version        = local.versions.collector
      name_prefix              = local.name_prefix
      loki_endpoint            = local.endpoints.loki_endpoint
      tempo_otlp_endpoint      = local.endpoints.tempo_otlp_endpoint
      prometheus_otlp_endpoint = local.endpoints.prometheus_otlp_endpoint
      otlp_grpc_listen         = local.otlp_listen.otlp_grpc_listen
    })
    loki = templatefile("${path.module}/config/loki.yaml.tftpl", {
      loki_version    = local.versions.loki
      region          = var.region
      bucket          = aws_s3_bucket.telemetry["loki"].bucket
      retention_hours = local.retention_hours.loki
    })
    tempo = templatefile("${path.module}/config/tempo.yaml.tftpl", {
      tempo_version   = local.versions.tempo
      region          = var.region
      bucket          = aws_s3_bucket.telemetry["tempo"].bucket
      retention_hours = local.retention_hours.tempo
    })
  }

  # Memory per container, MiB: reservation (what the scheduler places by: no task-level
  # memory, so the sum of these) and hard limit (the kernel kills the container above it).
  # cmd/membudget adds them up from the planned task definitions; the monitoring layer must
  # place in at most 1,450 MiB on a t3.medium (docs/decisions/0004-monitoring-single-task.md).
  memory = {
    config_init  = { reservation = 16, limit = 32 }
    prometheus   = { reservation = 384, limit = 768 }
    ecs_observer = { reservation = 48, limit = 128 }
    loki         = { reservation = 256, limit = 512 }
    tempo        = { reservation = 224, limit = 512 }
    grafana      = { reservation = 192, limit = 384 }
    gateway      = { reservation = 128, limit = 256 }
    collector    = { reservation = 96, limit = 192 }
  }

  # The monitoring task keeps state on EFS with exactly one writer: the old task stops
  # before the new one starts.
  single_writer = {
    deployment_minimum_healthy_percent = 0
    deployment_maximum_percent         = 100
  }
}
