################################################################################
# OpenTelemetry Collector (contrib): an ECS DAEMON service, one task per host, with fixed host
# ports 4317 (gRPC) and 4318 (HTTP). Apps on the same host reach it at the docker bridge
# gateway http://172.17.0.1:4318 (docs/contract.md "Telemetry"). Its own resources rather than
# terraform/modules/ecs-service: the module runs REPLICA services with dynamic host ports
# behind a capacity provider, and a daemon needs the DAEMON scheduler, fixed host ports and
# the EC2 launch type (ECS refuses a capacity provider strategy on a DAEMON service).
# The fixed ports are below the ephemeral range the host security group opens to the ALB,
# so nothing outside the host reaches them. It delivers everything to the gateway collector in
# the monitoring task, found through Cloud Map (cloudmap.tf) with the loadbalancing exporter:
# no Service Connect, no proxy. Until the gateway exists (first apply) or while it is
# replaced, the exporter's resolver finds no instance, logs a warning and retries every 15 s;
# the sending queue holds data meanwhile (config/collector.yaml.tftpl).
################################################################################

locals {
  collector_name   = "otel-collector"
  collector_family = "${local.name_prefix}-${local.collector_name}"

  collector_container = {
    name      = local.collector_name
    image     = local.image_refs.collector
    essential = true
    cpu       = 0
    # --config=env: reads the configuration from the environment (no custom image: docs/decisions/0020-no-custom-monitoring-images.md).
    command           = ["--config=env:OTELCOL_CONFIG"]
    memory            = local.memory.collector.limit
    memoryReservation = local.memory.collector.reservation
    environment = [
      { name = "OTELCOL_CONFIG", value = local.config.collector },
      # The aws_cloud_map resolver's AWS SDK reads the region from here (IMDS is closed to
      # containers; without it the resolver falls back to us-east-1).
      { name = "AWS_REGION", value = var.region },
      { name = "GOMEMLIMIT", value = "${floor(local.memory.collector.limit * 0.8)}MiB" },
    ]
    portMappings = [
      { name = "otlp-grpc", containerPort = local.otlp_ports.grpc, hostPort = local.otlp_ports.grpc, protocol = "tcp", appProtocol = "grpc" },
      { name = "otlp-http", containerPort = local.otlp_ports.http, hostPort = local.otlp_ports.http, protocol = "tcp", appProtocol = "http" },
      # Its own metrics, on a dynamic host port, scraped through docker-label discovery.
      { name = "metrics", containerPort = 8888, hostPort = 0, protocol = "tcp" },
    ]
    mountPoints = []
    volumesFrom = []
    dockerLabels = {
      PROMETHEUS_EXPORTER_PORT     = "8888"
      PROMETHEUS_EXPORTER_PATH     = "/metrics"
      PROMETHEUS_EXPORTER_JOB_NAME = "otel-collector"
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.collector.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "ecs"
        mode                  = "non-blocking"
        max-buffer-size       = "4m"
      }
    }
    user                   = "10001:10001"
    privileged             = false
    readonlyRootFilesystem = true
    linuxParameters = {
      initProcessEnabled = true
      capabilities       = { add = [], drop = ["ALL"] }
    }
  }
}

resource "aws_cloudwatch_log_group" "collector" {
  name              = "/ecs/${local.collector_family}"
  retention_in_days = var.monitoring_retention_days.container_logs

  tags = {
    Name = local.collector_family
  }
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

# The collector's execution role only writes its own log group (public image, no secrets).
resource "aws_iam_role" "collector_execution" {
  name               = "${local.collector_family}-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "collector_execution" {
  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.collector.arn}:*"]
  }
}

resource "aws_iam_role_policy" "collector_execution" {
  name   = "logs"
  role   = aws_iam_role.collector_execution.id
  policy = data.aws_iam_policy_document.collector_execution.json
}

# The task role: the loadbalancing exporter's aws_cloud_map resolver calls
# servicediscovery:DiscoverInstances (resolver_aws_cloudmap.go), limited to this layer's
# namespace with the servicediscovery:NamespaceName condition (the action has no resource-level
# permissions: Service Authorization Reference, AWS Cloud Map).
resource "aws_iam_role" "collector_task" {
  name               = "${local.collector_family}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy" "collector_task" {
  name = "discover-gateway"
  role = aws_iam_role.collector_task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DiscoverGateway"
      Effect    = "Allow"
      Action    = "servicediscovery:DiscoverInstances"
      Resource  = "*"
      Condition = { StringEquals = { "servicediscovery:NamespaceName" = aws_service_discovery_http_namespace.monitoring.name } }
    }]
  })
}

resource "aws_ecs_task_definition" "collector" {
  family                   = local.collector_family
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  execution_role_arn       = aws_iam_role.collector_execution.arn
  task_role_arn            = aws_iam_role.collector_task.arn
  container_definitions    = jsonencode([local.collector_container])

  skip_destroy = false
  track_latest = false
}

resource "aws_ecs_service" "collector" {
  name                = local.collector_name
  cluster             = local.platform.cluster_arn
  task_definition     = aws_ecs_task_definition.collector.arn
  scheduling_strategy = "DAEMON"
  launch_type         = "EC2"

  # A daemon replaces its task on each host in place: stop the old one, then start the new
  # one (the fixed host ports cannot be held by two tasks at once).
  deployment_minimum_healthy_percent = 0
  deployment_maximum_percent         = 100

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  enable_ecs_managed_tags = true
  propagate_tags          = "SERVICE"
  wait_for_steady_state   = false

  # Created after the monitoring service, so the gateway is registered (or about to be) when
  # the first daemon starts. The daemon does not need it to be: it retries (see above).
  depends_on = [
    aws_iam_role_policy.collector_execution,
    aws_iam_role_policy.collector_task,
    aws_ecs_service.monitoring,
  ]
}
