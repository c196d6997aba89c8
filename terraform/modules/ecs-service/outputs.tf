################################################################################
# Service
################################################################################

output "service_name" {
  description = "ECS service name."
  value       = aws_ecs_service.this.name
}

output "service_arn" {
  description = "ECS service ARN."
  value       = aws_ecs_service.this.arn
}

output "task_definition_arn" {
  description = "ARN (with revision) of the task definition this apply registered."
  value       = aws_ecs_task_definition.this.arn
}

output "image" {
  description = "The image reference the task definition runs (image, or <ecr_repository_url>:<image_tag>)."
  value       = local.image
}

output "ecr_repository_url" {
  description = "Push the app's image here; pass <url>:<tag> as image (docs/tenant-apps.md)."
  value       = aws_ecr_repository.this.repository_url
}

output "log_group_name" {
  description = "CloudWatch log group of the service's containers."
  value       = aws_cloudwatch_log_group.this.name
}

################################################################################
# IAM
################################################################################

output "task_role_arn" {
  description = "ARN of the task role (what the app may call)."
  value       = aws_iam_role.task.arn
}

output "task_role_name" {
  description = "Name of the task role, to attach more policies from the caller."
  value       = aws_iam_role.task.name
}

################################################################################
# Load balancer and DNS (null when host is null)
################################################################################

output "target_group_arn" {
  description = "ALB target group ARN; null when the service is not on the ALB."
  value       = one(aws_lb_target_group.this[*].arn)
}

output "fqdn" {
  description = "The service's host name, e.g. api.hari328.net; null when the service is not on the ALB."
  value       = local.fqdn
}

output "listener_rule_priority" {
  description = "HTTPS listener rule priority in use (derived or overridden); null when the service is not on the ALB."
  value       = local.priority
}

output "listener_rule_action_types" {
  description = "Types of the HTTPS listener rule's actions, in order (authenticate-cognito before forward with the login gate); [] when the service is not on the ALB."
  value       = local.on_alb ? [for a in aws_lb_listener_rule.this[0].action : a.type] : []
}

################################################################################
# Task definition (for callers' tests and the memory budget)
################################################################################

output "task_definition" {
  description = "The task definition as registered: task-level memory (null without Service Connect), the decoded container definitions and the volumes."
  value = {
    memory     = aws_ecs_task_definition.this.memory
    containers = jsondecode(aws_ecs_task_definition.this.container_definitions)
    volumes    = aws_ecs_task_definition.this.volume
  }
}

output "deployment_percent" {
  description = "The service's deployment bounds: minimum healthy and maximum percent of desired_count (single writers: 0 and 100)."
  value = {
    minimum_healthy = aws_ecs_service.this.deployment_minimum_healthy_percent
    maximum         = aws_ecs_service.this.deployment_maximum_percent
  }
}
