################################################################################
# The monitoring stack as ONE task of ONE replica ECS service, bridge mode
# (docs/decisions/0004-monitoring-single-task.md). The containers, one file each:
# prometheus.tf (prometheus + the ecs-observer sidecar), loki.tf, tempo.tf, grafana.tf and
# gateway.tf (the collector that receives from every host's collector daemon). They reach one
# another by container name through Docker links, which ECS supports in bridge mode only:
# "links: allows containers to communicate with each other without the need for port
# mappings. This parameter is only supported if the network mode of a task definition is
# bridge" (ECS task definition parameters). No Service Connect, no proxy container, and no
# task-level memory: the task places by the sum of its containers' memoryReservation.
################################################################################

locals {
  monitoring_name   = "monitoring"
  monitoring_family = "${local.name_prefix}-${local.monitoring_name}"

  # One config volume for every container, read-only at /etc/monitoring.
  config_dir = "/etc/monitoring"
  # Grafana's SQLite database lives in a task volume, not on EFS (grafana.tf).
  grafana_data_dir = "/var/lib/grafana"

  config_files = merge(
    {
      "prometheus/prometheus.yml"                         = local.config.prometheus
      "prometheus/ecs-observer.yaml"                      = local.config.ecs_observer
      "loki/loki.yaml"                                    = local.config.loki
      "tempo/tempo.yaml"                                  = local.config.tempo
      "grafana/provisioning/datasources/datasources.yaml" = file("${path.module}/config/grafana/provisioning/datasources/datasources.yaml")
      "grafana/provisioning/dashboards/dashboards.yaml"   = file("${path.module}/config/grafana/provisioning/dashboards/dashboards.yaml")
    },
    local.grafana_dashboards,
  )
  config_file_names = sort(keys(local.config_files))
  config_file_dirs = sort(distinct([
    for f in local.config_file_names : join("/", slice(split("/", f), 0, length(split("/", f)) - 1))
  ]))

  # Hardening every long-running container takes: no Linux capabilities, read-only root, an
  # init process, a small writable /tmp.
  hardened = {
    privileged             = false
    readonlyRootFilesystem = true
    linuxParameters = {
      initProcessEnabled = true
      capabilities       = { add = [], drop = ["ALL"] }
      tmpfs = [{
        containerPath = "/tmp"
        size          = 64
        mountOptions  = ["rw", "nosuid", "nodev", "mode=1777"]
      }]
    }
  }

  log_options = {
    awslogs-group   = aws_cloudwatch_log_group.monitoring.name
    awslogs-region  = var.region
    mode            = "non-blocking"
    max-buffer-size = "4m"
  }

  config_mount = { sourceVolume = "config", containerPath = local.config_dir, readOnly = true }

  after_config_init = [{ containerName = "config-init", condition = "SUCCESS" }]

  # Writes the config files into the config volume and opens the two scratch volumes to the
  # uids that use them (ecs-observer/prometheus 65534, grafana 472), then exits. Root inside
  # the container only to write the root-owned task volumes; no capabilities.
  config_init_container = {
    name       = "config-init"
    image      = "public.ecr.aws/docker/library/busybox:1.37.0"
    essential  = false
    cpu        = 0
    memory     = local.memory.config_init.limit
    entryPoint = ["/bin/sh", "-c"]
    command = [join("\n", concat(
      ["set -eu", "umask 022"],
      [for d in local.config_file_dirs : "mkdir -p '${local.config_dir}/${d}'"],
      [for i, f in local.config_file_names : "printf '%s' \"$CONFIG_FILE_${i}\" | base64 -d > '${local.config_dir}/${f}'"],
      ["chmod 1777 '${local.ecs_sd_dir}' '${local.grafana_data_dir}'"],
    ))]
    environment = [for i, f in local.config_file_names : { name = "CONFIG_FILE_${i}", value = base64encode(local.config_files[f]) }]
    mountPoints = [
      { sourceVolume = "config", containerPath = local.config_dir, readOnly = false },
      { sourceVolume = "ecs-sd", containerPath = local.ecs_sd_dir, readOnly = false },
      { sourceVolume = "grafana-data", containerPath = local.grafana_data_dir, readOnly = false },
    ]
    memoryReservation      = local.memory.config_init.reservation
    volumesFrom            = []
    portMappings           = []
    user                   = "0:0"
    privileged             = false
    readonlyRootFilesystem = true
    linuxParameters        = { initProcessEnabled = false, capabilities = { add = [], drop = ["ALL"] } }
    logConfiguration       = { logDriver = "awslogs", options = merge(local.log_options, { awslogs-stream-prefix = "config-init" }) }
  }

  # uids of the long-running containers mounting each scratch task volume (monitoring.tf
  # precondition: at most one per volume).
  shared_volume_uids = {
    for v in ["ecs-sd", "grafana-data"] : v => distinct([
      for c in local.monitoring_containers : split(":", c.user)[0]
      if c.name != "config-init" && anytrue([for m in c.mountPoints : m.sourceVolume == v])
    ])
  }

  monitoring_containers = [
    local.config_init_container,
    local.prometheus_container,
    local.ecs_observer_container,
    local.loki_container,
    local.tempo_container,
    local.gateway_container,
    local.grafana_container,
  ]
}

#trivy:ignore:AWS-0017 CloudWatch's own encryption; a customer-managed key adds cost, not protection here.
resource "aws_cloudwatch_log_group" "monitoring" {
  name              = "/ecs/${local.monitoring_family}"
  retention_in_days = var.monitoring_retention_days.container_logs

  tags = {
    Name = local.monitoring_family
  }
}

resource "aws_ecs_task_definition" "monitoring" {
  family                   = local.monitoring_family
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  execution_role_arn       = aws_iam_role.monitoring_execution.arn
  task_role_arn            = aws_iam_role.monitoring_task.arn
  container_definitions    = jsonencode(local.monitoring_containers)

  # No task-level memory: ECS places the task by the sum of the containers' memoryReservation
  # (docs/decisions/0004-monitoring-single-task.md, "Memory").

  volume {
    name = "config"
    docker_volume_configuration {
      scope  = "task"
      driver = "local"
    }
  }

  volume {
    name = "ecs-sd"
    docker_volume_configuration {
      scope  = "task"
      driver = "local"
    }
  }

  volume {
    name = "grafana-data"
    docker_volume_configuration {
      scope  = "task"
      driver = "local"
    }
  }

  dynamic "volume" {
    for_each = local.efs_users
    content {
      name = "efs-${volume.key}"
      efs_volume_configuration {
        file_system_id     = local.platform.efs_id
        transit_encryption = "ENABLED"
        authorization_config {
          access_point_id = aws_efs_access_point.this[volume.key].id
          iam             = "ENABLED"
        }
      }
    }
  }

  skip_destroy = false
  track_latest = false

  lifecycle {
    # ECS rejects a task definition above 64 KiB; every config file travels in it.
    precondition {
      condition     = length(jsonencode(local.monitoring_containers)) < 60000
      error_message = "The monitoring task definition is close to ECS's 64 KiB limit: shrink the config files or dashboards in terraform/monitoring/config."
    }
    # Every task volume shared between long-running containers is used by one uid only: a
    # writer may create its files 0600 (the ecs-observer does: ecs_observer v0.165.0,
    # extension/observer/ecsobserver/sd.go: os.WriteFile(s.cfg.ResultFile, b, 0o600)), and then
    # only the same uid can read them. (config-init writes the config volume 0644 as root and
    # exits; it is not counted.)
    precondition {
      condition     = alltrue([for v, uids in local.shared_volume_uids : length(uids) <= 1])
      error_message = "Containers of different uids share a task volume (${jsonencode(local.shared_volume_uids)}): a file one writes with mode 0600 is unreadable to the other (the ecs-observer writes its targets file 0600, so Prometheus would scrape nothing). Run them as the same uid."
    }
  }
}

resource "aws_ecs_service" "monitoring" {
  name            = local.monitoring_name
  cluster         = local.platform.cluster_arn
  task_definition = aws_ecs_task_definition.monitoring.arn
  desired_count   = 1

  deployment_controller {
    type = "ECS"
  }

  # One writer of each EFS directory: the old task stops before the new one starts.
  deployment_minimum_healthy_percent = local.single_writer.deployment_minimum_healthy_percent
  deployment_maximum_percent         = local.single_writer.deployment_maximum_percent

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  capacity_provider_strategy {
    capacity_provider = local.platform.capacity_provider_name
    weight            = 1
    base              = 0
  }

  # Grafana's first start runs its database migrations before it answers /api/health; the ALB
  # health checks only count after this (grafana.tf, "First start").
  health_check_grace_period_seconds = local.grafana_first_start_seconds

  load_balancer {
    target_group_arn = aws_lb_target_group.this["grafana"].arn
    container_name   = "grafana"
    container_port   = 3000
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this["prometheus"].arn
    container_name   = "prometheus"
    container_port   = 9090
  }

  # The gateway collector's OTLP gRPC port in Cloud Map: ECS registers the host's IP and the
  # dynamic host port (AWS_INSTANCE_IPV4 / AWS_INSTANCE_PORT) for every task it starts.
  service_registries {
    registry_arn   = aws_service_discovery_service.gateway.arn
    container_name = "gateway"
    container_port = local.otlp_ports.grpc
  }

  enable_ecs_managed_tags = true
  propagate_tags          = "SERVICE"
  wait_for_steady_state   = false

  depends_on = [
    aws_lb_listener_rule.forward,
    aws_iam_role_policy.monitoring_execution,
    aws_iam_role_policy.monitoring_task,
  ]
}

################################################################################
# IAM: one execution role and one task role for the task (ECS gives a task one of each).
################################################################################

resource "aws_iam_role" "monitoring_execution" {
  name               = "${local.monitoring_family}-execution"
  description        = "ECS starts the monitoring task: write its logs, read Grafana's OAuth client secret."
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy" "monitoring_execution" {
  name = "start-task"
  role = aws_iam_role.monitoring_execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid      = "WriteOwnLogGroup"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.monitoring.arn}:log-stream:*"
      },
      {
        Sid      = "ReadGrafanaClientSecret"
        Effect   = "Allow"
        Action   = ["ssm:GetParameters"]
        Resource = aws_ssm_parameter.grafana_client_secret.arn
      },
    ], local.docker_hub_cache ? local.pull_through_statements : [])
  })
}

locals {
  # Pulling through the cache (registry.tf): ECR creates the repository and imports the tag on
  # the first pull, as the principal that pulls (Amazon ECR User Guide, "IAM permissions
  # required to sync an upstream registry").
  pull_through_statements = [
    {
      # GetAuthorizationToken has no resource-level permissions.
      Sid      = "EcrAuth"
      Effect   = "Allow"
      Action   = ["ecr:GetAuthorizationToken"]
      Resource = "*"
    },
    {
      Sid      = "PullThroughDockerHubCache"
      Effect   = "Allow"
      Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]
      Resource = "arn:${local.partition}:ecr:${var.region}:${local.account_id}:repository/${local.docker_hub_cache_prefix}/*"
    },
  ]
}

resource "aws_iam_role" "monitoring_task" {
  name               = "${local.monitoring_family}-task"
  description        = "What the monitoring containers call: EFS, ECS discovery, CloudWatch metrics, the telemetry buckets."
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

locals {
  efs_access_point_arns = [for k, ap in aws_efs_access_point.this : ap.arn]
}

resource "aws_iam_role_policy" "monitoring_task" {
  name = "efs-access-points"
  role = aws_iam_role.monitoring_task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "MountAndWriteOwnAccessPoints"
      Effect    = "Allow"
      Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
      Resource  = local.platform.efs_arn
      Condition = { StringEquals = { "elasticfilesystem:AccessPointArn" = local.efs_access_point_arns } }
    }]
  })
}

resource "aws_iam_role_policy" "ecs_discovery" {
  name   = "ecs-discovery"
  role   = aws_iam_role.monitoring_task.id
  policy = data.aws_iam_policy_document.ecs_discovery.json
}

resource "aws_iam_role_policy" "grafana_cloudwatch" {
  name   = "grafana-cloudwatch"
  role   = aws_iam_role.monitoring_task.id
  policy = data.aws_iam_policy_document.grafana_cloudwatch.json
}
