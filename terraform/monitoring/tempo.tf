################################################################################
# Tempo: traces. Not on the ALB: reached only inside the monitoring task, the query API as
# http://tempo:3200 (Grafana) and OTLP gRPC as tempo:4317 (the gateway). Blocks in S3; WAL on
# an EFS access point with one writer. Its metrics generator is off: span metrics and the
# service graph come from the gateway collector, so Tempo never calls Prometheus
# (docs/decisions/0004-monitoring-single-task.md). Scraped through docker-label discovery.
################################################################################

locals {
  tempo_container = merge(local.hardened, {
    name              = "tempo"
    image             = local.image_refs.tempo
    essential         = true
    cpu               = 256
    memory            = local.memory.tempo.limit
    memoryReservation = local.memory.tempo.reservation
    user              = "${local.efs_users.tempo.uid}:${local.efs_users.tempo.gid}"
    command           = ["-config.file=${local.config_dir}/tempo/tempo.yaml", "-target=all"]
    # 3200 on a dynamic host port for the scrape only; 4317 stays inside the task (links).
    portMappings = [{ name = "tempo-http", containerPort = 3200, hostPort = 0, protocol = "tcp" }]
    mountPoints = [
      local.config_mount,
      { sourceVolume = "efs-tempo", containerPath = "/var/tempo", readOnly = false },
    ]
    volumesFrom = []
    environment = []
    dockerLabels = {
      PROMETHEUS_EXPORTER_PORT     = "3200"
      PROMETHEUS_EXPORTER_PATH     = "/metrics"
      PROMETHEUS_EXPORTER_JOB_NAME = "tempo"
    }
    dependsOn        = local.after_config_init
    logConfiguration = { logDriver = "awslogs", options = merge(local.log_options, { awslogs-stream-prefix = "tempo" }) }
  })
}
