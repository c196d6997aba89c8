################################################################################
# Grafana: https://grafana.<domain>. Grafana cannot validate the ALB's Cognito JWT
# (grafana#8198), so it logs users in itself with auth.generic_oauth against the platform's
# Cognito pool (Google only), with its own app client. owner_email becomes Grafana server
# admin and org Admin, every other admitted user a Viewer. No login form, no basic auth, no
# anonymous access, and no local admin user at all
# (GF_SECURITY_DISABLE_INITIAL_ADMIN_CREATION), so there is no default password to leak.
# Datasources and dashboards are provisioned from config/grafana. Its SQLite database is
# task-local (a task volume, not EFS): see "Database" below.
################################################################################

locals {
  grafana_fqdn       = "grafana.${var.domain}"
  grafana_config_dir = "${local.config_dir}/grafana"
  sso_base_url       = local.platform.sso_base_url

  grafana_dashboards = {
    for f in fileset("${path.module}/config/grafana/dashboards", "*.json") :
    # Minified: the whole task definition must stay under 64 KiB.
    "grafana/dashboards/${f}" => jsonencode(jsondecode(file("${path.module}/config/grafana/dashboards/${f}")))
  }

  # Database. Everything in Grafana is provisioned from code (datasources, dashboards) and
  # every user comes back through the Cognito login with the role the role_attribute_path
  # gives, so the SQLite database holds nothing that must outlive a task: it lives in a task
  # volume on the host's disk. On EFS (NFS) SQLite's locking fails ("database is locked"
  # during the 12.3.0 -> 12.3.1 migrations on EFS, grafana/grafana#115875; the SQLite FAQ warns
  # that fcntl locking is broken on many NFS implementations) and the first start's
  # migrations crawl. Lost on a task replacement: user preferences, stars, API keys made by
  # hand. Dashboards edited in the UI are not saved (provisioned read-only): change
  # config/grafana instead.
  #
  # First start: a fresh database runs all migrations before /api/health answers. On a local
  # disk that takes well under a minute; the ALB checks only count after this grace period,
  # so ECS cannot kill the task mid-migration (the old 60 s on EFS could).
  grafana_first_start_seconds = 300

  grafana_environment = {
    GF_SERVER_ROOT_URL = "https://${local.grafana_fqdn}"
    GF_SERVER_DOMAIN   = local.grafana_fqdn

    GF_PATHS_DATA         = local.grafana_data_dir
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

    # Grafana 12 downloads its "preinstall" plugins from grafana.com at every start unless
    # told not to (pkg/setting/setting_plugins.go: pluginsSection.Key("preinstall_disabled")):
    # phone-home, memory and /tmp pressure. Every datasource used here is bundled.
    GF_PLUGINS_PREINSTALL_DISABLED = "true"

    # Datasource addresses (expanded by Grafana in datasources.yaml): Docker links names.
    PROMETHEUS_URL = local.endpoints.prometheus_url
    LOKI_URL       = local.endpoints.loki_url
    TEMPO_URL      = local.endpoints.tempo_url

    GF_LOG_MODE = "console"
  }

  grafana_container = merge(local.hardened, {
    name              = "grafana"
    image             = local.image_refs.grafana
    essential         = true
    cpu               = 128
    memory            = local.memory.grafana.limit
    memoryReservation = local.memory.grafana.reservation
    user              = "472:472" # grafana/grafana's own user
    environment       = [for k in sort(keys(local.grafana_environment)) : { name = k, value = local.grafana_environment[k] }]
    secrets           = [{ name = "GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET", valueFrom = aws_ssm_parameter.grafana_client_secret.arn }]
    links             = ["prometheus", "loki", "tempo"]
    portMappings      = [{ name = "grafana-http", containerPort = 3000, hostPort = 0, protocol = "tcp" }]
    mountPoints = [
      local.config_mount,
      { sourceVolume = "grafana-data", containerPath = local.grafana_data_dir, readOnly = false },
    ]
    volumesFrom      = []
    dockerLabels     = {}
    dependsOn        = local.after_config_init
    logConfiguration = { logDriver = "awslogs", options = merge(local.log_options, { awslogs-stream-prefix = "grafana" }) }
  })
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
