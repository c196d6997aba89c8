################################################################################
# Grafana: https://grafana.<domain>. Grafana cannot validate the ALB's Cognito JWT
# (grafana#8198), so it logs users in itself with auth.generic_oauth against the platform's
# Cognito pool (Google only), with its own app client. owner_email becomes Grafana server
# admin and org Admin, every other admitted user a Viewer. No login form, no basic auth, no
# anonymous access, and no local admin user at all
# (GF_SECURITY_DISABLE_INITIAL_ADMIN_CREATION), so there is no default password to leak.
# Datasources and dashboards are provisioned from config/grafana; the database (users,
# preferences) is SQLite on an EFS access point with one writer.
################################################################################

locals {
  grafana_fqdn       = "grafana.${var.domain}"
  grafana_config_dir = "/etc/grafana-config"
  sso_base_url       = local.platform.sso_base_url

  grafana_dashboards = {
    for f in fileset("${path.module}/config/grafana/dashboards", "*.json") :
    # Minified: the whole task definition must stay under 64 KiB.
    "dashboards/${f}" => jsonencode(jsondecode(file("${path.module}/config/grafana/dashboards/${f}")))
  }

  grafana_environment = {
    GF_SERVER_ROOT_URL = "https://${local.grafana_fqdn}"
    GF_SERVER_DOMAIN   = local.grafana_fqdn

    GF_PATHS_DATA         = "/var/lib/grafana"
    GF_PATHS_PROVISIONING = "${local.grafana_config_dir}/provisioning"
    # Expanded by Grafana in provisioning/dashboards/dashboards.yaml.
    DASHBOARDS_PATH = "${local.grafana_config_dir}/dashboards"
    # Expanded in provisioning/datasources/datasources.yaml (CloudWatch).
    AWS_REGION = var.region

    # Login: Cognito (Google) only.
    GF_AUTH_GENERIC_OAUTH_ENABLED                    = "true"
    GF_AUTH_GENERIC_OAUTH_NAME                       = "Google"
    GF_AUTH_GENERIC_OAUTH_CLIENT_ID                  = aws_cognito_user_pool_client.grafana.id
    GF_AUTH_GENERIC_OAUTH_SCOPES                     = "openid email profile"
    GF_AUTH_GENERIC_OAUTH_AUTH_URL                   = "${local.sso_base_url}/oauth2/authorize"
    GF_AUTH_GENERIC_OAUTH_TOKEN_URL                  = "${local.sso_base_url}/oauth2/token"
    GF_AUTH_GENERIC_OAUTH_API_URL                    = "${local.sso_base_url}/oauth2/userInfo"
    GF_AUTH_GENERIC_OAUTH_USE_PKCE                   = "true"
    GF_AUTH_GENERIC_OAUTH_ALLOW_SIGN_UP              = "true"
    GF_AUTH_GENERIC_OAUTH_AUTO_LOGIN                 = "true"
    GF_AUTH_GENERIC_OAUTH_EMAIL_ATTRIBUTE_PATH       = "email"
    GF_AUTH_GENERIC_OAUTH_LOGIN_ATTRIBUTE_PATH       = "email"
    GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH        = "email == '${lower(var.owner_email)}' && 'GrafanaAdmin' || 'Viewer'"
    GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_STRICT      = "false"
    GF_AUTH_GENERIC_OAUTH_ALLOW_ASSIGN_GRAFANA_ADMIN = "true"
    GF_AUTH_GENERIC_OAUTH_SKIP_ORG_ROLE_SYNC         = "false"
    GF_AUTH_SIGNOUT_REDIRECT_URL                     = "${local.sso_base_url}/logout?client_id=${aws_cognito_user_pool_client.grafana.id}&logout_uri=https://${local.grafana_fqdn}/login"
    GF_AUTH_DISABLE_LOGIN_FORM                       = "true"
    GF_AUTH_BASIC_ENABLED                            = "false"
    GF_AUTH_ANONYMOUS_ENABLED                        = "false"
    GF_USERS_ALLOW_SIGN_UP                           = "false"
    GF_SECURITY_DISABLE_INITIAL_ADMIN_CREATION       = "true"
    GF_SECURITY_COOKIE_SECURE                        = "true"
    GF_SECURITY_COOKIE_SAMESITE                      = "lax"

    # No phone-home.
    GF_ANALYTICS_REPORTING_ENABLED        = "false"
    GF_ANALYTICS_CHECK_FOR_UPDATES        = "false"
    GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES = "false"
    GF_ANALYTICS_FEEDBACK_LINKS_ENABLED   = "false"
    GF_NEWS_NEWS_FEED_ENABLED             = "false"

    GF_LOG_MODE = "console"
  }
}

module "grafana" {
  source = "../modules/ecs-service"

  platform = local.platform
  name     = "grafana"
  image    = local.images.grafana
  user     = "${local.efs_users.grafana.uid}:${local.efs_users.grafana.gid}"

  container_port    = 3000
  host              = "grafana"
  login_gate        = false # Grafana's own OAuth login, see above.
  health_check_path = "/api/health"

  cpu                = 128
  memory             = local.memory.grafana.limit
  memory_reservation = local.memory.grafana.reservation
  desired_count      = 1

  deployment_minimum_healthy_percent = local.single_writer.deployment_minimum_healthy_percent
  deployment_maximum_percent         = local.single_writer.deployment_maximum_percent

  efs_volumes = [{
    name            = "data"
    access_point_id = aws_efs_access_point.this["grafana"].id
    container_path  = "/var/lib/grafana"
  }]

  config_files = merge({
    "provisioning/datasources/datasources.yaml" = file("${path.module}/config/grafana/provisioning/datasources/datasources.yaml")
    "provisioning/dashboards/dashboards.yaml"   = file("${path.module}/config/grafana/provisioning/dashboards/dashboards.yaml")
  }, local.grafana_dashboards)
  config_mount_path = local.grafana_config_dir

  environment = local.grafana_environment
  secrets = {
    GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET = aws_ssm_parameter.grafana_client_secret.arn
  }

  # Calls Prometheus, Loki and Tempo through Service Connect; serves nobody in the mesh.
  service_connect = { discovery_name = "grafana", client_only = true }

  task_role_policy_json = data.aws_iam_policy_document.grafana_cloudwatch.json
  otlp_endpoint         = null
  log_retention_days    = var.monitoring_retention_days.container_logs
}

# Grafana's own Cognito app client: authorization-code flow with a secret, Google only.
resource "aws_cognito_user_pool_client" "grafana" {
  name         = "${local.name_prefix}-grafana"
  user_pool_id = local.platform.user_pool_id

  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "profile"]
  supported_identity_providers         = ["Google"]
  callback_urls                        = ["https://${local.grafana_fqdn}/login/generic_oauth"]
  logout_urls                          = ["https://${local.grafana_fqdn}/login"]

  explicit_auth_flows           = ["ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
}

# A warning, not an error: Grafana's callback URL and cookies use var.domain, the ALB rules
# and DNS records use Layer 1's zone. They must be the same name.
check "domain_matches_layer_1" {
  assert {
    condition     = var.domain == local.platform.zone_name
    error_message = "The domain variable must equal the zone Layer 1 created (/infra/zone-name): pass the same platform.tfvars to every layer."
  }
}

# The client secret reaches Grafana as an ECS secret (resolved by the execution role at task
# start), never as a plain environment variable in the task definition.
resource "aws_ssm_parameter" "grafana_client_secret" {
  name        = "/monitoring/grafana/oauth-client-secret"
  description = "Client secret of Grafana's Cognito app client (written by terraform/monitoring)."
  type        = "SecureString"
  value       = aws_cognito_user_pool_client.grafana.client_secret
}

# CloudWatch metrics for the platform dashboard (ALB, ECS, EC2). These read-only calls support
# no resource-level permissions (Service Authorization Reference).
data "aws_iam_policy_document" "grafana_cloudwatch" {
  statement {
    sid = "ReadMetrics"
    actions = [
      "cloudwatch:GetMetricData",
      "cloudwatch:GetMetricStatistics",
      "cloudwatch:ListMetrics",
      "cloudwatch:DescribeAlarms",
      "cloudwatch:DescribeAlarmsForMetric",
      "ec2:DescribeInstances",
      "ec2:DescribeRegions",
      "ec2:DescribeTags",
      "tag:GetResources",
    ]
    resources = ["*"]
  }
}
