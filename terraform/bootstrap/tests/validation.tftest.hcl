# Offline: the AWS provider is mocked. Plan only: the bucket and table are prevent_destroy.
mock_provider "aws" {
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
}

variables {
  region      = "us-east-1"
  name_prefix = "platform"
}

# Every variable validation must reject a bad value.

# One run, several rules: every variable below is invalid on its own, each rule reads only its
# own variable, and expect_failures lists them all, so the run fails if any one rule stops
# refusing its input (Terraform and OpenTofu report the missing failure by name).
run "each_rule_refuses_its_bad_input" {
  command = plan

  variables {
    # rejects_bad_region
    region = "useast1"
    # rejects_bad_name_prefix
    name_prefix = "-x"
  }

  expect_failures = [
    var.region,
    var.name_prefix,
  ]
}
