################################################################################
# CloudWatch log group: the app's stdout/stderr, the config init container
# and the Service Connect proxy, one stream prefix each.
################################################################################

# Encrypted by CloudWatch's own keys by design: a customer-managed KMS key
# costs $1/month per key and adds no protection this platform uses.
#trivy:ignore:AWS-0017
resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${local.prefix}/${var.name}"
  retention_in_days = var.log_retention_days
}
