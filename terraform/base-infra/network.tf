################################################################################
# VPC
################################################################################

# VPC Flow Logs are off by default (cost: CloudWatch Logs ingestion for every flow); turn them
# on while investigating traffic (docs/networking.md).
#trivy:ignore:AVD-AWS-0178
resource "aws_vpc" "this" {
  cidr_block           = local.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = local.name_prefix
  }
}

# The default security group of the VPC is adopted and emptied: nothing may use it by accident.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name = "${local.name_prefix}-default-closed"
  }
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name = local.name_prefix
  }
}

################################################################################
# Subnets: 2 public (ALB, NAT, hosts when nat_mode = "none") + 2 private (hosts, EFS)
################################################################################

resource "aws_subnet" "public" {
  count = 2

  vpc_id            = aws_vpc.this.id
  availability_zone = local.azs[count.index]
  cidr_block        = local.public_subnet_cidrs[count.index]

  # No automatic public IPs: only what asks for one gets one (NAT instance, hosts in "none").
  map_public_ip_on_launch = false

  tags = {
    Name = "${local.name_prefix}-public-${local.azs[count.index]}"
    Tier = "public"
  }

  lifecycle {
    precondition {
      condition     = length(local.qualifying_azs) >= 2
      error_message = "Fewer than 2 availability zones of ${var.region} offer ${join(" and ", local.required_instance_types)} (qualifying: ${length(local.qualifying_azs) == 0 ? "none" : join(", ", local.qualifying_azs)}): choose an instance_type offered in at least two AZs (aws ec2 describe-instance-type-offerings --location-type availability-zone --filters Name=instance-type,Values=${var.instance_type} --region ${var.region}), or another nat_mode or region."
    }
  }
}

resource "aws_subnet" "private" {
  count = 2

  vpc_id                  = aws_vpc.this.id
  availability_zone       = local.azs[count.index]
  cidr_block              = local.private_subnet_cidrs[count.index]
  map_public_ip_on_launch = false

  tags = {
    Name = "${local.name_prefix}-private-${local.azs[count.index]}"
    Tier = "private"
  }
}

################################################################################
# Routing
################################################################################

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name = "${local.name_prefix}-public"
  }
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "public" {
  count = 2

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

# One private route table: there is one NAT (or none), so both AZs share it.
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id

  tags = {
    Name = "${local.name_prefix}-private"
  }
}

# The private default route is in nat.tf (aws_route.private_default: it points at the NAT
# Gateway or the NAT instance; with nat_mode = "none" the private subnets have no route to the
# internet at all).

resource "aws_route_table_association" "private" {
  count = 2

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id

  lifecycle {
    # nat_mode -> "none" removes the private default route in the same apply that starts the
    # instance refresh moving the hosts to the public subnets; the refresh runs on after
    # Terraform returns, so the old hosts would lose their way out (ECS agent, image pulls)
    # before their tasks have moved. Refuse while any host still runs without a public IP, and
    # name the two-step switch (docs/networking.md). This resource is not among the
    # dependencies of the Auto Scaling group, so step 1 (its -target) does not meet this guard.
    precondition {
      condition     = alltrue([for h in data.aws_instances.hosts : length(h.public_ips) >= length(h.ids)])
      error_message = "nat_mode = \"none\" would remove the NAT while ECS hosts still run in the private subnets without a public IP. Switch in two steps: 1) move the hosts first, the NAT kept: terraform apply -var nat_mode=none -target=aws_autoscaling_group.host (with your -var-file); 2) wait until the instance refresh has replaced every host (aws autoscaling describe-instance-refreshes --auto-scaling-group-name ${local.name_prefix}-ecs-host shows Successful); 3) apply again without -target to remove the NAT."
    }
  }
}

# Free S3 gateway endpoint: image layers from ECR and S3 traffic skip the NAT (and its per-GB fee).
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.public.id, aws_route_table.private.id]

  tags = {
    Name = "${local.name_prefix}-s3"
  }
}
