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

# Every rule that holds with the default inputs, in one run: each run starts the AWS provider
# about three times (most of a run's cost), so rules that share their inputs share a run.
# Each section names its concern and rule, and where the runs with other inputs are.
run "defaults" {
  command = apply

  # ---- task definition: execution role is least privilege (variants: tests/task_definition.tftest.hcl)
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

  # ---- config files: no config no init container (variants: tests/config_files.tftest.hcl)
  assert {
    condition     = [for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.name] == ["api"]
    error_message = "Without config files the task must hold only the main container."
  }

  # ---- deployment: circuit breaker rolls back (variants: tests/deployment.tftest.hcl)
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

  # ---- ecr: ecr is immutable and scanned (variants: tests/ecr.tftest.hcl)
  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE"
    error_message = "ECR tags must be immutable: a tag names one image forever."
  }

  assert {
    condition     = aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push
    error_message = "ECR must scan every pushed image."
  }

  assert {
    condition     = aws_ecr_repository.this.encryption_configuration[0].encryption_type == "AES256"
    error_message = "ECR images must be encrypted at rest."
  }

  assert {
    condition     = aws_ecr_repository.this.name == "platform/api"
    error_message = "The repository must be named <name_prefix>/<name>."
  }

  assert {
    condition = anytrue([
      for r in jsondecode(aws_ecr_lifecycle_policy.this.policy).rules :
      r.selection.tagStatus == "any" && r.selection.countType == "imageCountMoreThan" && r.action.type == "expire"
    ])
    error_message = "The lifecycle policy must keep only the last N images."
  }

  # ---- host rule: host rule rules
  # The service is reachable at <host>.<domain>: the listener rule matches that
  # host on the HTTPS listener and the alias record points it at the ALB.
  # host rule and alias match the host
  assert {
    condition     = output.fqdn == "api.hari328.net"
    error_message = "The service's host name must be <host>.<zone name>."
  }

  assert {
    condition     = toset(flatten([for c in aws_lb_listener_rule.this[0].condition : [for h in c.host_header : tolist(h.values)]])) == toset(["api.hari328.net"])
    error_message = "The listener rule must match exactly the service's host name."
  }

  assert {
    condition     = aws_lb_listener_rule.this[0].listener_arn == var.platform.alb_listener_arn
    error_message = "The listener rule must go on the platform's HTTPS listener."
  }

  assert {
    condition     = aws_route53_record.this[0].name == "api.hari328.net" && aws_route53_record.this[0].type == "A"
    error_message = "The alias record must be an A record for the service's host name."
  }

  assert {
    condition     = aws_route53_record.this[0].zone_id == var.platform.zone_id
    error_message = "The alias record must live in the platform's hosted zone."
  }

  assert {
    condition = (
      aws_route53_record.this[0].alias[0].name == var.platform.alb_dns_name &&
      aws_route53_record.this[0].alias[0].zone_id == var.platform.alb_zone_id
    )
    error_message = "The alias record must point at the platform ALB."
  }

  # forward goes to an instance target group
  assert {
    condition     = length(aws_lb_listener_rule.this[0].action) == 1 && aws_lb_listener_rule.this[0].action[0].type == "forward"
    error_message = "Without the login gate the rule must only forward to the service."
  }

  assert {
    condition     = aws_lb_target_group.this[0].target_type == "instance" && aws_lb_target_group.this[0].port == 3000
    error_message = "Bridge-mode tasks must register as instance targets on the container port."
  }

  assert {
    condition     = aws_lb_target_group.this[0].vpc_id == var.platform.vpc_id
    error_message = "The target group must be in the platform VPC."
  }

  assert {
    condition     = length(aws_lb_target_group.this[0].name) <= 32
    error_message = "Target group names must fit the 32-character limit."
  }

  assert {
    condition     = one(aws_ecs_service.this.load_balancer[*].container_name) == "api" && one(aws_ecs_service.this.load_balancer[*].container_port) == 3000
    error_message = "The service must register the main container's port with the target group."
  }

  # ---- login gate: no gate no client (variants: tests/login_gate.tftest.hcl)
  assert {
    condition     = length(aws_cognito_user_pool_client.login_gate) == 0
    error_message = "Without login_gate no Cognito client may be created."
  }

  # ---- logs: default retention is 30 days (variants: tests/logs.tftest.hcl)
  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "Log retention must default to 30 days."
  }

  # ---- metrics: no labels without metrics (variants: tests/metrics.tftest.hcl)
  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : length(c.dockerLabels) if c.name == "api"]) == 0
    error_message = "Without metrics the container must carry no scrape labels."
  }

  # ---- priority: priority rules (variants: tests/priority.tftest.hcl)
  # api
  assert {
    condition     = output.listener_rule_priority == 45011
    error_message = "The derived priority must be 10000 + the first 32 bits of sha256(fqdn) mod 40000: changing the formula moves every app's rule."
  }

  assert {
    condition     = aws_lb_listener_rule.this[0].priority == output.listener_rule_priority
    error_message = "The listener rule must use the priority the module reports."
  }

  # ---- task definition: task definition rules (variants: tests/task_definition.tftest.hcl)
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
