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

# The service is reachable at <host>.<domain>: the listener rule matches that
# host on the HTTPS listener and the alias record points it at the ALB.

run "host_rule_rules" {
  # One plan checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = plan

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
}

