# Offline: the AWS provider is mocked; data sources and ACM get realistic values.
#
# base-infra goes on in two phases (`platformctl up`, docs/dns-ssl.md): phase 1 applies only
# the zone, the certificate request and its validation records (-target); phase 2, after the
# registrar step, applies everything with wait_for_certificate = true. A full plan with
# wait_for_certificate = false would create the HTTPS listener with a certificate ACM has not
# issued yet (CreateListener: UnsupportedCertificate) after building most of the layer, so it
# must fail at plan time, naming the two phases.
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

run "a_full_plan_before_phase_2_fails_at_plan_time" {
  command = plan

  variables {
    wait_for_certificate = false
  }

  # No assertion here: after the expected failure the plan is partial, and assertions on
  # resources the plan may not have reached are not reliable.
  expect_failures = [aws_lb_listener.https]
}

# Phase 2 (wait_for_certificate = true) is the default inputs' case (tests/layer.auto.tfvars):
# its rules are the "certificate phases" section of run "defaults" in tests/defaults.tftest.hcl.
