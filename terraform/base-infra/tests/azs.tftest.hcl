# Offline: the AWS provider is mocked. Issue 10 item 5: AZs are chosen by instance-type availability.
mock_provider "aws" {
  # One instance-type offerings query per AZ (dependencies.tf): every AZ offers what the layer launches.
  mock_data "aws_ec2_instance_type_offerings" {
    defaults = {
      instance_types = ["t3.medium", "t4g.nano"]
    }
  }

  mock_data "aws_availability_zones" {
    defaults = {
      names = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"]
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

variables {
  nat_mode = "instance" # the rest: tests/layer.auto.tfvars
}

# OpenTofu's override_data takes a whole resource, not one AZ's instance, so every AZ answers
# alike here: the runs check what each AZ is asked and that an AZ lacking a type never counts.
run "every_az_offering_both_types_qualifies" {
  command = plan

  assert {
    condition     = tolist(local.azs) == tolist(["us-east-1a", "us-east-1b"]) && aws_subnet.public[0].availability_zone == "us-east-1a" && aws_subnet.private[1].availability_zone == "us-east-1b"
    error_message = "With every AZ offering the instance types, the subnets must use the first two AZs, sorted."
  }

  assert {
    condition     = length(data.aws_ec2_instance_type_offerings.az) == 4 && alltrue([for d in data.aws_ec2_instance_type_offerings.az : d.location_type == "availability-zone"])
    error_message = "Every available AZ must be asked which instance types it offers."
  }

  assert {
    condition     = toset(flatten([for f in data.aws_ec2_instance_type_offerings.az["us-east-1c"].filter : f.values if f.name == "instance-type"])) == toset(["t3.medium", "t4g.nano"]) && toset(flatten([for f in data.aws_ec2_instance_type_offerings.az["us-east-1c"].filter : f.values if f.name == "location"])) == toset(["us-east-1c"])
    error_message = "Each AZ's offerings query must name that AZ and ask for the host type and, in nat_mode = instance, the NAT instance type."
  }
}

# Every AZ offers the host type but none the NAT instance type (as t4g is missing in some AZs).
run "azs_without_the_nat_instance_type_are_refused" {
  command = plan

  override_data {
    target = data.aws_ec2_instance_type_offerings.az
    values = {
      instance_types = ["t3.medium"]
    }
  }

  expect_failures = [aws_subnet.public]
}

# The same AZs qualify when no NAT instance is launched: only the host type counts.
run "only_the_host_type_counts_without_a_nat_instance" {
  command = plan

  variables {
    nat_mode = "gateway"
  }

  override_data {
    target = data.aws_ec2_instance_type_offerings.az
    values = {
      instance_types = ["t3.medium"]
    }
  }

  assert {
    condition     = tolist(local.azs) == tolist(["us-east-1a", "us-east-1b"]) && toset(flatten([for f in data.aws_ec2_instance_type_offerings.az["us-east-1a"].filter : f.values if f.name == "instance-type"])) == toset(["t3.medium"])
    error_message = "Without a NAT instance, AZs that offer the host type qualify, and only the host type is asked for."
  }
}

run "no_az_offering_the_host_type_is_refused" {
  command = plan

  variables {
    nat_mode      = "gateway"
    instance_type = "m7g.large"
  }

  override_data {
    target = data.aws_ec2_instance_type_offerings.az
    values = {
      instance_types = []
    }
  }

  expect_failures = [aws_subnet.public]
}
