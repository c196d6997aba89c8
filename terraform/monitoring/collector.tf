################################################################################
# OpenTelemetry Collector (contrib): an ECS DAEMON service, one task per host, with fixed host
# ports 4317 (gRPC) and 4318 (HTTP). Apps on the same host reach it at the docker bridge
# gateway http://172.17.0.1:4318 (docs/contract.md "Telemetry"). Its own resources rather than
# terraform/modules/ecs-service: the module runs REPLICA services with dynamic host ports
# behind a capacity provider, and a daemon needs the DAEMON scheduler, fixed host ports and
# the EC2 launch type (ECS refuses a capacity provider strategy on a DAEMON service).
# The fixed ports are below the ephemeral range the host security group opens to the ALB,
# so nothing outside the host reaches them.
################################################################################

locals {
  collector_name   = "otel-collector"
  collector_family = "${local.name_prefix}-${local.collector_name}"

  collector_container = {
    name      = local.collector_name
    image     = local.images.collector
    essential = true
    cpu       = 0
    # --config=env: reads the configuration from the environment (DESIGN-NOTES D11).
    command           = ["--config=env:OTELCOL_CONFIG"]
    memory            = local.memory.collector.limit
    memoryReservation = local.memory.collector.reservation
    environment = [
      { name = "OTELCOL_CONFIG", value = local.config.collector },
    ]
    portMappings = [
      { name = "otlp-grpc", containerPort = 4317, hostPort = 4317, protocol = "tcp", appProtocol = "grpc" },
      { name = "otlp-http", containerPort = 4318, hostPort = 4318, protocol = "tcp", appProtocol = "http" },
    ]
    mountPoints  = []
    volumesFrom  = []
    dockerLabels = {}
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

resource "aws_ecs_task_definition" "collector" {
  family                   = local.collector_family
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  execution_role_arn       = aws_iam_role.collector_execution.arn
  container_definitions    = jsonencode([local.collector_container])

  # Service Connect (as a client) adds a proxy container and needs a task-level memory
  # limit: the collector's own plus the 64 MiB AWS suggests for the proxy.
  memory = tostring(local.memory.collector.limit + 64)

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

  # Client only: the collector calls loki, tempo-otlp and prometheus; nobody calls it
  # through the mesh (apps use the bridge gateway).
  service_connect_configuration {
    enabled   = true
    namespace = local.platform.service_connect_namespace_arn

    log_configuration {
      log_driver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.collector.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "service-connect"
      }
    }
  }

  enable_ecs_managed_tags = true
  propagate_tags          = "SERVICE"
  wait_for_steady_state   = false

  depends_on = [aws_iam_role_policy.collector_execution]
}
