# Who can open what: Prometheus only through the ALB's Cognito gate; Grafana through its own
# OAuth login against the same pool, owner = admin, others = Viewer, nothing anonymous.
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

run "prometheus_is_behind_the_login_gate" {
  command = plan

  assert {
    condition     = join(",", [for a in aws_lb_listener_rule.forward["prometheus"].action : a.type]) == "authenticate-cognito,forward"
    error_message = "The Prometheus host rule must authenticate with Cognito before forwarding: Prometheus has no login of its own."
  }
}

run "grafana_logs_in_with_cognito_only" {
  # apply (against the mock provider): the Cognito client id is known only after apply.
  command = apply

  assert {
    condition     = join(",", [for a in aws_lb_listener_rule.forward["grafana"].action : a.type]) == "forward"
    error_message = "Grafana must do its own OAuth login (it cannot validate the ALB's JWT), so its rule only forwards."
  }

  assert {
    condition = alltrue([
      for c in jsondecode(aws_ecs_task_definition.monitoring.container_definitions) : (
        contains(c.environment, { name = "GF_AUTH_ANONYMOUS_ENABLED", value = "false" }) &&
        contains(c.environment, { name = "GF_AUTH_DISABLE_LOGIN_FORM", value = "true" }) &&
        contains(c.environment, { name = "GF_AUTH_BASIC_ENABLED", value = "false" }) &&
        contains(c.environment, { name = "GF_SECURITY_DISABLE_INITIAL_ADMIN_CREATION", value = "true" }) &&
        contains(c.environment, { name = "GF_AUTH_GENERIC_OAUTH_ENABLED", value = "true" })
      ) if c.name == "grafana"
    ])
    error_message = "Grafana must allow only the Cognito OAuth login: no anonymous access, no login form, no basic auth, no local admin user."
  }

  assert {
    condition = one([
      for c in jsondecode(aws_ecs_task_definition.monitoring.container_definitions) : one([
        for e in c.environment : e.value if e.name == "GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH"
      ]) if c.name == "grafana"
    ]) == "email == 'owner@hari328.net' && 'GrafanaAdmin' || 'Viewer'"
    error_message = "Only owner_email may become Grafana admin; every other user must be a Viewer."
  }

  assert {
    condition = alltrue([
      for c in jsondecode(aws_ecs_task_definition.monitoring.container_definitions) : (
        !contains([for e in c.environment : e.name], "GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET") &&
        contains([for s in c.secrets : s.name], "GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET")
      ) if c.name == "grafana"
    ])
    error_message = "The OAuth client secret must reach Grafana as an ECS secret from SSM, never as a plain environment variable."
  }

  assert {
    condition     = aws_ssm_parameter.grafana_client_secret.type == "SecureString"
    error_message = "The Grafana client secret must be stored as a SecureString."
  }

  assert {
    condition = (
      aws_cognito_user_pool_client.grafana.generate_secret &&
      aws_cognito_user_pool_client.grafana.callback_urls == toset(["https://grafana.hari328.net/login/generic_oauth"]) &&
      aws_cognito_user_pool_client.grafana.supported_identity_providers == toset(["Google"])
    )
    error_message = "Grafana needs its own Cognito app client with a secret, Google as the only identity provider and its generic_oauth callback."
  }
}

run "domain_must_match_layer_1" {
  command = plan

  variables {
    domain = "example.org"
  }

  expect_failures = [check.domain_matches_layer_1]
}
