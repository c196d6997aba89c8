################################################################################
# Cluster and Service Connect namespace
################################################################################

# Cloud Map HTTP namespace for ECS Service Connect (the monitoring layer uses it).
resource "aws_service_discovery_http_namespace" "this" {
  name        = local.name_prefix
  description = "Service Connect namespace of the ${local.name_prefix} platform"
}

# Container Insights is off by default (cost): it bills CloudWatch custom metrics per task and
# container, several $/month on this small cluster, and Prometheus + Grafana show the same.
#trivy:ignore:AVD-AWS-0034
resource "aws_ecs_cluster" "this" {
  name = local.name_prefix

  setting {
    name  = "containerInsights"
    value = "disabled"
  }

  service_connect_defaults {
    namespace = aws_service_discovery_http_namespace.this.arn
  }
}

################################################################################
# Host IAM: the ECS agent + Session Manager, nothing wider
################################################################################

resource "aws_iam_role" "host" {
  name        = "${local.name_prefix}-ecs-host"
  description = "ECS container instances of ${local.name_prefix}: ECS agent and SSM Session Manager"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "host" {
  for_each = toset([
    "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
    "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore",
  ])

  role       = aws_iam_role.host.name
  policy_arn = each.value
}

resource "aws_iam_instance_profile" "host" {
  name = "${local.name_prefix}-ecs-host"
  role = aws_iam_role.host.name
}

################################################################################
# Host security group: only the ALB (and the hosts themselves) get in
################################################################################

resource "aws_security_group" "host" {
  name        = "${local.name_prefix}-ecs-host"
  description = "ECS hosts: dynamic ports from the ALB and from each other"
  vpc_id      = aws_vpc.this.id

  tags = {
    Name = "${local.name_prefix}-ecs-host"
  }
}

resource "aws_vpc_security_group_ingress_rule" "host_from_alb" {
  security_group_id            = aws_security_group.host.id
  description                  = "ECS dynamic host ports from the ALB"
  ip_protocol                  = "tcp"
  from_port                    = local.ephemeral_from_port
  to_port                      = local.ephemeral_to_port
  referenced_security_group_id = aws_security_group.alb.id
}

# Prometheus (on one host) scrapes tasks on every host; the collector DAEMON is reached the same way.
resource "aws_vpc_security_group_ingress_rule" "host_from_hosts" {
  security_group_id            = aws_security_group.host.id
  description                  = "ECS dynamic host ports from the other hosts"
  ip_protocol                  = "tcp"
  from_port                    = local.ephemeral_from_port
  to_port                      = local.ephemeral_to_port
  referenced_security_group_id = aws_security_group.host.id
}

# Hosts pull images, talk to the ECS and SSM endpoints and reach whatever the apps call:
# outbound to the internet is needed by design (through the NAT, or directly in "none").
#trivy:ignore:AVD-AWS-0104
resource "aws_vpc_security_group_egress_rule" "host_to_internet" {
  security_group_id = aws_security_group.host.id
  description       = "Outbound to the internet (images, ECS/SSM endpoints, app dependencies)"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

################################################################################
# Launch template and Auto Scaling group
################################################################################

# host_capacity = "spot" (issue 14, docs/ecs-ec2-alb.md "Spot hosts"): the group buys Spot
# capacity only, from several instance types, so one type's Spot pool running dry in an AZ does
# not leave the platform without a host. Every alternative has the chosen type's CPU
# architecture (the AMI is picked from var.instance_type), at least its memory and vCPUs (tasks
# placed by memory reservation keep fitting), and its burstability: the launch template asks for
# CPU credits "standard" on burstable types, a setting EC2 accepts only for burstable types (a
# launch of a non-burstable type with it fails, spinnaker/spinnaker#6878). So:
#   t3.medium / t3a.medium / t2.medium -> each other: x86_64, 2 vCPU, 4 GiB, burstable.
#   t3.large / t3a.large / t2.large    -> each other: x86_64, 2 vCPU, 8 GiB, burstable.
#   t3.small / t3a.small               -> each other: x86_64, 2 vCPU, 2 GiB, burstable
#                                         (t2.small has 1 vCPU).
#   t4g.medium -> t4g.large, t4g.small -> t4g.medium: t4g is the only Graviton burstable family,
#     so each size is a single type; c6g.large / c7g.large / m6g.medium have t4g.medium's 4 GiB
#     but are not burstable. The fallback is the next t4g size (twice the memory), which
#     price-capacity-optimized picks only when the smaller type's pools are the riskier ones, and
#     never above its on-demand price (the default Spot maximum).
# Any other type: just itself (still Spot, one pool per AZ).
locals {
  host_is_spot = var.host_capacity == "spot"

  spot_alternatives = {
    "t3.medium"  = ["t3a.medium", "t2.medium"]
    "t3a.medium" = ["t3.medium", "t2.medium"]
    "t2.medium"  = ["t3.medium", "t3a.medium"]
    "t3.large"   = ["t3a.large", "t2.large"]
    "t3a.large"  = ["t3.large", "t2.large"]
    "t2.large"   = ["t3.large", "t3a.large"]
    "t4g.medium" = ["t4g.large"]
    "t3.small"   = ["t3a.small"]
    "t3a.small"  = ["t3.small"]
    "t4g.small"  = ["t4g.medium"]
  }
  spot_instance_types = concat([var.instance_type], lookup(local.spot_alternatives, var.instance_type, []))

  # ECS moves the tasks off a host as soon as EC2 posts its two-minute Spot interruption notice.
  # Off by default; only in the Spot user data, so the on-demand hosts' launch template (and so
  # their instance refresh) is unchanged.
  # https://docs.aws.amazon.com/AmazonECS/latest/developerguide/spot-instance-draining-linux-container.html
  host_spot_config = local.host_is_spot ? "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true\n" : ""
}

resource "aws_launch_template" "host" {
  name        = "${local.name_prefix}-ecs-host"
  description = "ECS-optimized Amazon Linux 2023 host of the ${local.name_prefix} cluster"

  image_id      = data.aws_ssm_parameter.ecs_ami.insecure_value
  instance_type = var.instance_type

  iam_instance_profile {
    arn = aws_iam_instance_profile.host.arn
  }

  network_interfaces {
    device_index                = 0
    security_groups             = [aws_security_group.host.id]
    associate_public_ip_address = local.hosts_in_public_subnets
    delete_on_termination       = true
  }

  # IMDSv2 only, hop limit 1: bridge-mode containers cannot reach the instance role
  # (tasks get their own role from 169.254.170.2). docs/decisions/0021-platform-facts.md.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_type           = "gp3"
      volume_size           = 30
      encrypted             = true
      delete_on_termination = true
    }
  }

  # T instances default to "unlimited" credits: a busy month could then surprise the bill.
  dynamic "credit_specification" {
    for_each = local.host_is_burstable ? [1] : []

    content {
      cpu_credits = "standard"
    }
  }

  # Joins the cluster; no secrets (docs/decisions/0022-security-baseline.md, AWS-0129).
  user_data = base64encode(<<-EOT
    #!/bin/bash
    cat >> /etc/ecs/ecs.config <<'CONFIG'
    ECS_CLUSTER=${aws_ecs_cluster.this.name}
    ECS_RESERVED_MEMORY=256
    ECS_ENABLE_CONTAINER_METADATA=true
    ECS_CONTAINER_STOP_TIMEOUT=30s
    ${local.host_spot_config}CONFIG
  EOT
  )

  tag_specifications {
    resource_type = "instance"

    tags = {
      Name = "${local.name_prefix}-ecs-host"
    }
  }

  tag_specifications {
    resource_type = "volume"

    tags = {
      Name = "${local.name_prefix}-ecs-host"
    }
  }
}

resource "aws_autoscaling_group" "host" {
  name                = "${local.name_prefix}-ecs-host"
  vpc_zone_identifier = local.hosts_in_public_subnets ? aws_subnet.public[*].id : aws_subnet.private[*].id

  min_size         = var.asg_min_size
  max_size         = var.asg_max_size
  desired_capacity = var.asg_desired_capacity

  # ECS managed termination protection requires scale-in protection on the group.
  protect_from_scale_in = true
  # ...which would keep `destroy` waiting forever for protected hosts to leave
  # (terraform-provider-aws #18849): delete the group with its instances instead.
  force_delete      = true
  health_check_type = "EC2"

  # On demand (the default): the launch template alone, as before issue 14.
  dynamic "launch_template" {
    for_each = local.host_is_spot ? [] : [1]

    content {
      id      = aws_launch_template.host.id
      version = aws_launch_template.host.latest_version
    }
  }

  # Spot: the same launch template inside a mixed instances policy (a group takes one or the
  # other), Spot for every host (no on-demand base), from the pools AWS recommends:
  # "price-capacity-optimized (recommended)" weighs price and the pools' spare capacity, so the
  # least likely to be interrupted at a low price.
  # https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_InstancesDistribution.html
  # https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/autoscaling_group#mixed_instances_policy-1
  dynamic "mixed_instances_policy" {
    for_each = local.host_is_spot ? [1] : []

    content {
      instances_distribution {
        on_demand_base_capacity                  = 0
        on_demand_percentage_above_base_capacity = 0
        spot_allocation_strategy                 = "price-capacity-optimized"
      }

      launch_template {
        launch_template_specification {
          launch_template_id = aws_launch_template.host.id
          version            = aws_launch_template.host.latest_version
        }

        dynamic "override" {
          for_each = local.spot_instance_types

          content {
            instance_type = override.value
          }
        }
      }
    }
  }

  # Spot: launch a replacement when EC2 signals an elevated interruption risk (a rebalance
  # recommendation), before the two-minute notice. ECS gets no notice for a rebalance: the
  # capacity provider's managed draining moves the tasks if Auto Scaling terminates the at-risk
  # host, the Spot draining above if it is interrupted first.
  # https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-capacity-rebalancing.html
  # Null on demand: the default plan stays as it was.
  capacity_rebalance = local.host_is_spot ? true : null

  # One host at a time: a new one starts before the old one stops (one-instance groups need
  # min 100 % / max 200 %, docs/ecs-ec2-alb.md). A change of the launch template (AMI, user
  # data, instance type, subnet tier) starts the refresh.
  #
  # scale_in_protected_instances = "Refresh": ECS managed termination protection keeps every
  # host that runs a non-daemon task protected from scale-in, and the provider's default
  # ("Ignore") skips protected instances, so a refresh would "succeed" and replace nothing.
  # "Refresh" replaces them anyway; the capacity provider's managed draining (below) moves their
  # tasks to the new host before each old host terminates.
  # https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RefreshPreferences.html
  # https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/autoscaling_group#scale_in_protected_instances-1
  # https://github.com/hashicorp/terraform-provider-aws/issues/29827 (added by PR 33310)
  instance_refresh {
    strategy = "Rolling"

    preferences {
      min_healthy_percentage       = 100
      max_healthy_percentage       = 200
      scale_in_protected_instances = "Refresh"
    }
  }

  tag {
    key                 = "AmazonECSManaged"
    value               = "true"
    propagate_at_launch = true
  }

  tag {
    key                 = "Name"
    value               = "${local.name_prefix}-ecs-host"
    propagate_at_launch = true
  }

  lifecycle {
    # Managed scaling of the capacity provider owns the desired capacity after creation.
    ignore_changes = [desired_capacity]
  }

  depends_on = [aws_iam_role_policy_attachment.host]
}

################################################################################
# Capacity provider (destroy order: docs/ecs-ec2-alb.md)
################################################################################

resource "aws_ecs_capacity_provider" "this" {
  name = "${local.name_prefix}-hosts"

  auto_scaling_group_provider {
    auto_scaling_group_arn         = aws_autoscaling_group.host.arn
    managed_termination_protection = "ENABLED"
    # ECS drains a host (its tasks start elsewhere first) before any Auto Scaling termination:
    # scale-in and the instance refresh above alike.
    # https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instance-draining.html
    # https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_capacity_provider#managed_draining-1
    managed_draining = "ENABLED"

    managed_scaling {
      status                    = "ENABLED"
      target_capacity           = 100
      minimum_scaling_step_size = 1
      maximum_scaling_step_size = 1
      instance_warmup_period    = 300
    }
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = [aws_ecs_capacity_provider.this.name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this.name
    weight            = 1
    base              = 0
  }
}
