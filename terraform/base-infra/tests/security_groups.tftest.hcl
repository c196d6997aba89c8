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

# Only the ALB listens on the internet (docs/decisions/0013-bridge-networking.md): every ingress rule is checked.

run "only_the_alb_admits_the_internet_on_80_and_443" {
  command = apply

  variables {
    nat_mode = "instance"
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.alb_http.cidr_ipv4 == "0.0.0.0/0" && aws_vpc_security_group_ingress_rule.alb_http.from_port == 80 && aws_vpc_security_group_ingress_rule.alb_http.to_port == 80 && aws_vpc_security_group_ingress_rule.alb_http.security_group_id == aws_security_group.alb.id
    error_message = "The ALB may admit the internet on port 80 only (for the redirect)."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.alb_https.cidr_ipv4 == "0.0.0.0/0" && aws_vpc_security_group_ingress_rule.alb_https.from_port == 443 && aws_vpc_security_group_ingress_rule.alb_https.to_port == 443 && aws_vpc_security_group_ingress_rule.alb_https.security_group_id == aws_security_group.alb.id
    error_message = "The ALB may admit the internet on port 443 only."
  }

  assert {
    condition = alltrue([for r in concat(
      [aws_vpc_security_group_ingress_rule.host_from_alb, aws_vpc_security_group_ingress_rule.host_from_hosts, aws_vpc_security_group_ingress_rule.efs_from_hosts],
      aws_vpc_security_group_ingress_rule.nat_from_vpc,
    ) : r.cidr_ipv4 != "0.0.0.0/0" && r.cidr_ipv6 != "::/0"])
    error_message = "No security group but the ALB's may admit 0.0.0.0/0 or ::/0."
  }

  assert {
    condition = alltrue([for sg in concat([aws_security_group.alb, aws_security_group.host, aws_security_group.efs], aws_security_group.nat) :
    alltrue([for rule in sg.ingress : !contains(rule.cidr_blocks, "0.0.0.0/0")])])
    error_message = "No security group may carry inline ingress rules open to 0.0.0.0/0."
  }
}

run "hosts_admit_dynamic_ports_from_the_alb_and_each_other" {
  command = apply

  assert {
    condition     = aws_vpc_security_group_ingress_rule.host_from_alb.referenced_security_group_id == aws_security_group.alb.id && aws_vpc_security_group_ingress_rule.host_from_alb.from_port == 32768 && aws_vpc_security_group_ingress_rule.host_from_alb.to_port == 65535
    error_message = "Hosts must admit the ECS dynamic port range from the ALB security group."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.host_from_hosts.referenced_security_group_id == aws_security_group.host.id && aws_vpc_security_group_ingress_rule.host_from_hosts.from_port == 32768 && aws_vpc_security_group_ingress_rule.host_from_hosts.to_port == 65535
    error_message = "Hosts must admit the ECS dynamic port range from each other (Prometheus scrapes across hosts)."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.alb_to_hosts.referenced_security_group_id == aws_security_group.host.id && aws_vpc_security_group_egress_rule.alb_https_out.from_port == 443 && aws_vpc_security_group_egress_rule.alb_https_out.to_port == 443
    error_message = "The ALB may send only to the hosts' dynamic ports and to 443 (Cognito)."
  }
}

run "hosts_in_public_subnets_are_still_closed" {
  command = apply

  variables {
    nat_mode = "none"
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.host_from_alb.cidr_ipv4 != "0.0.0.0/0" && aws_vpc_security_group_ingress_rule.host_from_hosts.cidr_ipv4 != "0.0.0.0/0"
    error_message = "In none mode the public hosts must still admit only the ALB and each other."
  }
}
