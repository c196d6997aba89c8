################################################################################
# Prometheus: https://prometheus.<domain> behind the ALB's Cognito login gate (Prometheus has
# no auth of its own, DESIGN-NOTES D7). TSDB on an EFS access point with one writer. An
# ecs_observer sidecar (same pinned collector-contrib image as the daemon) discovers every
# app task's real host port and writes file_sd targets into a volume the two containers
# share (docs/decisions/0002-monitoring-discovery.md).
################################################################################

locals {
  prometheus_config_dir = "/etc/prometheus-config"
}

module "prometheus" {
  source = "../modules/ecs-service"

  platform = local.platform
  name     = "prometheus"
  image    = local.images.prometheus
  user     = "${local.efs_users.prometheus.uid}:${local.efs_users.prometheus.gid}"

  container_port    = 9090
  host              = "prometheus"
  login_gate        = true
  health_check_path = "/-/healthy"

  command = [
    "--config.file=${local.prometheus_config_dir}/prometheus.yml",
    "--storage.tsdb.path=/prometheus",
    "--storage.tsdb.retention.time=${var.monitoring_retention_days.prometheus}d",
    "--web.external-url=https://prometheus.${var.domain}",
    # Tempo's metrics generator remote-writes service graphs and span metrics.
    "--web.enable-remote-write-receiver",
    # The collector pushes apps' OTLP metrics.
    "--web.enable-otlp-receiver",
    # Exemplars: the link from a latency bucket to the trace that produced it.
    "--enable-feature=exemplar-storage",
  ]

  cpu                = 256
  memory             = local.memory.prometheus.limit
  memory_reservation = local.memory.prometheus.reservation
  desired_count      = 1

  deployment_minimum_healthy_percent = local.single_writer.deployment_minimum_healthy_percent
  deployment_maximum_percent         = local.single_writer.deployment_maximum_percent

  efs_volumes = [{
    name            = "tsdb"
    access_point_id = aws_efs_access_point.this["prometheus"].id
    container_path  = "/prometheus"
  }]

  config_files = {
    "prometheus.yml"    = local.config.prometheus
    "ecs-observer.yaml" = local.config.ecs_observer
  }
  config_mount_path  = local.prometheus_config_dir
  shared_volume_path = local.ecs_sd_dir

  sidecars = [{
    name               = "ecs-observer"
    image              = local.images.collector
    command            = ["--config=${local.prometheus_config_dir}/ecs-observer.yaml"]
    memory             = local.memory.ecs_observer.limit
    memory_reservation = local.memory.ecs_observer.reservation
    # Same uid as Prometheus: ecs_observer v0.165.0 writes the result file with mode 0600
    # (extension/observer/ecsobserver/sd.go: os.WriteFile(s.cfg.ResultFile, b, 0o600)), so only
    # its owner can read it. The module rejects a sidecar whose shared files the main user
    # cannot read (ecs-service sidecars validation).
    user             = "${local.efs_users.prometheus.uid}:${local.efs_users.prometheus.gid}"
    shared_file_mode = "0600"
    environment      = { AWS_REGION = var.region }
  }]

  # Reached by Tempo (remote write), the collector (OTLP) and Grafana as http://prometheus:9090.
  service_connect = { discovery_name = "prometheus" }

  task_role_policy_json = data.aws_iam_policy_document.ecs_discovery.json
  otlp_endpoint         = null
  log_retention_days    = var.monitoring_retention_days.container_logs
}

# What ecs_observer calls (its README lists them). The list and describe calls are limited to
# this cluster where the API allows a resource or condition.
data "aws_iam_policy_document" "ecs_discovery" {
  statement {
    sid       = "ListInThisCluster"
    actions   = ["ecs:ListTasks", "ecs:ListServices"]
    resources = ["*"]

    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [local.platform.cluster_arn]
    }
  }

  statement {
    sid     = "DescribeInThisCluster"
    actions = ["ecs:DescribeTasks", "ecs:DescribeContainerInstances", "ecs:DescribeServices"]
    resources = [
      "arn:${local.partition}:ecs:${var.region}:${local.account_id}:task/${local.platform.cluster_name}/*",
      "arn:${local.partition}:ecs:${var.region}:${local.account_id}:container-instance/${local.platform.cluster_name}/*",
      "arn:${local.partition}:ecs:${var.region}:${local.account_id}:service/${local.platform.cluster_name}/*",
    ]
  }

  # ecs:DescribeTaskDefinition and ec2:DescribeInstances support no resource-level
  # permissions (Service Authorization Reference): they are read-only.
  statement {
    sid       = "DescribeWithoutResourceLevelPermissions"
    actions   = ["ecs:DescribeTaskDefinition", "ec2:DescribeInstances"]
    resources = ["*"]
  }
}
