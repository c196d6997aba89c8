# Offline: the AWS provider is mocked; data sources and ACM get realistic values.
#
# ECS refuses capacity provider names prefixed with "aws", "ecs" or "fargate" (API reference,
# CreateCapacityProvider, request parameter name); the platform names its capacity provider
# "<name_prefix>-hosts", so such a name_prefix is refused before anything is created.
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

run "accepts_reserved_words_inside_the_prefix" {
  command = plan

  variables {
    name_prefix = "lab-ecs-fargate"
  }

  assert {
    condition     = aws_ecs_capacity_provider.this.name == "lab-ecs-fargate-hosts"
    error_message = "A name_prefix that contains ecs or fargate after its start must be accepted: ECS only refuses them as a prefix."
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
