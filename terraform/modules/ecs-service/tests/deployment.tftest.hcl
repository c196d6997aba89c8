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

run "circuit_breaker_rolls_back" {
  command = plan

  assert {
    condition     = aws_ecs_service.this.deployment_circuit_breaker[0].enable && aws_ecs_service.this.deployment_circuit_breaker[0].rollback
    error_message = "The deployment circuit breaker must be on, with rollback."
  }

  assert {
    condition     = aws_ecs_service.this.deployment_controller[0].type == "ECS"
    error_message = "The service must use the rolling (ECS) controller, the only one the circuit breaker works with."
  }

  assert {
    condition     = aws_ecs_service.this.deployment_minimum_healthy_percent == 100 && aws_ecs_service.this.deployment_maximum_percent == 200
    error_message = "Apps must deploy 100/200 by default: a new task starts before an old one stops."
  }

  assert {
    condition     = [for s in aws_ecs_service.this.capacity_provider_strategy : s.capacity_provider] == [var.platform.capacity_provider_name]
    error_message = "The service must run on the platform's capacity provider."
  }

  assert {
    condition     = aws_ecs_service.this.cluster == var.platform.cluster_arn
    error_message = "The service must run in the platform cluster."
  }
}

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
