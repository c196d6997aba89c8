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

run "google_client_id_must_be_a_google_client_id" {
  command = plan

  variables {
    google_client_id = "not-a-client-id"
  }

  expect_failures = [var.google_client_id]
}

run "google_client_secret_must_not_be_empty" {
  command = plan

  variables {
    google_client_secret = "  "
  }

  expect_failures = [var.google_client_secret]
}

run "cognito_domain_prefix_must_be_a_dns_label" {
  command = plan

  variables {
    cognito_domain_prefix = "Hari_Friends"
  }

  expect_failures = [var.cognito_domain_prefix]
}

run "cognito_domain_prefix_must_not_contain_a_reserved_word" {
  command = plan

  variables {
    cognito_domain_prefix = "my-cognito-login"
  }

  expect_failures = [var.cognito_domain_prefix]
}

run "cognito_custom_domain_must_be_a_dns_name" {
  command = plan

  variables {
    cognito_custom_domain = "https://auth.hari328.net/"
  }

  expect_failures = [var.cognito_custom_domain]
}

run "presignup_lambda_zip_must_be_a_zip" {
  command = plan

  variables {
    presignup_lambda_zip = "build/presignup"
  }

  expect_failures = [var.presignup_lambda_zip]
}

run "sso_log_retention_days_must_be_a_cloudwatch_period" {
  command = plan

  variables {
    sso_log_retention_days = 10
  }

  expect_failures = [var.sso_log_retention_days]
}

run "sso_app_callback_urls_must_be_https" {
  command = plan

  variables {
    sso_app_callback_urls = ["http://api.hari328.net/oauth2/callback"]
  }

  expect_failures = [var.sso_app_callback_urls]
}
