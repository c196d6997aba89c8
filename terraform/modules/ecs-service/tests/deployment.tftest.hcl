mock_provider "aws" {
  mock_data "aws_region" {
    defaults = { region = "us-east-1" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
}

# Deployments roll back on their own: circuit breaker with rollback on the
# rolling controller, percentages as inputs, the platform capacity provider.

run "single_writer_percentages" {
  command = plan

  variables {
    deployment_minimum_healthy_percent = 0
    deployment_maximum_percent         = 100
  }

  assert {
    condition     = aws_ecs_service.this.deployment_minimum_healthy_percent == 0 && aws_ecs_service.this.deployment_maximum_percent == 100
    error_message = "Single-writer services must be able to deploy 0/100 so two writers never overlap."
  }
}
