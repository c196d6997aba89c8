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

run "alb_rules" {
  # One apply checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = apply

  # http redirects to https
  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_listener.http.protocol == "HTTP"
    error_message = "The HTTP listener must listen on port 80."
  }

  assert {
    condition     = length(aws_lb_listener.http.default_action) == 1 && aws_lb_listener.http.default_action[0].type == "redirect" && try(aws_lb_listener.http.default_action[0].redirect[0].port, "") == "443" && try(aws_lb_listener.http.default_action[0].redirect[0].protocol, "") == "HTTPS" && try(aws_lb_listener.http.default_action[0].redirect[0].status_code, "") == "HTTP_301"
    error_message = "Port 80 must redirect permanently (301) to HTTPS on 443 and serve nothing else."
  }

  # https listener uses the certificate and modern tls
  assert {
    condition     = aws_lb_listener.https.port == 443 && aws_lb_listener.https.protocol == "HTTPS"
    error_message = "The HTTPS listener must listen on port 443 with protocol HTTPS."
  }

  assert {
    condition     = aws_lb_listener.https.certificate_arn == aws_acm_certificate.this.arn
    error_message = "The HTTPS listener must use the platform's ACM certificate."
  }

  assert {
    condition     = aws_lb_listener.https.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "The HTTPS listener must use a TLS 1.2+/1.3 policy (ELBSecurityPolicy-TLS13-1-2-2021-06)."
  }

  assert {
    condition     = aws_lb_listener.https.default_action[0].type == "fixed-response" && aws_lb_listener.https.default_action[0].fixed_response[0].status_code == "404"
    error_message = "Requests no tenant rule matches must get a fixed 404."
  }

  # alb hardening
  assert {
    condition     = aws_lb.this.internal == false && aws_lb.this.load_balancer_type == "application" && toset(aws_lb.this.subnets) == toset(aws_subnet.public[*].id)
    error_message = "The ALB must be an internet-facing application load balancer in the public subnets."
  }

  assert {
    condition     = aws_lb.this.drop_invalid_header_fields
    error_message = "The ALB must drop invalid HTTP header fields."
  }

  assert {
    condition     = contains(["defensive", "strictest"], aws_lb.this.desync_mitigation_mode)
    error_message = "The ALB must use defensive or strictest desync mitigation."
  }

  assert {
    condition     = aws_lb.this.enable_deletion_protection
    error_message = "Deletion protection must follow alb_deletion_protection (true here)."
  }
}



run "deletion_protection_can_be_turned_off" {
  command = plan

  variables {
    alb_deletion_protection = false
  }

  assert {
    condition     = aws_lb.this.enable_deletion_protection == false
    error_message = "Deletion protection must follow alb_deletion_protection (false here)."
  }
}
