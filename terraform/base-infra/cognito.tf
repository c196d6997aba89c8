# SSO for friends (docs/decisions/0016-login-cognito-google-allowlist.md, docs/sso.md): a Cognito user pool whose only way in is
# Google, and a pre-sign-up Lambda (cmd/presignup, Go) that admits only the email addresses on
# the allowlist parameter. Hosts opt in with the login gate of terraform/modules/ecs-service,
# which creates each host's own app client from the /infra/sso/* parameters written here.

locals {
  # Globally unique per region: the name prefix plus a short hash of the domain the owner holds.
  cognito_domain_prefix = coalesce(var.cognito_domain_prefix, "${var.name_prefix}-${substr(sha256(var.domain), 0, 8)}")
  cognito_custom_domain = var.cognito_custom_domain != null ? var.cognito_custom_domain : ""
  use_custom_domain     = local.cognito_custom_domain != ""

  # What the ALB authenticate-cognito action takes as user_pool_domain: the prefix alone, or
  # the custom domain's full name.
  sso_domain   = local.use_custom_domain ? local.cognito_custom_domain : local.cognito_domain_prefix
  sso_base_url = local.use_custom_domain ? "https://${local.cognito_custom_domain}" : "https://${local.cognito_domain_prefix}.auth.${var.region}.amazoncognito.com"

  presignup_function_name = "${local.name_prefix}-sso-presignup"
  # Relative paths are taken from the repository root (docs/contract.md); the zip is built by
  # `make lambda` (go run ./cmd/lambdazip) before Terraform runs (docs/decisions/0012-aws-provider-only.md).
  presignup_lambda_zip = startswith(var.presignup_lambda_zip, "/") ? var.presignup_lambda_zip : "${path.module}/../../${var.presignup_lambda_zip}"

  # Joins the /infra/* contract in ssm.tf. The allowlist parameter is not in this map: its value
  # belongs to `platformctl friends`, so it is its own resource below (ignore_changes = [value]).
  sso_parameters = {
    "/infra/sso/user-pool-id"  = { type = "String", value = aws_cognito_user_pool.this.id }
    "/infra/sso/user-pool-arn" = { type = "String", value = aws_cognito_user_pool.this.arn }
    "/infra/sso/domain"        = { type = "String", value = aws_cognito_user_pool_domain.this.domain }
    "/infra/sso/base-url"      = { type = "String", value = local.sso_base_url }
    "/infra/sso/app-client-id" = { type = "String", value = aws_cognito_user_pool_client.apps.id }
  }

  # Where the shared app client may send users back to: by default the sample tenant's host.
  sso_app_callback_urls = length(var.sso_app_callback_urls) > 0 ? var.sso_app_callback_urls : ["https://api.${var.domain}/oauth2/callback"]
}

################################################################################
# User pool
################################################################################

resource "aws_cognito_user_pool" "this" {
  name = "${local.name_prefix}-sso"

  # Lite covers federation with Google, Lambda triggers and the classic hosted UI; its free
  # tier (10,000 MAU) is the same as Essentials' and it costs less above it.
  user_pool_tier = "LITE"
  # On unless the platform is being destroyed: `platformctl down` applies this pool with
  # cognito_deletion_protection = false first, as it does the ALB, or the destroy would stop
  # at the pool ("deletion protection is activated") with its clients and domain already gone.
  # https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-deletion-protection.html
  deletion_protection = var.cognito_deletion_protection ? "ACTIVE" : "INACTIVE"

  # Email is the sign-in attribute; nobody signs themselves up. Google users are still created
  # on their first sign-in (federation is not self sign-up), which is why the pre-sign-up
  # trigger decides who gets in.
  username_attributes = ["email"]
  username_configuration {
    case_sensitive = false
  }
  admin_create_user_config {
    allow_admin_create_user_only = true
  }
  account_recovery_setting {
    recovery_mechanism {
      name     = "admin_only"
      priority = 1
    }
  }
  mfa_configuration = "OFF" # Google's own sign-in carries the second factor.

  lambda_config {
    pre_sign_up = aws_lambda_function.presignup.arn
  }

  tags = {
    Name = "${local.name_prefix}-sso"
  }
}

# Google as identity provider. The client secret is a sensitive input (TF_VAR_google_client_secret);
# it is stored in the Terraform state, which lives encrypted in the state bucket (docs/sso.md).
resource "aws_cognito_identity_provider" "google" {
  user_pool_id  = aws_cognito_user_pool.this.id
  provider_name = "Google" # the name app clients list in supported_identity_providers
  provider_type = "Google"

  provider_details = {
    client_id        = var.google_client_id
    client_secret    = var.google_client_secret
    authorize_scopes = "openid email profile"
  }

  # email_verified must be mapped explicitly, or Cognito marks every Google address unverified
  # and the trigger refuses everyone. Cognito passes it to the trigger as "true" / "false".
  attribute_mapping = {
    email          = "email"
    email_verified = "email_verified"
    name           = "name"
    username       = "sub"
  }

  # Cognito fills in Google's endpoints itself; without this every plan would strip them.
  lifecycle {
    ignore_changes = [
      provider_details["attributes_url"],
      provider_details["attributes_url_add_attributes"],
      provider_details["authorize_url"],
      provider_details["oidc_issuer"],
      provider_details["token_request_method"],
      provider_details["token_url"],
    ]
  }
}

# The seed's "user pool client": one shared public app client for tenant apps that sign users
# in themselves (a front end of api.<domain> that sends Cognito ID tokens to its backend, which
# checks them against the pool and this client id, published as /infra/sso/app-client-id).
# Authorization code flow with PKCE and no secret, since a browser cannot keep one; Google is
# the only way in, so the pre-sign-up allowlist applies. Hosts behind the ALB login gate get
# their own confidential client (terraform/modules/ecs-service), Grafana its own (monitoring).
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cognito_user_pool_client
resource "aws_cognito_user_pool_client" "apps" {
  name         = "${local.name_prefix}-apps"
  user_pool_id = aws_cognito_user_pool.this.id

  generate_secret                      = false
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "profile"]
  supported_identity_providers         = [aws_cognito_identity_provider.google.provider_name]
  callback_urls                        = local.sso_app_callback_urls

  # Only refresh tokens: no password or SRP sign-in, the hosted UI with Google is the way in.
  explicit_auth_flows           = ["ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true

  access_token_validity  = 60
  id_token_validity      = 60
  refresh_token_validity = 30
  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
}

# The hosted UI domain: the free prefix domain <prefix>.auth.<region>.amazoncognito.com, or a
# custom domain under var.domain served with the platform's certificate.
resource "aws_cognito_user_pool_domain" "this" {
  user_pool_id          = aws_cognito_user_pool.this.id
  domain                = local.sso_domain
  certificate_arn       = local.use_custom_domain ? local.certificate_arn : null
  managed_login_version = 1 # hosted UI (classic): no branding resources needed

  # A custom domain needs the apex A record first (dns.tf, aws_route53_record.apex).
  depends_on = [aws_route53_record.apex]

  lifecycle {
    precondition {
      condition     = local.use_custom_domain || !can(regex("aws|amazon|cognito", local.cognito_domain_prefix))
      error_message = "The Cognito domain prefix must not contain \"aws\", \"amazon\" or \"cognito\": set cognito_domain_prefix to another value."
    }
    precondition {
      condition     = !local.use_custom_domain || endswith(local.cognito_custom_domain, ".${var.domain}")
      error_message = "The cognito_custom_domain must be a name under the platform domain (e.g. auth.<domain>) so the platform certificate covers it."
    }
    precondition {
      # Cognito serves custom domains from CloudFront, which takes certificates from us-east-1 only.
      condition     = !local.use_custom_domain || var.region == "us-east-1"
      error_message = "A Cognito custom domain needs the platform certificate in us-east-1: leave cognito_custom_domain unset in other regions."
    }
    precondition {
      condition     = !local.use_custom_domain || var.wait_for_certificate
      error_message = "A Cognito custom domain needs an issued certificate: set wait_for_certificate = true (after the registrar step) before setting cognito_custom_domain."
    }
  }
}

resource "aws_route53_record" "cognito_custom_domain" {
  count = local.use_custom_domain ? 1 : 0

  zone_id = aws_route53_zone.this.zone_id
  name    = local.cognito_custom_domain
  type    = "A"

  alias {
    name                   = aws_cognito_user_pool_domain.this.cloudfront_distribution
    zone_id                = aws_cognito_user_pool_domain.this.cloudfront_distribution_zone_id
    evaluate_target_health = false
  }
}

################################################################################
# Allowlist
################################################################################

# Terraform creates the list with the owner on it; `platformctl friends add|remove` owns the
# value afterwards. The trigger reads it at most once a minute.
resource "aws_ssm_parameter" "allowed_emails" {
  name        = "/infra/sso/allowed-emails"
  description = "SSO allowlist (docs/sso.md): edit with platformctl friends, not by hand"
  type        = "StringList"
  value       = lower(trimspace(var.owner_email))
  tier        = "Standard"

  lifecycle {
    ignore_changes = [value]
  }
}

################################################################################
# Pre-sign-up trigger
################################################################################

resource "aws_cloudwatch_log_group" "presignup" {
  name              = "/aws/lambda/${local.presignup_function_name}"
  retention_in_days = var.sso_log_retention_days
}

resource "aws_iam_role" "presignup" {
  name        = local.presignup_function_name
  description = "Execution role of the SSO pre-sign-up trigger"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
}

# Only its own log group and the one parameter it reads.
resource "aws_iam_role_policy" "presignup" {
  name = "logs-and-allowlist"
  role = aws_iam_role.presignup.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteOwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.presignup.arn}:log-stream:*"
      },
      {
        Sid      = "ReadAllowlist"
        Effect   = "Allow"
        Action   = "ssm:GetParameter"
        Resource = aws_ssm_parameter.allowed_emails.arn
      },
    ]
  })
}

resource "aws_lambda_function" "presignup" {
  function_name = local.presignup_function_name
  description   = "Cognito pre-sign-up trigger: admits only the emails on ${aws_ssm_parameter.allowed_emails.name}"
  role          = aws_iam_role.presignup.arn

  runtime       = "provided.al2023"
  architectures = ["arm64"]
  handler       = "bootstrap"

  filename = local.presignup_lambda_zip
  # The precondition below names the fix when the zip is missing; fileexists keeps this from
  # failing first with a bare "no file" error.
  source_code_hash = fileexists(local.presignup_lambda_zip) ? filebase64sha256(local.presignup_lambda_zip) : null

  memory_size = 128
  timeout     = 5 # Cognito waits 5 seconds for a trigger

  environment {
    variables = {
      ALLOWED_EMAILS_PARAMETER = aws_ssm_parameter.allowed_emails.name
    }
  }

  # The log group and the permissions exist before the first invocation.
  depends_on = [aws_cloudwatch_log_group.presignup, aws_iam_role_policy.presignup]

  lifecycle {
    precondition {
      condition     = fileexists(local.presignup_lambda_zip)
      error_message = "The pre-sign-up Lambda zip is missing: run `make lambda` (go run ./cmd/lambdazip -pkg ./cmd/presignup -out build/presignup.zip) at the repository root, or set presignup_lambda_zip."
    }
  }
}

resource "aws_lambda_permission" "presignup" {
  statement_id  = "AllowCognitoPreSignUp"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.presignup.function_name
  principal     = "cognito-idp.amazonaws.com"
  source_arn    = aws_cognito_user_pool.this.arn
}
