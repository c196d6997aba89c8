################################################################################
# Layer 2b: the monitoring stack on the shared cluster (docs/monitoring.md).
# Files by concern: dependencies.tf (Layer 1), storage.tf (EFS access points, S3 buckets),
# prometheus.tf, loki.tf, tempo.tf, grafana.tf, collector.tf. This file holds the names,
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
  # (go.mod): its test fails when they differ. Bump both sides together.
  images = {
    prometheus = "quay.io/prometheus/prometheus:v3.16.0"
    collector  = "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.165.0"
    loki       = "docker.io/grafana/loki:3.6.0"
    tempo      = "docker.io/grafana/tempo:3.0.0"
    grafana    = "docker.io/grafana/grafana:12.3.0"
  }
  versions = { for k, v in local.images : k => element(split(":", v), length(split(":", v)) - 1) }

  # Where the ecs_observer sidecar writes Prometheus file_sd targets (a task volume shared by
  # the two containers of the Prometheus task).
  ecs_sd_dir  = "/ecs-sd"
  ecs_sd_file = "${local.ecs_sd_dir}/targets.yaml"

  retention_hours = {
    loki  = var.monitoring_retention_days.loki * 24
    tempo = var.monitoring_retention_days.tempo * 24
  }

  # Rendered configuration. The templates use only plain ${name} interpolation so that
  # internal/monconfig can render them identically and check them with the components' own
  # parsers (docs/decisions/0002-monitoring-discovery.md, "Config checks").
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
      name_prefix     = local.name_prefix
    })
  }

  # Memory per container, MiB: reservation (what the scheduler places by) and hard limit.
  # cmd/membudget adds them up from the planned task definitions against a t3.medium.
  memory = {
    prometheus   = { reservation = 384, limit = 768 }
    ecs_observer = { reservation = 48, limit = 128 }
    loki         = { reservation = 256, limit = 512 }
    tempo        = { reservation = 256, limit = 512 }
    grafana      = { reservation = 192, limit = 384 }
    collector    = { reservation = 128, limit = 256 }
  }

  # Every service here that keeps state on EFS has exactly one writer: the old task stops
  # before the new one starts (DESIGN-NOTES D6).
  single_writer = {
    deployment_minimum_healthy_percent = 0
    deployment_maximum_percent         = 100
  }
}
