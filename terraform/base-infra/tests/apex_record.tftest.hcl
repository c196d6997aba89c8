# Offline: the AWS provider is mocked; data sources and ACM get realistic values.
#
# Cognito accepts a custom domain only when its parent domain (the apex) resolves to an A
# record (Cognito developer guide, Troubleshooting, "Custom domain is not a valid subdomain").
# The platform creates that record itself (dns.tf) so the zone only holds records Terraform
# owns and `platformctl down` can delete it (no HostedZoneNotEmpty).
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

run "a_custom_domain_gets_the_apex_a_record_from_terraform" {
  command = apply

  variables {
    cognito_custom_domain = "auth.hari328.net"
  }

  assert {
    condition     = length(aws_route53_record.apex) == 1
    error_message = "With a Cognito custom domain, Terraform must create the apex A record Cognito requires (nobody may have to add it by hand: it would block the zone's deletion)."
  }

  assert {
    condition     = aws_route53_record.apex[0].name == "hari328.net" && aws_route53_record.apex[0].type == "A" && aws_route53_record.apex[0].zone_id == aws_route53_zone.this.zone_id
    error_message = "The apex record must be an A record for the platform domain in the platform's zone."
  }

  assert {
    condition     = aws_route53_record.apex[0].alias[0].name == aws_lb.this.dns_name && aws_route53_record.apex[0].alias[0].zone_id == aws_lb.this.zone_id
    error_message = "The apex A record must be an alias of the platform's ALB."
  }

  assert {
    condition     = aws_route53_record.apex[0].allow_overwrite
    error_message = "The apex A record must adopt a record made by hand under the old instructions (allow_overwrite), so destroy removes it."
  }
}
