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

# tfcheck: own run (the next run changes owner_email on the allowlist it applies)
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

# After the first apply `platformctl friends add|remove` owns the list: a later apply, even with
# another owner_email, must not write it back (ignore_changes = [value], cognito.tf).
run "a_later_apply_leaves_the_allowlist_to_platformctl" {
  command = plan

  variables {
    owner_email = "new-owner@hari328.net"
  }

  assert {
    condition     = aws_ssm_parameter.allowed_emails.value == "owner@hari328.net"
    error_message = "A later apply must keep the allowlist platformctl manages (ignore_changes = [value] on aws_ssm_parameter.allowed_emails)."
  }
}


run "a_missing_lambda_zip_stops_the_plan_with_the_fix" {
  command = plan

  variables {
    presignup_lambda_zip = "build/does-not-exist.zip"
  }

  expect_failures = [aws_lambda_function.presignup]
}
