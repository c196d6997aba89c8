################################################################################
# Entry points
################################################################################

output "grafana_url" {
  description = "Grafana, with its own Cognito (Google) login."
  value       = "https://${module.grafana.fqdn}"
}

output "prometheus_url" {
  description = "Prometheus, behind the ALB's Cognito login gate."
  value       = "https://${module.prometheus.fqdn}"
}

output "otlp_endpoint" {
  description = "Where apps send OTLP/HTTP traces, logs and metrics: the collector daemon on their own host (docs/contract.md)."
  value       = "http://172.17.0.1:4318"
}

################################################################################
# Services
################################################################################

output "service_names" {
  description = "ECS service name of each monitoring component."
  value = {
    prometheus = module.prometheus.service_name
    loki       = module.loki.service_name
    tempo      = module.tempo.service_name
    grafana    = module.grafana.service_name
    collector  = aws_ecs_service.collector.name
  }
}

output "task_definition_arns" {
  description = "Task definition (with revision) of each monitoring component."
  value = {
    prometheus = module.prometheus.task_definition_arn
    loki       = module.loki.task_definition_arn
    tempo      = module.tempo.task_definition_arn
    grafana    = module.grafana.task_definition_arn
    collector  = aws_ecs_task_definition.collector.arn
  }
}

output "log_group_names" {
  description = "CloudWatch log group of each component's own containers."
  value = {
    prometheus = module.prometheus.log_group_name
    loki       = module.loki.log_group_name
    tempo      = module.tempo.log_group_name
    grafana    = module.grafana.log_group_name
    collector  = aws_cloudwatch_log_group.collector.name
  }
}

################################################################################
# Storage
################################################################################

output "buckets" {
  description = "S3 buckets holding Loki's chunks and index and Tempo's blocks."
  value       = { for k, b in aws_s3_bucket.telemetry : k => b.bucket }
}

output "efs_access_point_ids" {
  description = "EFS access point of each stateful service (Prometheus TSDB, Grafana database, Loki and Tempo WAL)."
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
