# Outbound internet for the private subnets, per var.nat_mode (docs/decisions/0018-cost-profiles.md):
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
  instance_type               = local.nat_instance_type
  subnet_id                   = aws_subnet.public[0].id
  vpc_security_group_ids      = [aws_security_group.nat[0].id]
  associate_public_ip_address = true
  # A NAT forwards packets that are neither from nor to itself.
  source_dest_check = false

  # Forwarding + masquerade, applied at every boot by a systemd unit, without a package download,
  # with retries, and a visible failure (the instance stops itself): templates/nat-instance.sh.tftpl
  # and docs/networking.md. No secrets here. A change of it replaces the instance (new one first).
  user_data                   = templatefile("${path.module}/templates/nat-instance.sh.tftpl", { vpc_cidr = local.vpc_cidr })
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

  lifecycle {
    # The AMI follows the "latest AL2023" parameter, and a new AMI forces a new instance: every
    # AL2023 release (about every two weeks) an ordinary apply would replace the NAT, cutting
    # the private subnets' egress and changing its public IP. Keep the running instance; take a
    # new AMI on purpose with terraform apply -replace='aws_instance.nat[0]' (docs/networking.md).
    ignore_changes = [ami]
    # A replacement (-replace, user data) starts the new instance first; the private route moves
    # to it in place (ReplaceRoute), then the old one goes.
    create_before_destroy = true
  }

  # Its way out exists before it boots: the internet gateway, the public default route and the
  # public subnet's association with that route table.
  depends_on = [aws_internet_gateway.this, aws_route.public_internet, aws_route_table_association.public]
}

################################################################################
# The private default route, and switching nat_mode safely
################################################################################

# ONE route whatever the mode, so gateway <-> instance changes its target in place (EC2
# ReplaceRoute: there is never a moment without a default route, and there are never two
# routes for 0.0.0.0/0). Terraform creates the new NAT before the update (the route refers to
# it) and destroys the old one after it (the old one is a dependency of the route in the state).
# https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceRoute.html
resource "aws_route" "private_default" {
  count = var.nat_mode == "none" ? 0 : 1

  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = var.nat_mode == "gateway" ? aws_nat_gateway.this[0].id : null
  network_interface_id   = var.nat_mode == "instance" ? aws_instance.nat[0].primary_network_interface_id : null
}

# The route was aws_route.private_nat_gateway (default mode) before; a state made in
# nat_mode = "instance" recreates it once (a few seconds without a default route).
moved {
  from = aws_route.private_nat_gateway
  to   = aws_route.private_default
}

# The ECS hosts that run now, read at plan time (none on the first apply) by the guard on
# aws_route_table_association.private (network.tf), only when nat_mode = "none".
data "aws_instances" "hosts" {
  count = var.nat_mode == "none" ? 1 : 0

  instance_tags = {
    "aws:autoscaling:groupName" = "${local.name_prefix}-ecs-host"
  }
  instance_state_names = ["pending", "running"]
}
