################################################################################
# ALB exposure (only when host is set): target group, HTTPS listener rule on
# <host>.<domain>, Route53 alias record.
################################################################################

locals {
  # Target group names: at most 32 characters, unique per region and account.
  # A short hash of what forces replacement gives the replacement a new name,
  # so create_before_destroy never collides with the old group.
  target_group_name = format(
    "%s-%s",
    trimsuffix(substr(var.name, 0, 26), "-"),
    substr(sha1(join("/", [local.prefix, var.name, var.container_port, var.platform.vpc_id])), 0, 5),
  )
}

resource "aws_lb_target_group" "this" {
  count = local.on_alb ? 1 : 0

  name                 = local.target_group_name
  vpc_id               = var.platform.vpc_id
  target_type          = "instance" # bridge mode: ECS registers instance + dynamic port
  port                 = var.container_port
  protocol             = "HTTP"
  protocol_version     = "HTTP1"
  deregistration_delay = "30"

  health_check {
    enabled             = true
    path                = var.health_check_path
    port                = "traffic-port"
    protocol            = "HTTP"
    matcher             = "200-399"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener_rule" "this" {
  count = local.on_alb ? 1 : 0

  listener_arn = var.platform.alb_listener_arn
  priority     = local.priority

  # Login gate: Cognito (Google) first, then the app. Only on HTTPS listeners,
  # which is the only listener rules go on (HTTP redirects to HTTPS).
  dynamic "action" {
    for_each = local.login_gate ? [1] : []
    content {
      type  = "authenticate-cognito"
      order = 1

      authenticate_cognito {
        user_pool_arn              = var.platform.user_pool_arn
        user_pool_client_id        = aws_cognito_user_pool_client.login_gate[0].id
        user_pool_domain           = var.platform.user_pool_domain
        scope                      = "openid email"
        on_unauthenticated_request = "authenticate"
        session_cookie_name        = "AWSELBAuthSessionCookie-${var.name}"
        session_timeout            = 43200 # 12 hours
      }
    }
  }

  action {
    type             = "forward"
    order            = local.login_gate ? 2 : 1
    target_group_arn = aws_lb_target_group.this[0].arn
  }

  condition {
    host_header {
      values = [local.fqdn]
    }
  }
}

resource "aws_route53_record" "this" {
  count = local.on_alb ? 1 : 0

  zone_id = var.platform.zone_id
  name    = local.fqdn
  type    = "A"

  alias {
    name                   = var.platform.alb_dns_name
    zone_id                = var.platform.alb_zone_id
    evaluate_target_health = true
  }
}
