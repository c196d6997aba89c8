################################################################################
# Gateway collector (contrib, same pinned image as the daemons): receives OTLP gRPC from the
# collector daemon on every host and delivers inside the task: logs to Loki, traces to Tempo,
# metrics to Prometheus's OTLP receiver. It computes span metrics and the service graph once,
# with the spanmetrics and servicegraph connectors (config/gateway.yaml.tftpl). Its 4317 is
# published on a dynamic host port and registered in Cloud Map (cloudmap.tf), which is how the
# daemons find it; Docker links give it the names loki, tempo and prometheus.
################################################################################

locals {
  gateway_container = merge(local.hardened, {
    name              = "gateway"
    image             = local.image_refs.collector
    essential         = true
    cpu               = 128
    memory            = local.memory.gateway.limit
    memoryReservation = local.memory.gateway.reservation
    user              = "10001:10001"
    # --config=env: reads the configuration from the environment (no custom image: docs/decisions/0020-no-custom-monitoring-images.md).
    command = ["--config=env:OTELCOL_CONFIG"]
    environment = [
      { name = "OTELCOL_CONFIG", value = local.config.gateway },
      { name = "GOMEMLIMIT", value = "${floor(local.memory.gateway.limit * 0.8)}MiB" },
    ]
    links = ["loki", "tempo", "prometheus"]
    portMappings = [
      { name = "gateway-otlp-grpc", containerPort = local.otlp_ports.grpc, hostPort = 0, protocol = "tcp", appProtocol = "grpc" },
      { name = "gateway-metrics", containerPort = 8888, hostPort = 0, protocol = "tcp" },
    ]
    mountPoints = []
    volumesFrom = []
    dockerLabels = {
      PROMETHEUS_EXPORTER_PORT     = "8888"
      PROMETHEUS_EXPORTER_PATH     = "/metrics"
      PROMETHEUS_EXPORTER_JOB_NAME = "otel-gateway"
    }
    logConfiguration = { logDriver = "awslogs", options = merge(local.log_options, { awslogs-stream-prefix = "gateway" }) }
  })
}
