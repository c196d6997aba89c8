output "url" {
  description = "Where the app answers."
  value       = "https://${module.api.fqdn}"
}

output "ecr_repository_url" {
  description = "Push images here (docker buildx build -f cmd/sample-service/Dockerfile -t <url>:<tag> --push .)."
  value       = module.api.ecr_repository_url
}

output "service_name" {
  description = "ECS service name (aws ecs describe-services --cluster <cluster> --services <name>)."
  value       = module.api.service_name
}

output "task_definition_arn" {
  description = "Task definition revision this apply deployed."
  value       = module.api.task_definition_arn
}

output "log_group_name" {
  description = "CloudWatch log group (aws logs tail <name> --follow)."
  value       = module.api.log_group_name
}

output "listener_rule_priority" {
  description = "The app's HTTPS listener rule priority (derived from the host name unless overridden)."
  value       = module.api.listener_rule_priority
}
