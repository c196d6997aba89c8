################################################################################
# Task definition: bridge mode, dynamic host port, hardened containers.
################################################################################

locals {
  # Public image for the config init container (no custom
  # images). Pinned; bump deliberately.
  config_init_image          = "public.ecr.aws/docker/library/busybox:1.37.0"
  config_init_container_name = "config-init"
  has_config_files           = length(var.config_files) > 0
  config_file_names          = sort(keys(var.config_files))
  config_file_dirs = sort(distinct([
    for f in local.config_file_names : join("/", slice(split("/", f), 0, length(split("/", f)) - 1)) if strcontains(f, "/")
  ]))
  # The init container also prepares the shared scratch volume (owner-agnostic permissions).
  has_init_container = local.has_config_files || var.shared_volume_path != null

  # The init container decodes CONFIG_FILE_<n> (base64) into <mount>/<file>.
  # File names and the mount path are validated to a shell-safe alphabet.
  config_init_script = join("\n", concat(
    ["set -eu", "umask 022"],
    # Subdirectories of config file names, created before the files are written.
    [for d in local.config_file_dirs : "mkdir -p '${var.config_mount_path}/${d}'"],
    [for i, f in local.config_file_names : "printf '%s' \"$CONFIG_FILE_${i}\" | base64 -d > '${var.config_mount_path}/${f}'"],
    # The shared scratch volume belongs to whichever uid the containers run as.
    var.shared_volume_path == null ? [] : ["chmod 1777 '${var.shared_volume_path}'"],
  ))

  otel_environment = var.otlp_endpoint == null ? {} : {
    OTEL_EXPORTER_OTLP_ENDPOINT = var.otlp_endpoint
    OTEL_EXPORTER_OTLP_PROTOCOL = "http/protobuf"
    OTEL_SERVICE_NAME           = var.name
    OTEL_RESOURCE_ATTRIBUTES    = "deployment.environment=${local.prefix}"
  }
  environment = merge(local.otel_environment, var.environment)

  # Labels the monitoring layer's ecs_observer looks for (docs/contract.md).
  docker_labels = var.metrics == null ? {} : {
    PROMETHEUS_EXPORTER_PORT     = tostring(local.metrics_port)
    PROMETHEUS_EXPORTER_PATH     = var.metrics.path
    PROMETHEUS_EXPORTER_JOB_NAME = var.name
  }

  port_mappings = concat(
    [{
      name          = local.port_name
      containerPort = var.container_port
      hostPort      = 0 # dynamic host port (bridge mode)
      protocol      = "tcp"
      appProtocol   = "http"
    }],
    local.metrics_port == null || local.metrics_port == var.container_port ? [] : [{
      name          = "metrics"
      containerPort = local.metrics_port
      hostPort      = 0
      protocol      = "tcp"
      appProtocol   = "http"
    }],
    [for name, p in(var.service_connect == null ? {} : var.service_connect.additional_ports) : {
      name          = name
      containerPort = p.port
      hostPort      = 0
      protocol      = "tcp"
      appProtocol   = p.app_protocol
    }],
  )

  log_configuration = {
    logDriver = "awslogs"
    options = {
      awslogs-group         = aws_cloudwatch_log_group.this.name
      awslogs-region        = local.region
      awslogs-stream-prefix = "ecs"
      # A slow CloudWatch never blocks the app's writes to stdout.
      mode            = "non-blocking"
      max-buffer-size = "4m"
    }
  }

  # Hardening both containers take. No Linux capabilities at all: with an
  # empty bounding set even a setuid binary gains nothing, which is what
  # no-new-privileges would add. ECS accepts "no-new-privileges" only in
  # dockerSecurityOptions, which on EC2 needs the agent registered with
  # ECS_SELINUX_CAPABLE or ECS_APPARMOR_CAPABLE, so it is not used here
  # (ECS API reference, ContainerDefinition.dockerSecurityOptions).
  linux_parameters = {
    initProcessEnabled = true
    capabilities       = { add = [], drop = ["ALL"] }
    tmpfs = [{
      containerPath = "/tmp"
      size          = 64
      mountOptions  = ["rw", "nosuid", "nodev", "mode=1777"]
    }]
  }

  main_mount_points = concat(
    [for v in var.efs_volumes : {
      sourceVolume  = "efs-${v.name}"
      containerPath = v.container_path
      readOnly      = v.read_only
    }],
    local.has_config_files ? [{
      sourceVolume  = "config"
      containerPath = var.config_mount_path
      readOnly      = true
    }] : [],
    local.shared_mount_points,
  )

  shared_mount_points = var.shared_volume_path == null ? [] : [{
    sourceVolume  = "shared"
    containerPath = var.shared_volume_path
    readOnly      = false
  }]

  # Optional keys are left out rather than sent as null.
  main_container_optional = {
    for k, v in {
      command = var.command
      healthCheck = var.health_check_command == null ? null : {
        command     = var.health_check_command
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 10
      }
      dependsOn = local.has_init_container ? [{
        containerName = local.config_init_container_name
        condition     = "SUCCESS"
      }] : null
    } : k => v if v != null
  }

  main_container = merge({
    name                   = var.name
    image                  = local.image
    essential              = true
    cpu                    = var.cpu
    memory                 = var.memory
    memoryReservation      = var.memory_reservation
    portMappings           = local.port_mappings
    environment            = [for k in sort(keys(local.environment)) : { name = k, value = local.environment[k] }]
    secrets                = [for k in sort(keys(var.secrets)) : { name = k, valueFrom = var.secrets[k] }]
    mountPoints            = local.main_mount_points
    volumesFrom            = []
    dockerLabels           = local.docker_labels
    logConfiguration       = local.log_configuration
    user                   = var.user
    privileged             = false
    readonlyRootFilesystem = var.readonly_root_filesystem
    linuxParameters        = local.linux_parameters
  }, local.main_container_optional)

  # Runs as root inside the container only to write into the root-owned task
  # volume; it has no capabilities, a read-only root filesystem, and exits.
  config_init_container = {
    name        = local.config_init_container_name
    image       = local.config_init_image
    essential   = false
    cpu         = 0
    memory      = 32
    entryPoint  = ["/bin/sh", "-c"]
    command     = [local.config_init_script]
    environment = [for i, f in local.config_file_names : { name = "CONFIG_FILE_${i}", value = base64encode(var.config_files[f]) }]
    mountPoints = concat(local.has_config_files ? [{
      sourceVolume  = "config"
      containerPath = var.config_mount_path
      readOnly      = false
    }] : [], local.shared_mount_points)
    volumesFrom            = []
    portMappings           = []
    logConfiguration       = merge(local.log_configuration, { options = merge(local.log_configuration.options, { awslogs-stream-prefix = "config-init" }) })
    user                   = "0:0"
    privileged             = false
    readonlyRootFilesystem = true
    linuxParameters        = { initProcessEnabled = false, capabilities = { add = [], drop = ["ALL"] } }
  }

  # Sidecars: hardened like the main container, started after the init container, with the
  # config files (read-only) and the shared volume.
  sidecar_containers = [for s in var.sidecars : merge({
    name              = s.name
    image             = s.image
    essential         = true
    cpu               = 0
    memory            = s.memory
    memoryReservation = s.memory_reservation
    environment       = [for k in sort(keys(s.environment)) : { name = k, value = s.environment[k] }]
    mountPoints = concat(local.has_config_files ? [{
      sourceVolume  = "config"
      containerPath = var.config_mount_path
      readOnly      = true
    }] : [], local.shared_mount_points)
    volumesFrom            = []
    portMappings           = []
    logConfiguration       = merge(local.log_configuration, { options = merge(local.log_configuration.options, { awslogs-stream-prefix = s.name }) })
    user                   = coalesce(s.user, var.user)
    privileged             = false
    readonlyRootFilesystem = true
    linuxParameters        = local.linux_parameters
    }, {
    for k, v in {
      command = s.command
      dependsOn = local.has_init_container ? [{
        containerName = local.config_init_container_name
        condition     = "SUCCESS"
      }] : null
    } : k => v if v != null
  })]

  container_definitions = concat(
    local.has_init_container ? [local.config_init_container] : [],
    [local.main_container],
    local.sidecar_containers,
  )
}

resource "aws_ecs_task_definition" "this" {
  family                   = local.family
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode(local.container_definitions)

  # Task-level memory only where Service Connect needs it: the containers'
  # limits plus the proxy ECS adds.
  memory = var.service_connect == null ? null : tostring(var.memory + local.service_connect_proxy_memory + (local.has_init_container ? 32 : 0) + sum(concat([0], [for s in var.sidecars : s.memory])))

  dynamic "volume" {
    for_each = var.shared_volume_path == null ? [] : [1]
    content {
      name = "shared"
      docker_volume_configuration {
        scope  = "task"
        driver = "local"
      }
    }
  }

  dynamic "volume" {
    for_each = local.has_config_files ? [1] : []
    content {
      name = "config"
      docker_volume_configuration {
        scope  = "task"
        driver = "local"
      }
    }
  }

  dynamic "volume" {
    for_each = { for v in var.efs_volumes : v.name => v }
    content {
      name = "efs-${volume.key}"
      efs_volume_configuration {
        file_system_id     = var.platform.efs_id
        transit_encryption = "ENABLED"
        authorization_config {
          access_point_id = volume.value.access_point_id
          iam             = "ENABLED"
        }
      }
    }
  }

  # A new revision per deploy; old revisions stay registered for rollbacks.
  skip_destroy = false
  track_latest = false

  lifecycle {
    precondition {
      condition     = (var.image == null) != (var.image_tag == null)
      error_message = "Set exactly one of image (a full reference) and image_tag (a tag of the service's own ECR repository)."
    }
  }
}
