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

run "instance_mode_routes_through_a_nat_instance" {
  command = apply

  variables {
    nat_mode = "instance"
  }

  assert {
    condition     = length(aws_instance.nat) == 1 && length(aws_nat_gateway.this) == 0 && length(aws_eip.nat) == 0
    error_message = "nat_mode = instance must create one NAT instance and no NAT Gateway."
  }

  assert {
    condition     = aws_instance.nat[0].source_dest_check == false && aws_instance.nat[0].instance_type == "t4g.nano" && aws_instance.nat[0].subnet_id == aws_subnet.public[0].id && aws_instance.nat[0].associate_public_ip_address
    error_message = "The NAT instance must be a t4g.nano in a public subnet, with a public IP and source/destination check off."
  }

  assert {
    condition     = strcontains(aws_instance.nat[0].user_data, "MASQUERADE") && strcontains(aws_instance.nat[0].user_data, "net.ipv4.ip_forward = 1")
    error_message = "The NAT instance user data must enable IP forwarding and masquerade."
  }

  assert {
    condition     = aws_instance.nat[0].metadata_options[0].http_tokens == "required" && aws_instance.nat[0].metadata_options[0].http_put_response_hop_limit == 1 && aws_instance.nat[0].root_block_device[0].encrypted
    error_message = "The NAT instance must require IMDSv2 with hop limit 1 and encrypt its root volume."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.nat_from_vpc[0].cidr_ipv4 == "10.0.0.0/16"
    error_message = "The NAT instance security group must admit only the VPC CIDR."
  }

  assert {
    condition     = length(aws_route.private_default) == 1 && aws_route.private_default[0].network_interface_id == aws_instance.nat[0].primary_network_interface_id && aws_route.private_default[0].destination_cidr_block == "0.0.0.0/0"
    error_message = "In instance mode the private route table must send 0.0.0.0/0 to the NAT instance's network interface."
  }

  assert {
    condition     = data.aws_ssm_parameter.nat_ami[0].name == "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
    error_message = "The NAT instance must run Amazon Linux 2023 for arm64 (t4g is Graviton)."
  }

  # ---- security groups: only the alb admits the internet on 80 and 443
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

run "none_mode_has_no_nat_and_public_hosts" {
  command = apply

  variables {
    nat_mode = "none"
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 0 && length(aws_instance.nat) == 0 && length(aws_eip.nat) == 0
    error_message = "nat_mode = none must create neither a NAT Gateway nor a NAT instance."
  }

  assert {
    condition     = length(aws_route.private_default) == 0
    error_message = "In none mode the private subnets must have no default route."
  }

  assert {
    condition     = toset(aws_autoscaling_group.host.vpc_zone_identifier) == toset(aws_subnet.public[*].id)
    error_message = "In none mode the ECS hosts must live in the public subnets."
  }

  assert {
    condition     = aws_launch_template.host.network_interfaces[0].associate_public_ip_address
    error_message = "In none mode the ECS hosts must get a public IP to reach the internet."
  }

  assert {
    condition     = toset(aws_efs_mount_target.this[*].subnet_id) == toset(aws_subnet.private[*].id)
    error_message = "In none mode the EFS mount targets must still live in the private subnets."
  }

  # ---- security groups: hosts in public subnets are still closed
  assert {
    condition     = aws_vpc_security_group_ingress_rule.host_from_alb.cidr_ipv4 != "0.0.0.0/0" && aws_vpc_security_group_ingress_rule.host_from_hosts.cidr_ipv4 != "0.0.0.0/0"
    error_message = "In none mode the public hosts must still admit only the ALB and each other."
  }
}
