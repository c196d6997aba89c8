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

run "rejects_bad_region" {
  command = plan

  variables {
    region = "US East"
  }

  expect_failures = [var.region]
}

run "rejects_bad_name_prefix" {
  command = plan

  variables {
    name_prefix = "Platform_1"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_bad_domain" {
  command = plan

  variables {
    domain = "https://hari328.net/"
  }

  expect_failures = [var.domain]
}

run "rejects_bad_owner_email" {
  command = plan

  variables {
    owner_email = "owner-at-example.com"
  }

  expect_failures = [var.owner_email]
}

run "rejects_bad_nat_mode" {
  command = plan

  variables {
    nat_mode = "nat-gateway"
  }

  expect_failures = [var.nat_mode]
}

run "rejects_bad_instance_type" {
  command = plan

  variables {
    instance_type = "medium"
  }

  expect_failures = [var.instance_type]
}

run "rejects_negative_min_size" {
  command = plan

  variables {
    asg_min_size = -1
  }

  expect_failures = [var.asg_min_size]
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
