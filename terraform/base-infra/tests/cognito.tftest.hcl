# Offline: the AWS provider is mocked; data sources and ACM get realistic values.
mock_provider "aws" {
  # One instance-type offerings query per AZ (dependencies.tf): every AZ offers what the layer launches.
  mock_data "aws_ec2_instance_type_offerings" {
    defaults = {
      instance_types = ["t3.medium", "t4g.nano"]
    }
  }

  mock_data "aws_availability_zones" {
    defaults = {
      names = ["us-east-1a", "us-east-1b", "us-east-1c"]
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000001"
      # ACM gives the wildcard and the apex the same validation record.
      domain_validation_options = [
        {
          domain_name           = "*.hari328.net"
          resource_record_name  = "_abc.hari328.net."
          resource_record_type  = "CNAME"
          resource_record_value = "_xyz.acm-validations.aws."
        },
        {
          domain_name           = "hari328.net"
          resource_record_name  = "_abc.hari328.net."
          resource_record_type  = "CNAME"
          resource_record_value = "_xyz.acm-validations.aws."
        },
      ]
    }
  }
}

# Variables: tests/layer.auto.tfvars (the seed profile) and tests/sso.auto.tfvars.

run "cognito_rules" {
  # One apply checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = apply

  # the pre sign up trigger is wired to the pool
  assert {
    condition     = aws_cognito_user_pool.this.lambda_config[0].pre_sign_up == aws_lambda_function.presignup.arn
    error_message = "The user pool's pre-sign-up trigger must be the allowlist Lambda."
  }

  assert {
    condition     = aws_lambda_permission.presignup.principal == "cognito-idp.amazonaws.com" && aws_lambda_permission.presignup.action == "lambda:InvokeFunction" && aws_lambda_permission.presignup.function_name == aws_lambda_function.presignup.function_name
    error_message = "Cognito must be allowed to invoke the pre-sign-up Lambda, and only through lambda:InvokeFunction."
  }

  assert {
    condition     = aws_lambda_permission.presignup.source_arn == aws_cognito_user_pool.this.arn
    error_message = "The Lambda permission must be limited to this user pool's ARN, so no other pool can invoke the trigger."
  }

  # the pool is protected and closed to self sign up
  assert {
    condition     = aws_cognito_user_pool.this.deletion_protection == "ACTIVE"
    error_message = "The user pool must have deletion protection on."
  }

  assert {
    condition     = aws_cognito_user_pool.this.admin_create_user_config[0].allow_admin_create_user_only
    error_message = "The user pool must not allow self sign-up: only admins create users, Google users pass the trigger."
  }

  assert {
    condition     = toset(aws_cognito_user_pool.this.username_attributes) == toset(["email"])
    error_message = "Email must be the user pool's sign-in attribute."
  }

  # google is the identity provider and sends email verified
  assert {
    condition     = aws_cognito_identity_provider.google.provider_name == "Google" && aws_cognito_identity_provider.google.provider_type == "Google" && aws_cognito_identity_provider.google.user_pool_id == aws_cognito_user_pool.this.id
    error_message = "The pool must have a Google identity provider named Google (the name app clients list)."
  }

  assert {
    condition     = aws_cognito_identity_provider.google.attribute_mapping["email"] == "email" && aws_cognito_identity_provider.google.attribute_mapping["email_verified"] == "email_verified"
    error_message = "Google's email and email_verified claims must be mapped, or the trigger refuses everyone."
  }

  assert {
    condition     = aws_cognito_identity_provider.google.provider_details["client_id"] == var.google_client_id
    error_message = "The Google provider must use the google_client_id input."
  }

  assert {
    condition     = toset(aws_cognito_user_pool_client.apps.supported_identity_providers) == toset(["Google"]) && aws_cognito_user_pool_client.apps.user_pool_id == aws_cognito_user_pool.this.id
    error_message = "The shared app client of the pool must allow only Google, so every user passes the allowlist trigger."
  }

  assert {
    condition     = !aws_cognito_user_pool_client.apps.generate_secret && toset(aws_cognito_user_pool_client.apps.allowed_oauth_flows) == toset(["code"]) && toset(aws_cognito_user_pool_client.apps.explicit_auth_flows) == toset(["ALLOW_REFRESH_TOKEN_AUTH"])
    error_message = "The shared app client must be a public code-flow client (PKCE, no secret) with no password sign-in."
  }

  assert {
    condition     = toset(aws_cognito_user_pool_client.apps.callback_urls) == toset(["https://api.hari328.net/oauth2/callback"]) && aws_ssm_parameter.contract["/infra/sso/app-client-id"].value == aws_cognito_user_pool_client.apps.id
    error_message = "The shared app client must call back to https://api.<domain>/oauth2/callback by default and be published as /infra/sso/app-client-id."
  }

  # the trigger runs go on arm64 with the built zip
  assert {
    condition     = aws_lambda_function.presignup.runtime == "provided.al2023" && aws_lambda_function.presignup.architectures == tolist(["arm64"]) && aws_lambda_function.presignup.handler == "bootstrap"
    error_message = "The trigger must run on provided.al2023, arm64, with the bootstrap binary."
  }

  assert {
    condition     = aws_lambda_function.presignup.source_code_hash == filebase64sha256("${path.module}/../../${var.presignup_lambda_zip}")
    error_message = "The Lambda's source_code_hash must be the SHA-256 of the zip, so a new build redeploys it."
  }

  assert {
    condition     = aws_lambda_function.presignup.environment[0].variables["ALLOWED_EMAILS_PARAMETER"] == "/infra/sso/allowed-emails"
    error_message = "The trigger must be told the allowlist parameter's name (/infra/sso/allowed-emails)."
  }

  assert {
    condition     = aws_lambda_function.presignup.timeout <= 5
    error_message = "The trigger must finish within Cognito's 5-second limit."
  }

  assert {
    condition     = aws_cloudwatch_log_group.presignup.name == "/aws/lambda/${aws_lambda_function.presignup.function_name}" && aws_cloudwatch_log_group.presignup.retention_in_days == 30
    error_message = "The trigger's log group must be the Lambda's own, with a retention period."
  }

  # the trigger may read only the allowlist and write only its logs
  assert {
    condition = jsondecode(aws_iam_role_policy.presignup.policy).Statement == [
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
    error_message = "The trigger's role must allow only writing its own log streams and reading the allowlist parameter."
  }

  assert {
    condition     = jsondecode(aws_iam_role.presignup.assume_role_policy).Statement[0].Principal.Service == "lambda.amazonaws.com"
    error_message = "Only Lambda may assume the trigger's role."
  }

  # the sso contract parameters are published
  assert {
    condition     = aws_ssm_parameter.contract["/infra/sso/user-pool-id"].value == aws_cognito_user_pool.this.id && aws_ssm_parameter.contract["/infra/sso/user-pool-arn"].value == aws_cognito_user_pool.this.arn
    error_message = "/infra/sso/user-pool-id and /infra/sso/user-pool-arn must hold the pool's id and ARN."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/sso/domain"].value == aws_cognito_user_pool_domain.this.domain
    error_message = "/infra/sso/domain must hold the pool's domain as the ALB action takes it."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/sso/base-url"].value == "https://${aws_cognito_user_pool_domain.this.domain}.auth.us-east-1.amazoncognito.com"
    error_message = "/infra/sso/base-url must be the prefix domain's hosted UI URL."
  }

  assert {
    condition     = length(setsubtract(["/infra/sso/user-pool-id", "/infra/sso/user-pool-arn", "/infra/sso/domain", "/infra/sso/base-url", "/infra/sso/allowed-emails"], output.contract_parameter_names)) == 0
    error_message = "The layer's contract_parameter_names output must list every /infra/sso/* parameter, the allowlist included."
  }
}





run "the_allowlist_starts_with_the_owner_and_is_left_to_platformctl" {
  command = apply

  variables {
    owner_email = "Owner@Hari328.net"
  }

  assert {
    condition     = aws_ssm_parameter.allowed_emails.name == "/infra/sso/allowed-emails" && aws_ssm_parameter.allowed_emails.type == "StringList"
    error_message = "The allowlist must be the StringList parameter /infra/sso/allowed-emails."
  }

  assert {
    condition     = aws_ssm_parameter.allowed_emails.value == "owner@hari328.net"
    error_message = "The allowlist must start with the owner's email, lower-cased as the trigger compares it."
  }
}


run "a_missing_lambda_zip_stops_the_plan_with_the_fix" {
  command = plan

  variables {
    presignup_lambda_zip = "build/does-not-exist.zip"
  }

  expect_failures = [aws_lambda_function.presignup]
}
