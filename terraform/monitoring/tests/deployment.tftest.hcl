# Four services for the seed's four components plus the collector; the stateful ones never
# run two writers at once (deployment 0/100); the collector is a daemon on every host.
mock_provider "aws" {
  # ecs-service validates access point ids; the mock must produce real-looking ones.
  mock_resource "aws_efs_access_point" {
    defaults = {
      id = "fsap-0123456789abcdef0"
    }
  }
}

variables {
  region      = "us-east-1"
  name_prefix = "platform"
  domain      = "hari328.net"
  owner_email = "owner@hari328.net"
}

# The Layer 1 contract, as terraform/modules/platform returns it from SSM.
override_module {
  target = module.platform
  outputs = {
    contract = {
      vpc_id                        = "vpc-0123456789abcdef0"
      cluster_arn                   = "arn:aws:ecs:us-east-1:123456789012:cluster/platform"
      cluster_name                  = "platform"
      alb_arn                       = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/platform/0123456789abcdef"
      alb_listener_arn              = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/platform/0123456789abcdef/0123456789abcdef"
      private_subnet_ids            = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
      public_subnet_ids             = ["subnet-0cccccccccccccccc", "subnet-0dddddddddddddddd"]
      efs_id                        = "fs-0123456789abcdef0"
      efs_arn                       = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0"
      capacity_provider_name        = "platform-asg"
      alb_dns_name                  = "platform-123456789.us-east-1.elb.amazonaws.com"
      alb_zone_id                   = "Z35SXDOTRQ7X7K"
      alb_security_group_id         = "sg-0aaaaaaaaaaaaaaaa"
      instance_security_group_id    = "sg-0bbbbbbbbbbbbbbbb"
      zone_id                       = "Z0123456789ABCDEFGHIJ"
      zone_name                     = "hari328.net"
      certificate_arn               = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
      service_connect_namespace_arn = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef"
      user_pool_id                  = "us-east-1_AbCdEfGhI"
      user_pool_arn                 = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEfGhI"
      user_pool_domain              = "platform-auth"
      sso_base_url                  = "https://platform-auth.auth.us-east-1.amazoncognito.com"
      allowed_emails_parameter      = "/infra/sso/allowed-emails"
    }
  }
}

run "deployment_rules" {
  # One plan checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = plan

  # four services and a daemon
  assert {
    condition     = [module.prometheus.service_name, module.loki.service_name, module.tempo.service_name, module.grafana.service_name] == ["prometheus", "loki", "tempo", "grafana"]
    error_message = "The stack must run Prometheus, Loki, Tempo and Grafana as ECS services."
  }

  assert {
    condition     = aws_ecs_service.collector.scheduling_strategy == "DAEMON" && aws_ecs_service.collector.launch_type == "EC2"
    error_message = "The collector must run as a DAEMON service on every EC2 host."
  }

  # single writers deploy zero to hundred
  assert {
    condition = alltrue([
      for d in [module.prometheus.deployment_percent, module.grafana.deployment_percent, module.loki.deployment_percent, module.tempo.deployment_percent] :
      d.minimum_healthy == 0 && d.maximum == 100
    ])
    error_message = "Services that write to EFS must deploy with minimum 0 % and maximum 100 %: never two writers at once."
  }

  assert {
    condition     = aws_ecs_service.collector.deployment_minimum_healthy_percent == 0 && aws_ecs_service.collector.deployment_maximum_percent == 100
    error_message = "The collector daemon must stop its old task before starting the new one: its host ports are fixed."
  }

  # services are reached through service connect
  assert {
    condition     = one(aws_ecs_service.collector.service_connect_configuration).enabled && length(one(aws_ecs_service.collector.service_connect_configuration).service) == 0
    error_message = "The collector must be a Service Connect client only (apps reach it through the bridge gateway)."
  }

  assert {
    condition     = contains([for m in one([for c in module.tempo.task_definition.containers : c.portMappings if c.name == "tempo"]) : m.containerPort], 4317)
    error_message = "Tempo must publish its OTLP gRPC port for the collector."
  }
}


