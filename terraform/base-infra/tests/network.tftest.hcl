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

run "network_rules" {
  # One apply checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = apply

  # four subnets in two azs
  assert {
    condition     = length(aws_subnet.public) == 2 && length(aws_subnet.private) == 2
    error_message = "The VPC must have exactly 2 public and 2 private subnets."
  }

  assert {
    condition     = length(distinct(aws_subnet.public[*].availability_zone)) == 2 && length(distinct(aws_subnet.private[*].availability_zone)) == 2
    error_message = "Public and private subnets must each span 2 distinct availability zones."
  }

  assert {
    condition     = toset(aws_subnet.public[*].availability_zone) == toset(aws_subnet.private[*].availability_zone)
    error_message = "Each availability zone must hold one public and one private subnet."
  }

  assert {
    condition     = alltrue([for s in concat(aws_subnet.public, aws_subnet.private) : !s.map_public_ip_on_launch])
    error_message = "No subnet may auto-assign public IPs: only resources that ask for one get one."
  }

  assert {
    condition     = aws_vpc.this.enable_dns_support && aws_vpc.this.enable_dns_hostnames
    error_message = "The VPC must have DNS support and DNS host names enabled."
  }

  # public subnets route to the internet gateway
  assert {
    condition     = aws_route.public_internet.destination_cidr_block == "0.0.0.0/0" && aws_route.public_internet.gateway_id == aws_internet_gateway.this.id && aws_route.public_internet.route_table_id == aws_route_table.public.id
    error_message = "The public route table must send 0.0.0.0/0 to the internet gateway."
  }

  assert {
    condition     = toset(aws_route_table_association.public[*].subnet_id) == toset(aws_subnet.public[*].id) && alltrue([for a in aws_route_table_association.public : a.route_table_id == aws_route_table.public.id])
    error_message = "Both public subnets must use the public route table."
  }

  assert {
    condition     = toset(aws_route_table_association.private[*].subnet_id) == toset(aws_subnet.private[*].id) && alltrue([for a in aws_route_table_association.private : a.route_table_id == aws_route_table.private.id])
    error_message = "Both private subnets must use the private route table."
  }

  # gateway mode has exactly one nat gateway
  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_eip.nat) == 1 && length(aws_instance.nat) == 0
    error_message = "nat_mode = gateway must create exactly one NAT Gateway (with its EIP) and no NAT instance."
  }

  assert {
    condition     = aws_nat_gateway.this[0].subnet_id == aws_subnet.public[0].id
    error_message = "The NAT Gateway must live in a public subnet."
  }

  assert {
    condition     = length(aws_route.private_default) == 1 && aws_route.private_default[0].nat_gateway_id == aws_nat_gateway.this[0].id && aws_route.private_default[0].destination_cidr_block == "0.0.0.0/0" && aws_route.private_default[0].route_table_id == aws_route_table.private.id
    error_message = "In gateway mode the private route table must send 0.0.0.0/0 to the NAT Gateway."
  }

  assert {
    condition     = length(aws_instance.nat) == 0
    error_message = "In gateway mode there must be no NAT instance to route to."
  }

  assert {
    condition     = toset(aws_autoscaling_group.host.vpc_zone_identifier) == toset(aws_subnet.private[*].id)
    error_message = "With a NAT the ECS hosts must live in the private subnets."
  }

  assert {
    condition     = !aws_launch_template.host.network_interfaces[0].associate_public_ip_address
    error_message = "With a NAT the ECS hosts must not get a public IP."
  }

  # s3 endpoint and closed default security group
  assert {
    condition     = aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3.service_name == "com.amazonaws.us-east-1.s3" && toset(aws_vpc_endpoint.s3.route_table_ids) == toset([aws_route_table.public.id, aws_route_table.private.id])
    error_message = "A free S3 gateway endpoint must serve both route tables."
  }

  assert {
    condition     = aws_default_security_group.this.vpc_id == aws_vpc.this.id && length(aws_default_security_group.this.ingress) == 0 && length(aws_default_security_group.this.egress) == 0
    error_message = "The VPC's default security group must have no rules."
  }
}



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
}

