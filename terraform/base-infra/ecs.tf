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
  # (tasks get their own role from 169.254.170.2). DESIGN-NOTES facts.
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

  # Joins the cluster; no secrets (DESIGN-NOTES section 4, AWS-0129).
  user_data = base64encode(<<-EOT
    #!/bin/bash
    cat >> /etc/ecs/ecs.config <<'CONFIG'
    ECS_CLUSTER=${aws_ecs_cluster.this.name}
    ECS_RESERVED_MEMORY=256
    ECS_ENABLE_CONTAINER_METADATA=true
    ECS_CONTAINER_STOP_TIMEOUT=30s
    CONFIG
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

  launch_template {
    id      = aws_launch_template.host.id
    version = aws_launch_template.host.latest_version
  }

  # One host at a time: a new one starts before the old one stops (one-instance groups need
  # min 100 % / max 200 %, DESIGN-NOTES facts).
  instance_refresh {
    strategy = "Rolling"

    preferences {
      min_healthy_percentage = 100
      max_healthy_percentage = 200
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
    managed_draining               = "ENABLED"

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
