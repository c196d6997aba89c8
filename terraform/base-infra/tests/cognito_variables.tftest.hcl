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

# One run, several rules: every variable below is invalid on its own, each rule reads only its
# own variable, and expect_failures lists them all, so the run fails if any one rule stops
# refusing its input (Terraform and OpenTofu report the missing failure by name).
run "each_rule_refuses_its_bad_input" {
  command = plan

  variables {
    # google_client_id_must_be_a_google_client_id
    google_client_id = "not-a-client-id"
    # google_client_secret_must_not_be_empty
    google_client_secret = "  "
    # cognito_domain_prefix_must_be_a_dns_label
    cognito_domain_prefix = "Hari_Friends"
    # cognito_custom_domain_must_be_a_dns_name
    cognito_custom_domain = "https://auth.hari328.net/"
    # presignup_lambda_zip_must_be_a_zip
    presignup_lambda_zip = "build/presignup"
    # sso_log_retention_days_must_be_a_cloudwatch_period
    sso_log_retention_days = 10
    # sso_app_callback_urls_must_be_https
    sso_app_callback_urls = ["http://api.hari328.net/oauth2/callback"]
  }

  expect_failures = [
    var.google_client_id,
    var.google_client_secret,
    var.cognito_domain_prefix,
    var.cognito_custom_domain,
    var.presignup_lambda_zip,
    var.sso_log_retention_days,
    var.sso_app_callback_urls,
  ]
}

run "cognito_domain_prefix_must_not_contain_a_reserved_word" {
  command = plan

  variables {
    cognito_domain_prefix = "my-cognito-login"
  }

  expect_failures = [var.cognito_domain_prefix]
}
