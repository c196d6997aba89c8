################################################################################
# Shared configuration (platform.example.tfvars, docs/contract.md)
################################################################################

variable "region" {
  description = "AWS region of the platform, e.g. us-east-1."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must be an AWS region name such as us-east-1."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name, the same in every layer (docs/contract.md)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name_prefix))
    error_message = "The name prefix must be 3 to 20 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "domain" {
  description = "The platform's domain (the Route53 zone Layer 1 created): Grafana is https://grafana.<domain>, Prometheus https://prometheus.<domain>."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain))
    error_message = "The domain must be a lowercase DNS name such as hari328.net."
  }
}

variable "owner_email" {
  description = "The platform owner's email: the one Grafana user who gets the Admin role; every other allowed user is a Viewer."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$", var.owner_email))
    error_message = "The owner email must be an email address such as owner@hari328.net."
  }
}

################################################################################
# Monitoring
################################################################################

variable "monitoring_retention_days" {
  description = "How long each store keeps data, in days: Prometheus metrics (TSDB on EFS), Loki logs and Tempo traces (S3, with a bucket lifecycle a few days longer as a safety net), and the containers' own CloudWatch logs (a value CloudWatch accepts). docs/monitoring.md prices each."
  type = object({
    prometheus     = optional(number, 15)
    loki           = optional(number, 30)
    tempo          = optional(number, 14)
    container_logs = optional(number, 7)
  })
  default = {}

  validation {
    condition = alltrue([
      for d in [var.monitoring_retention_days.prometheus, var.monitoring_retention_days.loki, var.monitoring_retention_days.tempo] :
      d >= 1 && d <= 3650 && floor(d) == d
    ])
    error_message = "Prometheus, Loki and Tempo retention must each be a whole number of days between 1 and 3650."
  }

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.monitoring_retention_days.container_logs)
    error_message = "The container log retention must be one of the values CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days."
  }
}

variable "docker_hub_pull_through_secret_arn" {
  description = "Secrets Manager secret (name prefix ecr-pullthroughcache/, JSON {\"username\", \"accessToken\"} of a Docker Hub account) for an ECR pull-through cache of Docker Hub. Set it and the Docker Hub images (Grafana, Loki, Tempo) are pulled through this account's ECR, away from Docker Hub's anonymous pull limit (10 pulls per hour per IP, shared through the NAT). null = pull from Docker Hub directly. docs/monitoring.md, \"Docker Hub pull limits\"."
  type        = string
  default     = null

  validation {
    condition     = var.docker_hub_pull_through_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:ecr-pullthroughcache/[A-Za-z0-9/_+=.@-]+$", var.docker_hub_pull_through_secret_arn))
    error_message = "The Docker Hub pull-through secret must be a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache/ (ECR refuses any other), e.g. arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf."
  }
}
