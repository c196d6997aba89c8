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

# The ALB target group health check requests the path the app asks for.

run "health_check_uses_the_input_path" {
  command = plan

  variables {
    health_check_path = "/ready"
  }

  assert {
    condition     = aws_lb_target_group.this[0].health_check[0].path == "/ready"
    error_message = "The target group health check must request health_check_path."
  }

  assert {
    condition     = aws_lb_target_group.this[0].health_check[0].enabled && aws_lb_target_group.this[0].health_check[0].port == "traffic-port"
    error_message = "The health check must be on and probe the task's own (dynamic) port."
  }

  assert {
    condition     = aws_ecs_service.this.health_check_grace_period_seconds == 60
    error_message = "A service on the ALB must have a health-check grace period."
  }
}

run "container_health_check_when_asked" {
  command = plan

  variables {
    health_check_command = ["CMD", "/app", "-healthcheck"]
  }

  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.healthCheck.command if c.name == "api"]) == ["CMD", "/app", "-healthcheck"]
    error_message = "The container health check must run health_check_command."
  }
}
