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

# What `platformctl down` does before it destroys the layer, on a layer that is applied: AWS
# refuses to delete an ALB or a user pool whose deletion protection is on, so down applies
# alb_deletion_protection = false and cognito_deletion_protection = false to those two
# resources only (internal/layers/addresses.go: Vars and Targets).

# tfcheck: own run (the next run plans against the layer it applies)
run "applied_with_protection_on" {
  command = apply

  assert {
    condition     = aws_lb.this.enable_deletion_protection
    error_message = "Deletion protection must follow alb_deletion_protection (true by default)."
  }

  assert {
    condition     = aws_cognito_user_pool.this.deletion_protection == "ACTIVE"
    error_message = "The Cognito user pool (every SSO user) must be protected from deletion by default."
  }
}

run "down_switches_the_protection_off" {
  command = plan

  variables {
    alb_deletion_protection     = false
    cognito_deletion_protection = false
  }

  plan_options {
    target = [aws_lb.this, aws_cognito_user_pool.this]
  }

  assert {
    condition     = aws_lb.this.enable_deletion_protection == false
    error_message = "alb_deletion_protection = false must switch the ALB's deletion protection off so the destroy can delete it."
  }

  assert {
    condition     = aws_cognito_user_pool.this.deletion_protection == "INACTIVE"
    error_message = "cognito_deletion_protection = false must set the user pool's deletion_protection to INACTIVE so the destroy can delete it."
  }
}
