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

# host = null: an internal service (Loki, Tempo): nothing on the ALB.

run "internal_service_has_no_alb_resources" {
  command = plan

  variables {
    name = "loki"
    host = null
  }

  assert {
    condition     = length(aws_lb_target_group.this) == 0 && length(aws_lb_listener_rule.this) == 0 && length(aws_route53_record.this) == 0
    error_message = "A service without host must create no target group, listener rule or DNS record."
  }

  assert {
    condition     = output.fqdn == null && output.target_group_arn == null && output.listener_rule_priority == null
    error_message = "A service without host must report null fqdn, target group and priority."
  }

  assert {
    condition     = length(aws_ecs_service.this.load_balancer) == 0
    error_message = "A service without host must not register with a load balancer."
  }
}
