# Offline: the AWS provider is mocked. Plan only: the bucket and table are prevent_destroy.
#
# The name_prefix is shared by every layer (docs/contract.md). base-infra names its ECS
# capacity provider "<name_prefix>-hosts", and ECS refuses capacity provider names prefixed
# with "aws", "ecs" or "fargate" (API reference, CreateCapacityProvider, request parameter
# name): bootstrap refuses such a prefix too, before the state bucket is named after it.
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

run "accepts_reserved_words_inside_the_prefix" {
  command = plan

  variables {
    name_prefix = "lab-ecs-aws"
  }

  assert {
    condition     = aws_s3_bucket.state.bucket == "lab-ecs-aws-tfstate-123456789012"
    error_message = "A name_prefix that contains aws or ecs after its start must be accepted: ECS only refuses them as a prefix."
  }
}

run "rejects_name_prefix_aws" {
  command = plan

  variables {
    name_prefix = "aws-platform"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_name_prefix_ecs" {
  command = plan

  variables {
    name_prefix = "ecs"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_name_prefix_fargate" {
  command = plan

  variables {
    name_prefix = "fargatelab"
  }

  expect_failures = [var.name_prefix]
}
