################################################################################
# Loki: logs. Not on the ALB: reached only inside the monitoring task as http://loki:3100
# (Docker links from the gateway and Grafana). Chunks and index in S3; WAL and compactor
# state on an EFS access point with one writer. Prometheus scrapes it through the same
# docker-label discovery as apps (dockerLabels below, docs/contract.md).
################################################################################

locals {
  loki_container = merge(local.hardened, {
    name              = "loki"
    image             = local.image_refs.loki
    essential         = true
    cpu               = 256
    memory            = local.memory.loki.limit
    memoryReservation = local.memory.loki.reservation
    user              = "${local.efs_users.loki.uid}:${local.efs_users.loki.gid}"
    command           = ["-config.file=${local.config_dir}/loki/loki.yaml", "-target=all"]
    # Published on a dynamic host port only so that Prometheus can scrape it (host IP +
    # mapped port, like every app); the host security group admits only the ALB and the host.
    portMappings = [{ name = "loki-http", containerPort = 3100, hostPort = 0, protocol = "tcp" }]
    mountPoints = [
      local.config_mount,
      { sourceVolume = "efs-loki", containerPath = "/loki", readOnly = false },
    ]
    volumesFrom = []
    environment = []
    dockerLabels = {
      PROMETHEUS_EXPORTER_PORT     = "3100"
      PROMETHEUS_EXPORTER_PATH     = "/metrics"
      PROMETHEUS_EXPORTER_JOB_NAME = "loki"
    }
    dependsOn        = local.after_config_init
    logConfiguration = { logDriver = "awslogs", options = merge(local.log_options, { awslogs-stream-prefix = "loki" }) }
  })
}
