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

run "an_explicit_prefix_is_used_as_given" {
  command = apply

  variables {
    cognito_domain_prefix = "hari-friends"
  }

  assert {
    condition     = aws_cognito_user_pool_domain.this.domain == "hari-friends" && aws_ssm_parameter.contract["/infra/sso/base-url"].value == "https://hari-friends.auth.us-east-1.amazoncognito.com"
    error_message = "The cognito_domain_prefix input must be the pool's domain prefix and set the base URL."
  }
}

run "a_custom_domain_uses_the_certificate_and_an_alias_record" {
  command = apply

  variables {
    wait_for_certificate  = true
    cognito_custom_domain = "auth.hari328.net"
  }

  assert {
    condition     = aws_cognito_user_pool_domain.this.domain == "auth.hari328.net" && aws_cognito_user_pool_domain.this.certificate_arn == aws_acm_certificate_validation.this[0].certificate_arn
    error_message = "A custom domain must be served with the platform's validated certificate."
  }

  assert {
    condition     = aws_route53_record.cognito_custom_domain[0].name == "auth.hari328.net" && aws_route53_record.cognito_custom_domain[0].type == "A" && aws_route53_record.cognito_custom_domain[0].zone_id == aws_route53_zone.this.zone_id
    error_message = "A custom domain must get an A alias record in the platform's zone."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/sso/domain"].value == "auth.hari328.net" && aws_ssm_parameter.contract["/infra/sso/base-url"].value == "https://auth.hari328.net"
    error_message = "With a custom domain, /infra/sso/domain must be its full name and /infra/sso/base-url its https URL."
  }
}

run "a_custom_domain_outside_the_platform_domain_is_refused" {
  command = plan

  variables {
    wait_for_certificate  = true
    cognito_custom_domain = "auth.example.com"
  }

  expect_failures = [aws_cognito_user_pool_domain.this]
}

run "a_custom_domain_outside_us_east_1_is_refused" {
  command = plan

  variables {
    region                = "eu-west-1"
    wait_for_certificate  = true
    cognito_custom_domain = "auth.hari328.net"
  }

  expect_failures = [aws_cognito_user_pool_domain.this]
}

run "a_custom_domain_before_the_certificate_is_issued_is_refused" {
  command = plan

  variables {
    wait_for_certificate  = false
    cognito_custom_domain = "auth.hari328.net"
  }

  # The HTTPS listener refuses a full plan before phase 2 too (tests/certificate_phases.tftest.hcl).
  expect_failures = [aws_cognito_user_pool_domain.this, aws_lb_listener.https]
}

run "a_derived_prefix_with_a_reserved_word_is_refused" {
  command = plan

  variables {
    name_prefix = "myaws"
  }

  expect_failures = [aws_cognito_user_pool_domain.this]
}
