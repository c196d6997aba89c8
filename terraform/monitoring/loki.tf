################################################################################
# Loki: logs. Not on the ALB (host = null): reached only inside the cluster through Service
# Connect as http://loki:3100 (the collector writes, Grafana reads). Chunks and index in S3;
# WAL and compactor state on an EFS access point with one writer.
################################################################################

locals {
  loki_config_dir = "/etc/loki-config"
}

module "loki" {
  source = "../modules/ecs-service"

  platform = local.platform
  name     = "loki"
  image    = local.images.loki
  user     = "${local.efs_users.loki.uid}:${local.efs_users.loki.gid}"

  container_port = 3100
  host           = null

  command = ["-config.file=${local.loki_config_dir}/loki.yaml", "-target=all"]

  cpu                = 256
  memory             = local.memory.loki.limit
  memory_reservation = local.memory.loki.reservation
  desired_count      = 1

  deployment_minimum_healthy_percent = local.single_writer.deployment_minimum_healthy_percent
  deployment_maximum_percent         = local.single_writer.deployment_maximum_percent

  efs_volumes = [{
    name            = "data"
    access_point_id = aws_efs_access_point.this["loki"].id
    container_path  = "/loki"
  }]

  config_files      = { "loki.yaml" = local.config.loki }
  config_mount_path = local.loki_config_dir

  service_connect = { discovery_name = "loki" }

  # Bucket access: aws_iam_role_policy.telemetry_access (storage.tf).
  task_role_policy_json = null
  otlp_endpoint         = null
  log_retention_days    = var.monitoring_retention_days.container_logs
}
