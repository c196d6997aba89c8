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

# Service Connect in the platform namespace, for the monitoring services.

run "service_connect_server" {
  command = plan

  variables {
    name            = "loki"
    host            = null
    container_port  = 3100
    service_connect = { discovery_name = "loki" }
  }

  assert {
    condition     = aws_ecs_service.this.service_connect_configuration[0].enabled && aws_ecs_service.this.service_connect_configuration[0].namespace == var.platform.service_connect_namespace_arn
    error_message = "Service Connect must be on, in the platform namespace."
  }

  assert {
    condition = (
      aws_ecs_service.this.service_connect_configuration[0].service[0].discovery_name == "loki" &&
      aws_ecs_service.this.service_connect_configuration[0].service[0].port_name == "http" &&
      aws_ecs_service.this.service_connect_configuration[0].service[0].client_alias[0].port == 3100
    )
    error_message = "Other services must reach it as <discovery_name>:<container_port> through the named port."
  }

  assert {
    condition     = tonumber(aws_ecs_task_definition.this.memory) == 256 + 64
    error_message = "Service Connect needs a task-level memory limit that leaves room for its proxy."
  }
}

run "service_connect_client_only" {
  command = plan

  variables {
    service_connect = { discovery_name = "api", client_only = true }
  }

  assert {
    condition     = length(aws_ecs_service.this.service_connect_configuration[0].service) == 0
    error_message = "A client-only service must not publish itself."
  }
}
