################################################################################
# Entry points
################################################################################

output "grafana_url" {
  description = "Grafana, with its own Cognito (Google) login."
  value       = "https://${local.exposed_fqdns.grafana}"
}

output "prometheus_url" {
  description = "Prometheus, behind the ALB's Cognito login gate."
  value       = "https://${local.exposed_fqdns.prometheus}"
}

output "otlp_endpoint" {
  description = "Where apps send OTLP/HTTP traces, logs and metrics: the collector daemon on their own host (docs/contract.md)."
  value       = "http://172.17.0.1:4318"
}

################################################################################
# Services
################################################################################

output "service_names" {
  description = "ECS service names of the monitoring layer: the one monitoring task (Prometheus, Loki, Tempo, Grafana, the gateway collector) and the collector daemon."
  value = {
    monitoring = aws_ecs_service.monitoring.name
    collector  = aws_ecs_service.collector.name
  }
}

output "task_definition_arns" {
  description = "Task definition (with revision) of the monitoring task and of the collector daemon."
  value = {
    monitoring = aws_ecs_task_definition.monitoring.arn
    collector  = aws_ecs_task_definition.collector.arn
  }
}

output "log_group_names" {
  description = "CloudWatch log groups of the monitoring task (one stream prefix per container) and of the collector daemon."
  value = {
    monitoring = aws_cloudwatch_log_group.monitoring.name
    collector  = aws_cloudwatch_log_group.collector.name
  }
}

output "listener_rule_priorities" {
  description = "HTTPS listener rule priorities this layer uses: each host's forward rule and the rule refusing Prometheus's write endpoints (docs/decisions/0003-listener-rule-priorities.md)."
  value       = merge(local.forward_priority, { prometheus_deny_write = local.deny_write_priority })
}

################################################################################
# Storage
################################################################################

output "buckets" {
  description = "S3 buckets holding Loki's chunks and index and Tempo's blocks."
  value       = { for k, b in aws_s3_bucket.telemetry : k => b.bucket }
}

output "efs_access_point_ids" {
  description = "EFS access point of each stateful container (Prometheus TSDB, Loki and Tempo WAL)."
  value       = { for k, ap in aws_efs_access_point.this : k => ap.id }
}

output "images" {
  description = "The pinned image of each component; the configs in config/ are written for exactly these."
  value       = local.images
}

output "grafana_oauth_client_id" {
  description = "Cognito app client id Grafana logs users in with."
  value       = aws_cognito_user_pool_client.grafana.id
}

################################################################################
# Memory (read by cmd/membudget: the container definitions are known only after apply)
################################################################################

output "container_memory" {
  description = "Memory of every container of each task definition, MiB (reservation = what ECS places by, limit = hard limit), keyed by task definition address. cmd/membudget reads it from the plan."
  value = {
    "aws_ecs_task_definition.monitoring" = [for c in local.monitoring_containers : { name = c.name, reservation = c.memoryReservation, limit = c.memory }]
    "aws_ecs_task_definition.collector"  = [{ name = local.collector_container.name, reservation = local.collector_container.memoryReservation, limit = local.collector_container.memory }]
  }
}
