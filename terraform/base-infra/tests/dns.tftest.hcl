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

run "dns_rules" {
  # One apply checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = apply

  # zone for the domain
  assert {
    condition     = aws_route53_zone.this.name == "hari328.net"
    error_message = "The Route53 hosted zone must be for the configured domain."
  }

  # certificate covers wildcard and apex with dns validation
  assert {
    condition     = toset(concat([aws_acm_certificate.this.domain_name], tolist(aws_acm_certificate.this.subject_alternative_names))) == toset(["*.hari328.net", "hari328.net"])
    error_message = "The certificate must cover exactly *.domain and the apex domain."
  }

  assert {
    condition     = aws_acm_certificate.this.validation_method == "DNS"
    error_message = "The certificate must be validated over DNS."
  }

  assert {
    condition     = length(aws_route53_record.certificate_validation) == 1
    error_message = "The wildcard and the apex share one validation record: it must be created once."
  }

  assert {
    condition     = aws_route53_record.certificate_validation["hari328.net"].name == "_abc.hari328.net." && aws_route53_record.certificate_validation["hari328.net"].type == "CNAME" && aws_route53_record.certificate_validation["hari328.net"].records == toset(["_xyz.acm-validations.aws."]) && aws_route53_record.certificate_validation["hari328.net"].zone_id == aws_route53_zone.this.zone_id
    error_message = "The validation record must be the CNAME ACM asks for, in the platform's zone."
  }

  # With wait_for_certificate = false (phase 1, before delegation) a full plan stops at the HTTPS
  # listener: tests/certificate_phases.tftest.hcl.
}



run "wait_and_use_the_validated_certificate" {
  command = apply

  variables {
    wait_for_certificate = true
  }

  assert {
    condition     = length(aws_acm_certificate_validation.this) == 1 && aws_acm_certificate_validation.this[0].certificate_arn == aws_acm_certificate.this.arn
    error_message = "With wait_for_certificate = true Terraform must wait for the certificate's validation."
  }

  assert {
    condition     = toset(aws_acm_certificate_validation.this[0].validation_record_fqdns) == toset([for r in aws_route53_record.certificate_validation : r.fqdn])
    error_message = "The validation must wait on the DNS records Terraform created."
  }

  assert {
    condition     = aws_lb_listener.https.certificate_arn == aws_acm_certificate_validation.this[0].certificate_arn
    error_message = "With wait_for_certificate = true the HTTPS listener must use the validated certificate."
  }
}
