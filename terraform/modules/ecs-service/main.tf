################################################################################
# One service on the platform (Layer 2): used by app repos and by monitoring.
# Files by concern: ecr.tf, iam.tf, logs.tf, task_definition.tf, alb.tf,
# login_gate.tf; this file holds the naming rules and the ECS service.
################################################################################

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  # One naming rule. The platform's name_prefix when the contract carries it,
  # else the cluster name (base-infra names the cluster after name_prefix).
  prefix = lower(coalesce(var.platform.name_prefix, var.platform.cluster_name))
  family = "${local.prefix}-${var.name}"

  region     = data.aws_region.current.region
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  on_alb     = var.host != null
  login_gate = local.on_alb && var.login_gate
  fqdn       = local.on_alb ? "${var.host}.${var.platform.zone_name}" : null

  # Listener-rule priority without a central registry: 32 bits of
  # sha256(fqdn) mapped into 10000..49999. Stable across plans and states
  # (a pure function of the host name); 1..9999 and 50000 stay free for
  # explicit overrides. With n hosts the chance that any two collide is about
  # n*(n-1)/2/40000 (10 hosts: 0.11 %); AWS then refuses the second rule with
  # PriorityInUse and the fix is to set listener_rule_priority
  # (docs/tenant-apps.md).
  derived_priority = local.on_alb ? 10000 + parseint(substr(sha256(local.fqdn), 0, 8), 16) % 40000 : null
  priority         = local.on_alb ? coalesce(var.listener_rule_priority, local.derived_priority) : null

  port_name    = var.service_connect != null ? var.service_connect.port_name : "http"
  metrics_port = var.metrics == null ? null : coalesce(var.metrics.port, var.container_port)

  image = var.image != null ? var.image : "${aws_ecr_repository.this.repository_url}:${coalesce(var.image_tag, "unset")}"

  # Service Connect adds an Envoy proxy container to every task: it needs a
  # task-level memory limit; AWS suggests >= 64 MiB for the proxy.
  service_connect_proxy_memory = 64
}

################################################################################
# ECS service
################################################################################

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.platform.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count

  # Rolling (ECS) controller: the only one the circuit breaker works with.
  deployment_controller {
    type = "ECS"
  }

  deployment_minimum_healthy_percent = var.deployment_minimum_healthy_percent
  deployment_maximum_percent         = var.deployment_maximum_percent

  # A deployment whose tasks never get healthy is stopped and the previous
  # task definition restored.
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # The platform's EC2 capacity provider (managed scaling adds an instance
  # when tasks do not fit).
  capacity_provider_strategy {
    capacity_provider = var.platform.capacity_provider_name
    weight            = 1
    base              = 0
  }

  ordered_placement_strategy {
    type  = "spread"
    field = "attribute:ecs.availability-zone"
  }

  ordered_placement_strategy {
    type  = "binpack"
    field = "memory"
  }

  # Time for a new task to pass its first ALB health checks before ECS counts
  # failures against it.
  health_check_grace_period_seconds = local.on_alb ? 60 : null

  dynamic "load_balancer" {
    for_each = local.on_alb ? [1] : []
    content {
      target_group_arn = aws_lb_target_group.this[0].arn
      container_name   = var.name
      container_port   = var.container_port
    }
  }

  dynamic "service_connect_configuration" {
    for_each = var.service_connect != null ? [var.service_connect] : []
    content {
      enabled   = true
      namespace = var.platform.service_connect_namespace_arn

      dynamic "service" {
        for_each = service_connect_configuration.value.client_only ? [] : [service_connect_configuration.value]
        content {
          port_name      = service.value.port_name
          discovery_name = service.value.discovery_name

          client_alias {
            dns_name = service.value.discovery_name
            port     = var.container_port
          }

          # Without it the proxy cuts every request at 15 s ("perRequestTimeoutSeconds ... The
          # default value is 15 seconds", ECS API reference, TimeoutConfiguration).
          timeout {
            per_request_timeout_seconds = service.value.per_request_timeout_seconds
          }
        }
      }

      dynamic "service" {
        for_each = service_connect_configuration.value.client_only ? {} : service_connect_configuration.value.additional_ports
        content {
          port_name      = service.key
          discovery_name = "${service_connect_configuration.value.discovery_name}-${service.key}"

          client_alias {
            dns_name = "${service_connect_configuration.value.discovery_name}-${service.key}"
            port     = service.value.port
          }

          timeout {
            per_request_timeout_seconds = service_connect_configuration.value.per_request_timeout_seconds
          }
        }
      }

      log_configuration {
        log_driver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = local.region
          awslogs-stream-prefix = "service-connect"
        }
      }
    }
  }

  enable_ecs_managed_tags = true
  propagate_tags          = "SERVICE"
  wait_for_steady_state   = false

  lifecycle {
    precondition {
      condition     = !var.login_gate || var.host != null
      error_message = "The login gate needs a host: set host, or set login_gate = false."
    }
    precondition {
      condition     = var.memory_reservation <= var.memory
      error_message = "The memory reservation must not exceed the memory hard limit."
    }
  }

  # The target group must belong to a load balancer before a service can use
  # it, and the roles must be able to act before the first task starts.
  depends_on = [
    aws_lb_listener_rule.this,
    aws_iam_role_policy.execution,
  ]
}
