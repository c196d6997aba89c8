################################################################################
# Login gate: this host's own Cognito app client (docs/sso.md). The ALB
# authenticate-cognito action needs a client with a secret and the callback
# https://<host>/oauth2/idpresponse. Google is the only identity provider;
# the pool's pre-sign-up trigger admits only allowlisted emails.
################################################################################

resource "aws_cognito_user_pool_client" "login_gate" {
  count = local.login_gate ? 1 : 0

  name         = "${local.family}-alb"
  user_pool_id = var.platform.user_pool_id

  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email"]
  supported_identity_providers         = ["Google"]
  callback_urls                        = ["https://${local.fqdn}/oauth2/idpresponse"]

  # Only the OAuth flow above: no username/password flows.
  explicit_auth_flows           = ["ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
}
