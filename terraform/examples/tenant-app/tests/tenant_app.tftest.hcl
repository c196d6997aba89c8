# The example tenant deploys the sample service at api.<domain> with the
# settings its image needs. Every SSM contract value is mocked as the domain,
# which is all these assertions read.

mock_provider "aws" {
  mock_data "aws_ssm_parameter" {
    defaults = {
      value          = "hari328.net"
      insecure_value = "hari328.net"
    }
  }
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

variables {
  region      = "us-east-1"
  name_prefix = "platform"
  domain      = "hari328.net"
  image_tag   = "3f2c1ab"
}

run "tenant_app_rules" {
  # One apply checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = apply

  # serves the sample service at api
  assert {
    condition     = output.url == "https://api.hari328.net"
    error_message = "The example app must be served at https://api.<domain>."
  }

  assert {
    condition     = module.api.service_name == "api"
    error_message = "The example app's service must be called api."
  }

  assert {
    condition     = output.listener_rule_priority == 45011
    error_message = "The example app's rule priority must be the one derived from api.hari328.net."
  }

  # runs the ci built tag from its own repository
  assert {
    condition     = module.api.image == "${output.ecr_repository_url}:3f2c1ab"
    error_message = "The example must run <its own ECR repository>:<image_tag>, the tag CI built and pushed."
  }
}


run "rejects_latest" {
  command = plan

  variables {
    image_tag = "latest"
  }

  expect_failures = [var.image_tag]
}

run "rejects_bad_name_prefix" {
  command = plan

  variables {
    name_prefix = "Platform"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_bad_domain" {
  command = plan

  variables {
    domain = "not a domain"
  }

  expect_failures = [var.domain]
}
