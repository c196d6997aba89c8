# Offline: the AWS provider is mocked. Issue 14: host_capacity = "spot" buys the hosts as Spot
# Instances that survive interruptions; the on-demand default is unchanged.
mock_provider "aws" {
  # One instance-type offerings query per AZ (dependencies.tf): every AZ offers what the layer launches.
  mock_data "aws_ec2_instance_type_offerings" {
    defaults = {
      instance_types = ["t3.medium", "t4g.medium", "t4g.nano"]
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

run "on_demand_default_has_no_mixed_instances_policy" {
  command = plan

  assert {
    condition     = var.host_capacity == "on_demand"
    error_message = "The hosts must be on demand unless host_capacity = \"spot\" is set."
  }

  assert {
    condition     = length(aws_autoscaling_group.host.mixed_instances_policy) == 0 && length(aws_autoscaling_group.host.launch_template) == 1
    error_message = "On demand, the Auto Scaling group must launch from the launch template alone, without a mixed instances policy (the plan before issue 14)."
  }

  assert {
    condition     = !strcontains(base64decode(aws_launch_template.host.user_data), "SPOT")
    error_message = "On demand, the host user data must not change (no Spot draining line): a change would replace every host."
  }

  assert {
    condition     = endswith(base64decode(aws_launch_template.host.user_data), "ECS_CONTAINER_STOP_TIMEOUT=30s\nCONFIG\n")
    error_message = "On demand, the ecs.config heredoc must end with ECS_CONTAINER_STOP_TIMEOUT=30s, exactly as before issue 14."
  }
}

run "spot_uses_a_mixed_instances_policy" {
  command = apply

  variables {
    host_capacity = "spot"
  }

  assert {
    condition     = length(aws_autoscaling_group.host.launch_template) == 0 && length(aws_autoscaling_group.host.mixed_instances_policy) == 1
    error_message = "With host_capacity = spot the group must launch through a mixed instances policy (and not also a top-level launch_template, which AWS refuses)."
  }

  assert {
    condition     = aws_autoscaling_group.host.mixed_instances_policy[0].instances_distribution[0].spot_allocation_strategy == "price-capacity-optimized"
    error_message = "Spot hosts must use the allocation strategy AWS recommends, price-capacity-optimized."
  }

  assert {
    condition     = aws_autoscaling_group.host.mixed_instances_policy[0].instances_distribution[0].on_demand_base_capacity == 0 && aws_autoscaling_group.host.mixed_instances_policy[0].instances_distribution[0].on_demand_percentage_above_base_capacity == 0
    error_message = "With host_capacity = spot every host must be Spot: on-demand base capacity 0 and 0 % on demand above it."
  }

  assert {
    condition     = aws_autoscaling_group.host.capacity_rebalance == true
    error_message = "Spot hosts must have capacity rebalancing on, so a replacement starts on a rebalance recommendation."
  }

  assert {
    condition     = [for o in aws_autoscaling_group.host.mixed_instances_policy[0].launch_template[0].override : o.instance_type] == ["t3.medium", "t3a.medium", "t2.medium"]
    error_message = "A t3.medium Spot group must draw from t3.medium, t3a.medium and t2.medium (x86_64, 2 vCPU, 4 GiB, burstable), the chosen type first."
  }

  assert {
    condition     = aws_autoscaling_group.host.mixed_instances_policy[0].launch_template[0].launch_template_specification[0].version == tostring(aws_launch_template.host.latest_version)
    error_message = "The mixed instances policy must launch the latest version of the host launch template, so a template change still starts the instance refresh."
  }

  assert {
    condition     = strcontains(base64decode(aws_launch_template.host.user_data), "\nECS_ENABLE_SPOT_INSTANCE_DRAINING=true\nCONFIG\n")
    error_message = "Spot hosts must turn on ECS Spot Instance draining (ECS_ENABLE_SPOT_INSTANCE_DRAINING=true in /etc/ecs/ecs.config), so tasks move on the two-minute notice."
  }

  assert {
    condition     = length(aws_launch_template.host.credit_specification) == 1 && aws_launch_template.host.credit_specification[0].cpu_credits == "standard"
    error_message = "Burstable Spot hosts keep CPU credits standard (every alternative is burstable too)."
  }
}

run "spot_graviton_stays_on_arm64_burstable_types" {
  command = plan

  variables {
    host_capacity = "spot"
    instance_type = "t4g.medium"
    nat_mode      = "none"
  }

  assert {
    condition     = [for o in aws_autoscaling_group.host.mixed_instances_policy[0].launch_template[0].override : o.instance_type] == ["t4g.medium", "t4g.large"]
    error_message = "A t4g.medium Spot group must draw only from Graviton burstable types (t4g.medium, then t4g.large): the AMI is arm64 and the credit specification needs burstable types."
  }

  assert {
    condition     = aws_autoscaling_group.host.mixed_instances_policy[0].instances_distribution[0].spot_allocation_strategy == "price-capacity-optimized" && aws_autoscaling_group.host.capacity_rebalance == true
    error_message = "Spot hosts in nat_mode = none must use price-capacity-optimized with capacity rebalancing too."
  }
}

run "spot_with_the_nat_instance" {
  command = plan

  variables {
    host_capacity = "spot"
    instance_type = "t4g.medium"
    nat_mode      = "instance"
  }

  assert {
    condition     = length(aws_autoscaling_group.host.mixed_instances_policy) == 1 && strcontains(base64decode(aws_launch_template.host.user_data), "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true")
    error_message = "Spot hosts in nat_mode = instance must use the mixed instances policy and Spot draining."
  }
}

run "spot_unknown_type_is_its_own_only_pool" {
  command = plan

  variables {
    host_capacity = "spot"
    instance_type = "m5.large"
  }

  override_data {
    target = data.aws_ec2_instance_type_offerings.az
    values = {
      instance_types = ["m5.large"]
    }
  }

  assert {
    condition     = [for o in aws_autoscaling_group.host.mixed_instances_policy[0].launch_template[0].override : o.instance_type] == ["m5.large"]
    error_message = "A type without listed alternatives must still be bought as Spot, from its own pools only."
  }
}

run "bad_host_capacity_is_refused" {
  command = plan

  variables {
    host_capacity = "spots"
  }

  expect_failures = [var.host_capacity]
}
