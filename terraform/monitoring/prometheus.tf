################################################################################
# Prometheus: https://prometheus.<domain> behind the ALB's Cognito login gate (Prometheus has
# no auth of its own, docs/sso.md); its write endpoints are refused at the ALB (alb.tf).
# TSDB on an EFS access point with one writer. The ecs-observer sidecar (same pinned
# collector-contrib image as the collectors) discovers every task's real host port and writes
# file_sd targets into a task volume the two containers share
# (docs/decisions/0004-monitoring-single-task.md).
################################################################################

locals {
  prometheus_user = "${local.efs_users.prometheus.uid}:${local.efs_users.prometheus.gid}"

  prometheus_container = merge(local.hardened, {
    name              = "prometheus"
    image             = local.image_refs.prometheus
    essential         = true
    cpu               = 256
    memory            = local.memory.prometheus.limit
    memoryReservation = local.memory.prometheus.reservation
    user              = local.prometheus_user
    command = [
      "--config.file=${local.config_dir}/prometheus/prometheus.yml",
      "--storage.tsdb.path=/prometheus",
      "--storage.tsdb.retention.time=${var.monitoring_retention_days.prometheus}d",
      "--web.external-url=https://prometheus.${var.domain}",
      # The gateway collector pushes apps' OTLP metrics, span metrics and the service graph.
      # No remote-write receiver: nothing remote-writes any more (Tempo's metrics generator
      # is off), and the ALB refuses /api/v1/write and /api/v1/otlp/* from outside (alb.tf).
      "--web.enable-otlp-receiver",
      # Exemplars: the link from a latency bucket to the trace that produced it.
      "--enable-feature=exemplar-storage",
    ]
    portMappings = [{ name = "prometheus-http", containerPort = 9090, hostPort = 0, protocol = "tcp" }]
    mountPoints = [
      local.config_mount,
      { sourceVolume = "efs-prometheus", containerPath = "/prometheus", readOnly = false },
      { sourceVolume = "ecs-sd", containerPath = local.ecs_sd_dir, readOnly = true },
    ]
    volumesFrom      = []
    environment      = []
    dockerLabels     = {}
    dependsOn        = local.after_config_init
    logConfiguration = { logDriver = "awslogs", options = merge(local.log_options, { awslogs-stream-prefix = "prometheus" }) }
  })

  # Not essential: if it stops (an IAM error it treats as fatal, an OOM kill), Prometheus keeps
  # running and scraping the last targets file; ECS marks the container STOPPED and its logs
  # say why. Sized from the component: the contrib binary running one extension and a nop
  # pipeline; GOMEMLIMIT keeps the Go heap under the hard limit instead of an OOM kill.
  ecs_observer_container = merge(local.hardened, {
    name              = "ecs-observer"
    image             = local.image_refs.collector
    essential         = false
    cpu               = 0
    memory            = local.memory.ecs_observer.limit
    memoryReservation = local.memory.ecs_observer.reservation
    # Same uid as Prometheus: ecs_observer v0.165.0 writes the result file with mode 0600
    # (extension/observer/ecsobserver/sd.go: os.WriteFile(s.cfg.ResultFile, b, 0o600)), so only
    # its owner can read it (monitoring.tf precondition).
    user    = local.prometheus_user
    command = ["--config=${local.config_dir}/prometheus/ecs-observer.yaml"]
    environment = [
      { name = "AWS_REGION", value = var.region },
      { name = "GOMEMLIMIT", value = "${floor(local.memory.ecs_observer.limit * 0.8)}MiB" },
    ]
    portMappings = []
    mountPoints = [
      local.config_mount,
      { sourceVolume = "ecs-sd", containerPath = local.ecs_sd_dir, readOnly = false },
    ]
    volumesFrom      = []
    dockerLabels     = {}
    dependsOn        = local.after_config_init
    logConfiguration = { logDriver = "awslogs", options = merge(local.log_options, { awslogs-stream-prefix = "ecs-observer" }) }
  })
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
