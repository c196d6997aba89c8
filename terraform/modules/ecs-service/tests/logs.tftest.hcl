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

# Logs go to the service's own log group, which expires them.

run "log_group_has_retention" {
  command = plan

  variables {
    log_retention_days = 14
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 14
    error_message = "The service's log group must expire logs after log_retention_days."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/ecs/platform/api" && output.log_group_name == "/ecs/platform/api"
    error_message = "The log group must be named /ecs/<name_prefix>/<name>."
  }

  assert {
    condition = alltrue([
      for c in jsondecode(aws_ecs_task_definition.this.container_definitions) :
      c.logConfiguration.logDriver == "awslogs" && c.logConfiguration.options["awslogs-group"] == "/ecs/platform/api"
    ])
    error_message = "Every container must log to the service's log group with awslogs."
  }
}
