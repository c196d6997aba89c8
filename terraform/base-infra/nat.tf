# Outbound internet for the private subnets, per var.nat_mode (DESIGN-NOTES D9):
#   gateway   one NAT Gateway in the first public subnet (the seed; ~$37/month with its IP)
#   instance  one t4g.nano NAT instance (~$3/month + its public IP)
#   none      nothing: the hosts sit in the public subnets instead (ecs.tf)

################################################################################
# nat_mode = "gateway"
################################################################################

resource "aws_eip" "nat" {
  count = var.nat_mode == "gateway" ? 1 : 0

  domain = "vpc"

  tags = {
    Name = "${local.name_prefix}-nat"
  }

  depends_on = [aws_internet_gateway.this]
}

resource "aws_nat_gateway" "this" {
  count = var.nat_mode == "gateway" ? 1 : 0

  allocation_id = aws_eip.nat[0].id
  subnet_id     = aws_subnet.public[0].id

  tags = {
    Name = local.name_prefix
  }

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route" "private_nat_gateway" {
  count = var.nat_mode == "gateway" ? 1 : 0

  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[0].id
}

################################################################################
# nat_mode = "instance"
################################################################################

resource "aws_security_group" "nat" {
  count = var.nat_mode == "instance" ? 1 : 0

  name        = "${local.name_prefix}-nat"
  description = "NAT instance: any traffic from inside the VPC, out to the internet"
  vpc_id      = aws_vpc.this.id

  tags = {
    Name = "${local.name_prefix}-nat"
  }
}

resource "aws_vpc_security_group_ingress_rule" "nat_from_vpc" {
  count = var.nat_mode == "instance" ? 1 : 0

  security_group_id = aws_security_group.nat[0].id
  description       = "Everything the private subnets send out"
  ip_protocol       = "-1"
  cidr_ipv4         = local.vpc_cidr
}

# Egress to the internet by design: forwarding it is the NAT instance's only job.
#trivy:ignore:AVD-AWS-0104
resource "aws_vpc_security_group_egress_rule" "nat_to_internet" {
  count = var.nat_mode == "instance" ? 1 : 0

  security_group_id = aws_security_group.nat[0].id
  description       = "Forwarded traffic to the internet"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_instance" "nat" {
  count = var.nat_mode == "instance" ? 1 : 0

  ami                         = data.aws_ssm_parameter.nat_ami[0].insecure_value
  instance_type               = "t4g.nano"
  subnet_id                   = aws_subnet.public[0].id
  vpc_security_group_ids      = [aws_security_group.nat[0].id]
  associate_public_ip_address = true
  # A NAT forwards packets that are neither from nor to itself.
  source_dest_check = false

  # Forwarding + masquerade, kept across reboots by iptables-services (AWS VPC guide,
  # "NAT instances": the AL2023 recipe). No secrets here.
  user_data                   = <<-EOT
    #!/bin/bash
    set -euo pipefail
    dnf install -y iptables-services
    systemctl enable --now iptables
    echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-nat.conf
    sysctl -p /etc/sysctl.d/90-nat.conf
    iface="$(ip route show default | awk '{print $5; exit}')"
    iptables -t nat -A POSTROUTING -o "$iface" -s ${local.vpc_cidr} -j MASQUERADE
    iptables -F FORWARD
    service iptables save
  EOT
  user_data_replace_on_change = true

  credit_specification {
    cpu_credits = "standard"
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type = "gp3"
    volume_size = 8
    encrypted   = true
  }

  tags = {
    Name = "${local.name_prefix}-nat"
  }

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route" "private_nat_instance" {
  count = var.nat_mode == "instance" ? 1 : 0

  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  network_interface_id   = aws_instance.nat[0].primary_network_interface_id
}
