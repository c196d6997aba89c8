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

# Login gate: the host gets its own Cognito app client and the rule
# authenticates (order 1) before it forwards (order 2).

run "login_gate_authenticates_before_forwarding" {
  command = apply

  variables {
    name       = "prometheus"
    host       = "prometheus"
    login_gate = true
  }

  assert {
    condition     = [for a in aws_lb_listener_rule.this[0].action : a.type] == ["authenticate-cognito", "forward"]
    error_message = "The login gate must put authenticate-cognito before forward."
  }

  assert {
    condition     = [for a in aws_lb_listener_rule.this[0].action : a.order] == [1, 2]
    error_message = "authenticate-cognito must be order 1 and forward order 2."
  }

  assert {
    condition = (
      aws_lb_listener_rule.this[0].action[0].authenticate_cognito[0].user_pool_arn == var.platform.user_pool_arn &&
      aws_lb_listener_rule.this[0].action[0].authenticate_cognito[0].user_pool_domain == var.platform.user_pool_domain &&
      aws_lb_listener_rule.this[0].action[0].authenticate_cognito[0].user_pool_client_id == aws_cognito_user_pool_client.login_gate[0].id
    )
    error_message = "The authenticate action must use the platform pool, its domain and this host's own client."
  }

  assert {
    condition     = aws_cognito_user_pool_client.login_gate[0].user_pool_id == var.platform.user_pool_id
    error_message = "The login gate client must belong to the platform user pool."
  }

  assert {
    condition     = aws_cognito_user_pool_client.login_gate[0].generate_secret
    error_message = "The ALB needs a client with a secret."
  }

  assert {
    condition     = aws_cognito_user_pool_client.login_gate[0].callback_urls == toset(["https://prometheus.hari328.net/oauth2/idpresponse"])
    error_message = "The client's only callback must be https://<fqdn>/oauth2/idpresponse."
  }

  assert {
    condition     = aws_cognito_user_pool_client.login_gate[0].supported_identity_providers == toset(["Google"])
    error_message = "Google must be the only identity provider of the login gate."
  }

  assert {
    condition = (
      aws_cognito_user_pool_client.login_gate[0].allowed_oauth_flows == toset(["code"]) &&
      aws_cognito_user_pool_client.login_gate[0].allowed_oauth_scopes == toset(["openid", "email"]) &&
      aws_cognito_user_pool_client.login_gate[0].allowed_oauth_flows_user_pool_client
    )
    error_message = "The client must allow only the authorization code flow with openid and email scopes."
  }
}
