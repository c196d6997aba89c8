################################################################################
# Tempo: traces. Not on the ALB (host = null). Two Service Connect endpoints: the query API
# http://tempo:3200 (Grafana) and OTLP gRPC tempo-otlp:4317 (the collector). Blocks in S3;
# WAL and the metrics generator's WAL on an EFS access point with one writer.
################################################################################

locals {
  tempo_config_dir = "/etc/tempo-config"
}

module "tempo" {
  source = "../modules/ecs-service"

  platform = local.platform
  name     = "tempo"
  image    = local.images.tempo
  user     = "${local.efs_users.tempo.uid}:${local.efs_users.tempo.gid}"

  container_port = 3200
  host           = null

  command = ["-config.file=${local.tempo_config_dir}/tempo.yaml", "-target=all"]

  cpu                = 256
  memory             = local.memory.tempo.limit
  memory_reservation = local.memory.tempo.reservation
  desired_count      = 1

  deployment_minimum_healthy_percent = local.single_writer.deployment_minimum_healthy_percent
  deployment_maximum_percent         = local.single_writer.deployment_maximum_percent

  efs_volumes = [{
    name            = "data"
    access_point_id = aws_efs_access_point.this["tempo"].id
    container_path  = "/var/tempo"
  }]

  config_files      = { "tempo.yaml" = local.config.tempo }
  config_mount_path = local.tempo_config_dir

  service_connect = {
    discovery_name   = "tempo"
    additional_ports = { otlp = { port = 4317, app_protocol = "grpc" } }
  }

  # Bucket access: aws_iam_role_policy.telemetry_access (storage.tf).
  task_role_policy_json = null
  otlp_endpoint         = null
  log_retention_days    = var.monitoring_retention_days.container_logs
}
