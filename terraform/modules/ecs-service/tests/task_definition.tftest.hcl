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

# The task definition: bridge mode with a dynamic host port, the telemetry
# contract in the environment, and the hardening a container can take.

run "telemetry_contract_in_environment" {
  command = plan

  variables {
    environment = { LOG_LEVEL = "debug" }
  }

  assert {
    condition = {
      for e in one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.environment if c.name == "api"]) : e.name => e.value
      } == {
      LOG_LEVEL                   = "debug"
      OTEL_EXPORTER_OTLP_ENDPOINT = "http://172.17.0.1:4318"
      OTEL_EXPORTER_OTLP_PROTOCOL = "http/protobuf"
      OTEL_SERVICE_NAME           = "api"
      OTEL_RESOURCE_ATTRIBUTES    = "deployment.environment=platform"
    }
    error_message = "The app must get the OTEL_* variables of the telemetry contract plus its own environment."
  }
}

run "secrets_by_reference" {
  command = apply

  variables {
    secrets = {
      DB_PASSWORD = "/apps/api/db-password"
      API_KEY     = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key-AbCdEf:key::"
    }
  }

  assert {
    condition = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.secrets if c.name == "api"]) == [
      { name = "API_KEY", valueFrom = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key-AbCdEf:key::" },
      { name = "DB_PASSWORD", valueFrom = "/apps/api/db-password" },
    ]
    error_message = "Secrets must reach the container as references (valueFrom), never as values."
  }

  assert {
    condition = one([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s.Resource if s.Sid == "ReadListedSecrets"]) == [
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key-AbCdEf"
    ]
    error_message = "The execution role may read exactly the listed Secrets Manager secrets."
  }

  assert {
    condition     = length(one([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s.Resource if s.Sid == "ReadListedParameters"])) == 1
    error_message = "The execution role may read exactly the listed SSM parameters."
  }
}
