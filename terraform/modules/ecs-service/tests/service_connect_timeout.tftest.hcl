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

# Issue 11 item 3: Service Connect's proxy cuts a request at 15 s unless told otherwise
# (ECS API reference, TimeoutConfiguration.perRequestTimeoutSeconds). Every published
# Service Connect port gets the module's per-request timeout (default 120 s).

run "default_timeout_fits_long_queries" {
  command = plan

  variables {
    name           = "loki"
    host           = null
    container_port = 3100
    service_connect = {
      discovery_name   = "loki"
      additional_ports = { grpc = { port = 9096, app_protocol = "grpc" } }
    }
  }

  assert {
    condition = alltrue([
      for s in aws_ecs_service.this.service_connect_configuration[0].service : s.timeout[0].per_request_timeout_seconds == 120
    ]) && length(aws_ecs_service.this.service_connect_configuration[0].service) == 2
    error_message = "Every Service Connect port must carry a per-request timeout (default 120 s) instead of the proxy's 15 s."
  }
}

run "timeout_is_an_input" {
  command = plan

  variables {
    name            = "tempo"
    host            = null
    container_port  = 3200
    service_connect = { discovery_name = "tempo", per_request_timeout_seconds = 600 }
  }

  assert {
    condition     = aws_ecs_service.this.service_connect_configuration[0].service[0].timeout[0].per_request_timeout_seconds == 600
    error_message = "The per-request timeout must follow service_connect.per_request_timeout_seconds."
  }
}

run "rejects_a_negative_timeout" {
  command = plan

  variables {
    name            = "tempo"
    host            = null
    service_connect = { discovery_name = "tempo", per_request_timeout_seconds = -1 }
  }

  expect_failures = [var.service_connect]
}
