# Everything this layer reads from outside itself.

data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

# Which instance types each available AZ offers, of those this layer launches (the hosts', and
# the NAT instance's in nat_mode = "instance"): local.azs picks two AZs that offer all of them.
# https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypeOfferings.html
data "aws_ec2_instance_type_offerings" "az" {
  for_each = toset(data.aws_availability_zones.available.names)

  location_type = "availability-zone"

  filter {
    name   = "location"
    values = [each.key]
  }

  filter {
    name   = "instance-type"
    values = local.required_instance_types
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# ECS-optimized Amazon Linux 2023 AMI, published by AWS as a public SSM parameter
# (docs/decisions/0021-platform-facts.md). A new AMI changes the launch template, and the ASG instance refresh
# rolls the hosts one at a time.
data "aws_ssm_parameter" "ecs_ami" {
  name = local.host_is_graviton ? "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id" : "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
}

# Plain Amazon Linux 2023 (arm64) for the NAT instance, only in nat_mode = "instance".
data "aws_ssm_parameter" "nat_ami" {
  count = var.nat_mode == "instance" ? 1 : 0

  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
}
