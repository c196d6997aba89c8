# Exposure: only Grafana and Prometheus are on the ALB; Loki, Tempo and the collectors are
# not. Issue 11 item 8: nobody outside the task may write metrics, so the ALB answers 403 to
# Prometheus's write endpoints before the host's forward rule (and its login gate) is reached.
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

run "exposure_rules" {
  # One plan checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = plan

  assert {
    condition     = keys(aws_lb_target_group.this) == ["grafana", "prometheus"] && keys(aws_route53_record.exposed) == ["grafana", "prometheus"]
    error_message = "Only Grafana and Prometheus may have a target group and a DNS name: Loki, Tempo and the collectors stay inside the cluster."
  }

  assert {
    condition     = aws_route53_record.exposed["grafana"].name == "grafana.hari328.net" && aws_route53_record.exposed["prometheus"].name == "prometheus.hari328.net"
    error_message = "Grafana and Prometheus must be published as grafana.<domain> and prometheus.<domain>."
  }

  assert {
    condition     = toset([for lb in aws_ecs_service.monitoring.load_balancer : "${lb.container_name}:${lb.container_port}"]) == toset(["grafana:3000", "prometheus:9090"])
    error_message = "The monitoring service must register exactly Grafana's and Prometheus's ports with the ALB."
  }

  assert {
    condition     = length(aws_ecs_service.collector.load_balancer) == 0
    error_message = "The collector must not be registered with any load balancer."
  }

  assert {
    condition = alltrue([
      for c in jsondecode(aws_ecs_task_definition.collector.container_definitions) : alltrue([
        for p in c.portMappings : contains([4317, 4318], p.hostPort) || p.hostPort == 0
      ])
    ])
    error_message = "The collector may publish only host ports 4317 and 4318 (below the ephemeral range the ALB may reach) and dynamic ports."
  }

  # Item 8: the write endpoints are refused at the ALB, for everyone.
  assert {
    condition = (
      one(aws_lb_listener_rule.prometheus_deny_write.action).type == "fixed-response" &&
      one(one(aws_lb_listener_rule.prometheus_deny_write.action).fixed_response).status_code == "403"
    )
    error_message = "Requests for Prometheus's write endpoints through the ALB must get a fixed 403 response."
  }

  assert {
    condition = (
      toset(flatten([for c in aws_lb_listener_rule.prometheus_deny_write.condition : [for p in c.path_pattern : p.values]])) == toset(["/api/v1/write*", "/api/v1/otlp*"]) &&
      toset(flatten([for c in aws_lb_listener_rule.prometheus_deny_write.condition : [for h in c.host_header : h.values]])) == toset(["prometheus.hari328.net"])
    )
    error_message = "The 403 rule must match /api/v1/write* and /api/v1/otlp* on prometheus.<domain> only."
  }

  assert {
    condition     = aws_lb_listener_rule.prometheus_deny_write.priority < aws_lb_listener_rule.forward["prometheus"].priority && aws_lb_listener_rule.prometheus_deny_write.priority < 10000
    error_message = "The 403 rule must be evaluated before the prometheus host's forward rule: a lower priority number, in the 1..9999 range ADR 0003 keeps free of derived priorities."
  }

  # ADR 0003: forward priorities are the shared formula of the host name.
  assert {
    condition     = aws_lb_listener_rule.forward["grafana"].priority == 10000 + parseint(substr(sha256("grafana.hari328.net"), 0, 8), 16) % 40000
    error_message = "Forward rules must use ADR 0003's derived priority: 10000 + sha256(fqdn) % 40000."
  }

  assert {
    condition     = !contains(local.prometheus_container.command, "--web.enable-remote-write-receiver") && contains(local.prometheus_container.command, "--web.enable-otlp-receiver")
    error_message = "Prometheus must accept OTLP (the gateway, inside the task) and no remote write: nothing remote-writes to it any more."
  }
}
