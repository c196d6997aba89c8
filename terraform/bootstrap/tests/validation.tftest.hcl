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

run "rejects_bad_region" {
  command = plan

  variables {
    region = "useast1"
  }

  expect_failures = [var.region]
}

run "rejects_bad_name_prefix" {
  command = plan

  variables {
    name_prefix = "-x"
  }

  expect_failures = [var.name_prefix]
}
