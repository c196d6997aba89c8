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

run "task_definition_rules" {
  # One plan checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = plan

  # bridge mode dynamic port
  assert {
    condition     = aws_ecs_task_definition.this.network_mode == "bridge" && aws_ecs_task_definition.this.requires_compatibilities == toset(["EC2"])
    error_message = "Tasks must run in bridge mode on EC2."
  }

  assert {
    condition = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.portMappings if c.name == "api"]) == [{
      name = "http", containerPort = 3000, hostPort = 0, protocol = "tcp", appProtocol = "http"
    }]
    error_message = "The container port must be published on a dynamic host port (hostPort 0)."
  }

  # container is hardened
  assert {
    condition = alltrue([
      for c in jsondecode(aws_ecs_task_definition.this.container_definitions) :
      c.readonlyRootFilesystem && !c.privileged && c.linuxParameters.capabilities.drop == ["ALL"] if c.name == "api"
    ])
    error_message = "The main container must have a read-only root filesystem, no privileges and no Linux capabilities."
  }

  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.user if c.name == "api"]) == "1000:1000"
    error_message = "The main container must run as the non-root user 1000:1000 by default."
  }

  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.linuxParameters.initProcessEnabled if c.name == "api"])
    error_message = "The main container must run under an init process (signals forwarded, zombies reaped)."
  }

  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : [for t in c.linuxParameters.tmpfs : t.containerPath] if c.name == "api"]) == ["/tmp"]
    error_message = "A read-only root filesystem needs a writable /tmp."
  }
}

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

run "execution_role_is_least_privilege" {
  command = apply

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.execution.policy).Statement :
      s.Resource != "*" if s.Sid != "EcrAuth"
    ])
    error_message = "Only ecr:GetAuthorizationToken (which has no resource-level permissions) may use Resource \"*\"."
  }

  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s.Resource if s.Sid == "EcrPullOwnRepository"]) == aws_ecr_repository.this.arn
    error_message = "The execution role may pull only from the service's own repository."
  }

  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s.Resource if s.Sid == "WriteOwnLogGroup"]) == "${aws_cloudwatch_log_group.this.arn}:log-stream:*"
    error_message = "The execution role may write only to the service's own log group."
  }

  assert {
    condition     = length(aws_iam_role_policy.task) == 0 && length(aws_iam_role_policy.efs) == 0
    error_message = "The task role must have no permissions unless asked for."
  }
}
