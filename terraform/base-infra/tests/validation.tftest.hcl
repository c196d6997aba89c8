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

# Every variable validation must reject a bad value.

# One run, several rules: every variable below is invalid on its own, each rule reads only its
# own variable, and expect_failures lists them all, so the run fails if any one rule stops
# refusing its input (Terraform and OpenTofu report the missing failure by name).
run "each_rule_refuses_its_bad_input" {
  command = plan

  variables {
    # rejects_bad_region
    region = "US East"
    # rejects_bad_name_prefix
    name_prefix = "Platform_1"
    # rejects_bad_domain
    domain = "https://hari328.net/"
    # rejects_bad_owner_email
    owner_email = "owner-at-example.com"
    # rejects_bad_nat_mode
    nat_mode = "nat-gateway"
    # rejects_bad_instance_type
    instance_type = "medium"
    # rejects_negative_min_size
    asg_min_size = -1
  }

  expect_failures = [
    var.region,
    var.name_prefix,
    var.domain,
    var.owner_email,
    var.nat_mode,
    var.instance_type,
    var.asg_min_size,
  ]
}

run "rejects_zero_max_size" {
  command = plan

  variables {
    asg_max_size         = 0
    asg_min_size         = 0
    asg_desired_capacity = 0
  }

  expect_failures = [var.asg_max_size]
}

run "rejects_desired_above_max" {
  command = plan

  variables {
    asg_desired_capacity = 3
  }

  expect_failures = [var.asg_desired_capacity]
}

run "rejects_desired_below_min" {
  command = plan

  variables {
    asg_min_size         = 2
    asg_desired_capacity = 1
  }

  expect_failures = [var.asg_desired_capacity]
}
