################################################################################
# Platform (Layer 1 contract)
################################################################################

variable "platform" {
  description = "The Layer 1 contract: pass module.platform.contract from terraform/modules/platform (docs/contract.md). name_prefix is optional; without it the cluster name stands in."
  type = object({
    vpc_id                        = string
    cluster_arn                   = string
    cluster_name                  = string
    alb_arn                       = string
    alb_listener_arn              = string
    private_subnet_ids            = list(string)
    public_subnet_ids             = list(string)
    efs_id                        = string
    efs_arn                       = string
    capacity_provider_name        = string
    alb_dns_name                  = string
    alb_zone_id                   = string
    alb_security_group_id         = string
    instance_security_group_id    = string
    zone_id                       = string
    zone_name                     = string
    certificate_arn               = string
    service_connect_namespace_arn = string
    user_pool_id                  = string
    user_pool_arn                 = string
    user_pool_domain              = string
    sso_base_url                  = string
    allowed_emails_parameter      = string
    name_prefix                   = optional(string)
  })
}

################################################################################
# Service
################################################################################

variable "name" {
  description = "Service name: the ECS service, task family suffix, ECR repository suffix, log group suffix and OTEL_SERVICE_NAME."
  type        = string

  # One rule with `platformctl app new` (internal/scaffold.NamePattern): the
  # name becomes the ECR repository <prefix>/<name>, whose components ECR
  # accepts only as letters or digits joined by single separators
  # (CreateRepository API reference, repositoryName pattern:
  # https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html),
  # so "orders-" and "a--b" failed at apply; "." and "_" stay out for the
  # ECS service, target group and IAM names built from it.
  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name)) && length(var.name) >= 2 && length(var.name) <= 31
    error_message = "The name must be 2 to 31 lowercase letters and digits, starting with a letter, with single hyphens only between letters or digits (ECR's repository name rule), e.g. orders or order-api."
  }
}

variable "image" {
  description = "Full image reference (registry/repository:tag or @digest) for images from elsewhere. Terraform owns the tag: CI deploys by applying with a new value (docs/tenant-apps.md). Set exactly one of image and image_tag."
  type        = string
  default     = null

  validation {
    condition     = var.image == null ? true : (length(trimspace(var.image)) > 0 && !can(regex("\\s", var.image)))
    error_message = "The image must be a non-empty image reference without whitespace, e.g. public.ecr.aws/docker/library/nginx:1.29.3."
  }
}

variable "image_tag" {
  description = "Tag of the service's own ECR repository (this module creates it) to run: the image becomes <ecr_repository_url>:<image_tag>. What an app's CI sets on every deploy. Set exactly one of image and image_tag."
  type        = string
  default     = null

  validation {
    # ECR tag syntax; "latest" would defeat immutable tags and rollbacks.
    condition     = var.image_tag == null ? true : (can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && var.image_tag != "latest")
    error_message = "The image tag must be a Docker tag (letters, digits, _, . and -, at most 128 characters) other than latest, e.g. a git commit SHA."
  }
}

variable "container_port" {
  description = "Port the main container listens on. It is published on a dynamic host port (bridge mode, hostPort 0)."
  type        = number
  default     = 3000

  validation {
    condition     = var.container_port >= 1 && var.container_port <= 65535 && floor(var.container_port) == var.container_port
    error_message = "The container port must be an integer between 1 and 65535."
  }
}

variable "command" {
  description = "Overrides the image's CMD; null keeps the image's own."
  type        = list(string)
  default     = null
}

variable "user" {
  description = "uid:gid the main container runs as. Must not be root; match the image's USER."
  type        = string
  default     = "1000:1000"

  validation {
    condition     = can(regex("^[0-9]+(:[0-9]+)?$", var.user)) && !can(regex("^0(:|$)", var.user))
    error_message = "The user must be a numeric uid or uid:gid other than root (0), e.g. 1000:1000."
  }
}

variable "readonly_root_filesystem" {
  description = "Mount the container's root filesystem read-only. /tmp is always a writable tmpfs."
  type        = bool
  default     = true
}

variable "environment" {
  description = "Plain environment variables for the main container. They override the OTEL_* defaults of the same name. Never put secrets here: use secrets."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Environment variable name -> SSM parameter (ARN or name) or Secrets Manager ARN (optionally with :json-key:: suffix). The execution role may read exactly these."
  type        = map(string)
  default     = {}

  validation {
    condition = alltrue([
      for v in values(var.secrets) :
      can(regex("^arn:aws[a-z-]*:(ssm|secretsmanager):", v)) || can(regex("^/?[A-Za-z0-9_./-]+$", v))
    ])
    error_message = "Each secret must be an SSM parameter name or ARN, or a Secrets Manager ARN."
  }
}

variable "task_role_policy_json" {
  description = "Extra IAM policy document (JSON) attached to the task role, for what the application itself calls (SQS, S3...). null = no extra permissions."
  type        = string
  default     = null
}

################################################################################
# Sizing and deployment
################################################################################

variable "cpu" {
  description = "CPU units reserved for the main container (1024 = one vCPU)."
  type        = number
  default     = 128

  validation {
    condition     = var.cpu >= 0 && var.cpu <= 10240 && floor(var.cpu) == var.cpu
    error_message = "The cpu must be an integer number of CPU units between 0 and 10240."
  }
}

variable "memory" {
  description = "Hard memory limit of the main container, MiB: the container is killed above it."
  type        = number
  default     = 256

  validation {
    condition     = var.memory >= 6 && floor(var.memory) == var.memory
    error_message = "The memory must be an integer of at least 6 MiB (Docker's minimum)."
  }
}

variable "memory_reservation" {
  description = "Soft memory reservation of the main container, MiB: what the scheduler places by. At most memory."
  type        = number
  default     = 128

  validation {
    condition     = var.memory_reservation >= 6 && floor(var.memory_reservation) == var.memory_reservation
    error_message = "The memory reservation must be an integer of at least 6 MiB (Docker's minimum)."
  }
}

variable "desired_count" {
  description = "Number of tasks to run."
  type        = number
  default     = 1

  validation {
    condition     = var.desired_count >= 0 && floor(var.desired_count) == var.desired_count
    error_message = "The desired count must be a non-negative integer."
  }
}

variable "deployment_minimum_healthy_percent" {
  description = "Lower bound of running tasks during a deployment, % of desired_count. Apps 100; single writers (EFS databases) 0."
  type        = number
  default     = 100

  validation {
    condition     = var.deployment_minimum_healthy_percent >= 0 && var.deployment_minimum_healthy_percent <= 100
    error_message = "The deployment minimum healthy percent must be between 0 and 100."
  }
}

variable "deployment_maximum_percent" {
  description = "Upper bound of running tasks during a deployment, % of desired_count. Apps 200; single writers 100 (never two writers at once)."
  type        = number
  default     = 200

  validation {
    condition     = var.deployment_maximum_percent >= 100 && var.deployment_maximum_percent <= 200
    error_message = "The deployment maximum percent must be between 100 and 200."
  }
}

################################################################################
# Load balancer, DNS and login gate
################################################################################

variable "host" {
  description = "DNS label under the platform domain (api -> api.<domain>). null = not exposed on the ALB (no target group, rule or record)."
  type        = string
  default     = null

  validation {
    # One label only: the platform certificate is *.<domain>, which covers one level.
    condition     = var.host == null ? true : can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.host))
    error_message = "The host must be a single DNS label (lowercase letters, digits, inner hyphens, at most 63 characters) such as api: the wildcard certificate covers one level only."
  }
}

variable "listener_rule_priority" {
  description = "HTTPS listener rule priority, 1..50000. null = derived from a hash of the host name (10000..49999; see docs/tenant-apps.md). Set it only to resolve a collision."
  type        = number
  default     = null

  validation {
    condition     = var.listener_rule_priority == null ? true : (var.listener_rule_priority >= 1 && var.listener_rule_priority <= 50000 && floor(var.listener_rule_priority) == var.listener_rule_priority)
    error_message = "The listener rule priority must be an integer between 1 and 50000 (the ALB's limits)."
  }
}

variable "health_check_path" {
  description = "HTTP path the ALB target group health check requests; it must answer 200-399."
  type        = string
  default     = "/healthz"

  validation {
    condition     = can(regex("^/[!-~]*$", var.health_check_path)) && length(var.health_check_path) <= 1024
    error_message = "The health check path must start with / and contain only printable characters (at most 1024)."
  }
}

variable "health_check_command" {
  description = "Container health check (Docker HEALTHCHECK) as ECS wants it, e.g. [\"CMD\", \"/app\", \"-healthcheck\"]. null = none (the ALB health check still applies)."
  type        = list(string)
  default     = null

  validation {
    condition     = var.health_check_command == null ? true : contains(["CMD", "CMD-SHELL", "NONE"], try(var.health_check_command[0], ""))
    error_message = "The health check command must start with CMD, CMD-SHELL or NONE."
  }
}

variable "login_gate" {
  description = "Put the ALB authenticate-cognito action (Google via the platform's Cognito pool) in front of the service. Needs host."
  type        = bool
  default     = false
}

################################################################################
# Telemetry and logs
################################################################################

variable "metrics" {
  description = "Prometheus scrape target: sets the docker labels PROMETHEUS_EXPORTER_PORT/PATH/JOB_NAME that the monitoring layer's ecs_observer discovers. port defaults to container_port. null = not scraped."
  type = object({
    port = optional(number)
    path = optional(string, "/metrics")
  })
  default = null

  validation {
    condition     = var.metrics == null ? true : (try(var.metrics.port, null) == null ? true : (var.metrics.port >= 1 && var.metrics.port <= 65535))
    error_message = "The metrics port must be between 1 and 65535."
  }
}

variable "otlp_endpoint" {
  description = "OTEL_EXPORTER_OTLP_ENDPOINT given to the app: the collector daemon on the task's own host (docs/contract.md, Telemetry). null = no OTEL_* variables."
  type        = string
  default     = "http://172.17.0.1:4318"
}

variable "log_retention_days" {
  description = "Retention of the service's CloudWatch log group, days (one of the values CloudWatch accepts)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "The log retention must be one of the values CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days."
  }
}

################################################################################
# Storage, configuration files and service discovery
################################################################################

variable "efs_volumes" {
  description = "EFS access points to mount into the main container. Transit encryption and IAM authorization are always on; the task role gets ClientMount (and ClientWrite unless read_only) for these access points only."
  type = list(object({
    name            = string
    access_point_id = string
    container_path  = string
    read_only       = optional(bool, false)
  }))
  default = []

  validation {
    condition = alltrue([
      for v in var.efs_volumes :
      can(regex("^[A-Za-z0-9_-]{1,255}$", v.name)) && can(regex("^fsap-[0-9a-f]+$", v.access_point_id)) && startswith(v.container_path, "/")
    ])
    error_message = "Each EFS volume needs a name of letters, digits, _ or -, an access point id (fsap-...) and an absolute container path."
  }
}

variable "config_files" {
  description = "File name (optionally dir/file, created by the init container) -> content. An init container (public busybox, no custom image) writes them into a task volume mounted read-only at config_mount_path before the main container starts. The whole task definition must stay under 64 KiB."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.config_files) : can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9][A-Za-z0-9._-]{0,127}){0,3}$", k))])
    error_message = "Config file names must be file names of letters, digits, '.', '_', '-', optionally under up to three subdirectories (e.g. provisioning/datasources/datasources.yaml); no component may start with '.' or '-'."
  }
}

variable "config_mount_path" {
  description = "Where config_files appear in the main container (read-only)."
  type        = string
  default     = "/etc/app-config"

  validation {
    condition     = can(regex("^/[A-Za-z0-9._/-]+$", var.config_mount_path)) && var.config_mount_path != "/tmp"
    error_message = "The config mount path must be an absolute path of letters, digits, '.', '_', '-' and '/', other than /tmp."
  }
}

variable "service_connect" {
  description = "ECS Service Connect in the platform namespace. discovery_name = the name other services call (http://<discovery_name>:<container_port>); client_only = only call others; additional_ports = more container ports, each published as <discovery_name>-<key>:<port> (e.g. an OTLP gRPC port beside the HTTP API); per_request_timeout_seconds = how long the proxy waits for one request to this service (Service Connect's own default is 15 s, which cuts long queries; 0 = no timeout). null = off."
  type = object({
    discovery_name              = string
    port_name                   = optional(string, "http")
    client_only                 = optional(bool, false)
    per_request_timeout_seconds = optional(number, 120)
    additional_ports = optional(map(object({
      port         = number
      app_protocol = optional(string, "http")
    })), {})
  })
  default = null

  validation {
    condition     = var.service_connect == null ? true : can(regex("^[a-z0-9][a-z0-9_-]{0,63}$", var.service_connect.discovery_name))
    error_message = "The Service Connect discovery name must be 1 to 64 lowercase letters, digits, _ or -, not starting with a hyphen."
  }

  validation {
    condition     = var.service_connect == null ? true : (var.service_connect.per_request_timeout_seconds >= 0 && var.service_connect.per_request_timeout_seconds <= 2147483647 && floor(var.service_connect.per_request_timeout_seconds) == var.service_connect.per_request_timeout_seconds)
    error_message = "The Service Connect per-request timeout must be a whole number of seconds, 0 (none) or more."
  }

  validation {
    condition = var.service_connect == null ? true : alltrue([
      for name, p in var.service_connect.additional_ports :
      can(regex("^[a-z][a-z0-9-]{0,30}$", name)) && p.port >= 1 && p.port <= 65535 && contains(["http", "http2", "grpc"], p.app_protocol)
    ])
    error_message = "Each Service Connect additional port needs a name of lowercase letters, digits and hyphens, a port between 1 and 65535 and an app_protocol of http, http2 or grpc."
  }
}

variable "sidecars" {
  description = "Extra containers in the task (e.g. a discovery helper). Hardened like the main container (no capabilities, read-only root, user defaults to user); they see config_files read-only at config_mount_path and the shared volume, and start after the init container. Their memory counts in the task's. [] = none."
  type = list(object({
    name               = string
    image              = string
    command            = optional(list(string))
    environment        = optional(map(string), {})
    memory             = optional(number, 64)
    memory_reservation = optional(number, 32)
    user               = optional(string)
    # Mode of the files the sidecar writes in the shared volume. Default 0600, the worst case
    # (ecs_observer v0.165.0 sd.go: os.WriteFile(s.cfg.ResultFile, b, 0o600)).
    shared_file_mode = optional(string, "0600")
  }))
  default = []

  validation {
    condition = alltrue([
      for s in var.sidecars :
      can(regex("^[a-z][a-z0-9-]{1,30}$", s.name)) && s.name != "config-init" && s.memory_reservation >= 6 && s.memory_reservation <= s.memory
    ])
    error_message = "Each sidecar needs a name of 2 to 31 lowercase letters, digits and hyphens (not config-init) and a memory reservation between 6 MiB and its memory limit."
  }

  # A sidecar writes files in the shared volume that the main container reads: the main
  # container's user must be able to read them given the sidecar's user and file mode (same
  # uid; or same gid and a group-readable mode; or a world-readable mode). The 1777 directory
  # mode does not help: the file's own mode decides.
  validation {
    condition = alltrue([
      for s in var.sidecars :
      var.shared_volume_path == null || !can(regex("^[0-7]{3,4}$", s.shared_file_mode)) ? true : (
        split(":", coalesce(s.user, var.user))[0] == split(":", var.user)[0] ||
        (
          length(split(":", coalesce(s.user, var.user))) == 2 && length(split(":", var.user)) == 2 &&
          split(":", coalesce(s.user, var.user))[1] == split(":", var.user)[1] &&
          contains(["4", "5", "6", "7"], substr(s.shared_file_mode, length(s.shared_file_mode) - 2, 1))
        ) ||
        contains(["4", "5", "6", "7"], substr(s.shared_file_mode, length(s.shared_file_mode) - 1, 1))
      )
    ])
    error_message = "A sidecar writes files in the shared volume that the main container's user cannot read (different uid, and its shared_file_mode grants neither the shared group nor others read): run the sidecar as the main container's user (leave user unset) or set a readable shared_file_mode."
  }

  validation {
    condition     = alltrue([for s in var.sidecars : can(regex("^[0-7]{3,4}$", s.shared_file_mode))])
    error_message = "Each sidecar's shared_file_mode must be an octal file mode such as 0600 or 0644."
  }
}

variable "shared_volume_path" {
  description = "Mount path of a task-scoped scratch volume, writable by the main container and every sidecar (e.g. a file a sidecar writes and the main container reads). null = none."
  type        = string
  default     = null

  validation {
    condition     = var.shared_volume_path == null ? true : can(regex("^/[A-Za-z0-9._/-]+$", var.shared_volume_path)) && var.shared_volume_path != "/tmp"
    error_message = "The shared volume path must be an absolute path of letters, digits, '.', '_', '-' and '/', other than /tmp."
  }
}
