################################################################################
# ALB exposure of the monitoring task: grafana.<domain> (Grafana's own OAuth login) and
# prometheus.<domain> (the ALB's Cognito login gate), one target group each on the same task.
# Listener-rule priorities follow docs/decisions/0003-listener-rule-priorities.md: the host's
# forward rule is 10000 + sha256(fqdn) % 40000; the rule that refuses Prometheus's write
# endpoints must be evaluated BEFORE it (a lower number), so it takes a number in 1..9999,
# the range 0003 keeps free of derived priorities.
################################################################################

locals {
  exposed = {
    grafana    = { port = 3000, health_check_path = "/api/health", login_gate = false }
    prometheus = { port = 9090, health_check_path = "/-/healthy", login_gate = true }
  }
  exposed_fqdns = { for k, v in local.exposed : k => "${k}.${local.platform.zone_name}" }

  forward_priority = {
    for k, fqdn in local.exposed_fqdns : k => 10000 + parseint(substr(sha256(fqdn), 0, 8), 16) % 40000
  }

  # Write endpoints that must never be reachable from the internet: Prometheus's OTLP receiver
  # (on, for the gateway collector inside the task) and remote write (off, refused anyway).
  # ALB path patterns are case-sensitive and match the whole path; Prometheus's router
  # redirects other spellings (//api/v1/..., /API/...) to these paths, which then match.
  prometheus_write_paths = ["/api/v1/write*", "/api/v1/otlp*"]
  deny_write_priority    = 1 + parseint(substr(sha256("deny-write:${local.exposed_fqdns.prometheus}"), 0, 8), 16) % 9999
}

resource "aws_lb_target_group" "this" {
  for_each = local.exposed

  # At most 32 characters; the hash gives a replacement a new name (create_before_destroy).
  name                 = format("%s-%s", each.key, substr(sha1(join("/", [local.name_prefix, each.key, each.value.port, local.platform.vpc_id])), 0, 5))
  vpc_id               = local.platform.vpc_id
  target_type          = "instance" # bridge mode: ECS registers instance + dynamic port
  port                 = each.value.port
  protocol             = "HTTP"
  protocol_version     = "HTTP1"
  deregistration_delay = "30"

  health_check {
    enabled             = true
    path                = each.value.health_check_path
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

# Prometheus has no login of its own: the ALB authenticates with Cognito (Google) first.
resource "aws_cognito_user_pool_client" "prometheus_login_gate" {
  name         = "${local.name_prefix}-prometheus-alb"
  user_pool_id = local.platform.user_pool_id

  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email"]
  supported_identity_providers         = ["Google"]
  callback_urls                        = ["https://${local.exposed_fqdns.prometheus}/oauth2/idpresponse"]

  explicit_auth_flows           = ["ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
}

resource "aws_lb_listener_rule" "forward" {
  for_each = local.exposed

  listener_arn = local.platform.alb_listener_arn
  priority     = local.forward_priority[each.key]

  dynamic "action" {
    for_each = each.value.login_gate ? [1] : []
    content {
      type  = "authenticate-cognito"
      order = 1

      authenticate_cognito {
        user_pool_arn              = local.platform.user_pool_arn
        user_pool_client_id        = aws_cognito_user_pool_client.prometheus_login_gate.id
        user_pool_domain           = local.platform.user_pool_domain
        scope                      = "openid email"
        on_unauthenticated_request = "authenticate"
        session_cookie_name        = "AWSELBAuthSessionCookie-${each.key}"
        session_timeout            = 43200 # 12 hours
      }
    }
  }

  action {
    type             = "forward"
    order            = each.value.login_gate ? 2 : 1
    target_group_arn = aws_lb_target_group.this[each.key].arn
  }

  condition {
    host_header {
      values = [local.exposed_fqdns[each.key]]
    }
  }
}

# SECURITY: only the gateway collector inside the task may write metrics. Any request for
# Prometheus's write endpoints through the ALB gets 403, signed in or not.
resource "aws_lb_listener_rule" "prometheus_deny_write" {
  listener_arn = local.platform.alb_listener_arn
  priority     = local.deny_write_priority

  action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Writing metrics through the load balancer is not allowed."
      status_code  = "403"
    }
  }

  condition {
    host_header {
      values = [local.exposed_fqdns.prometheus]
    }
  }

  condition {
    path_pattern {
      values = local.prometheus_write_paths
    }
  }

  lifecycle {
    precondition {
      condition     = local.deny_write_priority < local.forward_priority.prometheus
      error_message = "The rule refusing Prometheus's write endpoints must have a lower priority number than the prometheus host's forward rule, or the ALB forwards writes first."
    }
  }
}

resource "aws_route53_record" "exposed" {
  for_each = local.exposed_fqdns

  zone_id = local.platform.zone_id
  name    = each.value
  type    = "A"

  alias {
    name                   = local.platform.alb_dns_name
    zone_id                = local.platform.alb_zone_id
    evaluate_target_health = true
  }
}
