# Offline: the AWS provider is mocked. Issue 10 item 1: hosts really roll, nat_mode switches safely.
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

# Managed termination protection keeps every host with a non-daemon task protected from
# scale-in; the provider's default "Ignore" would skip exactly those hosts (provider issue 29827).
# tfcheck: own run (the -target steps below plan against the state it leaves)
run "instance_refresh_replaces_protected_hosts_and_drains_them" {
  command = apply

  assert {
    condition     = aws_autoscaling_group.host.instance_refresh[0].preferences[0].scale_in_protected_instances == "Refresh"
    error_message = "Instance refresh must replace scale-in-protected hosts (scale_in_protected_instances = \"Refresh\"): with the default \"Ignore\" a refresh replaces no host that runs a task."
  }

  assert {
    condition     = aws_autoscaling_group.host.instance_refresh[0].strategy == "Rolling" && aws_autoscaling_group.host.instance_refresh[0].preferences[0].min_healthy_percentage == 100 && aws_autoscaling_group.host.instance_refresh[0].preferences[0].max_healthy_percentage == 200
    error_message = "Instance refresh must roll one host at a time, the new one up before the old one goes (min 100 %, max 200 %)."
  }

  assert {
    condition     = aws_autoscaling_group.host.protect_from_scale_in && aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_termination_protection == "ENABLED"
    error_message = "Hosts must stay protected from scale-in by ECS managed termination protection."
  }

  assert {
    condition     = aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_draining == "ENABLED"
    error_message = "The capacity provider must drain a host through ECS managed draining before the refresh terminates it."
  }

  assert {
    condition     = length(aws_route.private_default) == 1 && length(data.aws_instances.hosts) == 0
    error_message = "Outside nat_mode = none there must be one private default route, and the host lookup of the none guard must not run."
  }
}

# gateway -> none in one apply would destroy the NAT while the refresh still moves the hosts.
run "none_is_refused_while_hosts_run_in_the_private_subnets" {
  command = plan

  variables {
    nat_mode = "none"
  }

  override_data {
    target = data.aws_instances.hosts
    values = {
      ids         = ["i-0aaaaaaaaaaaaaaaa"]
      private_ips = ["10.0.10.5"]
      public_ips  = []
    }
  }

  expect_failures = [aws_route_table_association.private]
}

# Step 1 of the switch, as the refusal names it: a targeted apply of the Auto Scaling group moves
# the hosts while the NAT stays; the guard is not among the group's dependencies.
run "step_one_moves_the_hosts_and_keeps_the_nat" {
  command = plan

  variables {
    nat_mode = "none"
  }

  plan_options {
    target = [aws_autoscaling_group.host]
  }

  override_data {
    target = data.aws_instances.hosts
    values = {
      ids         = ["i-0aaaaaaaaaaaaaaaa"]
      private_ips = ["10.0.10.5"]
      public_ips  = []
    }
  }

  assert {
    condition     = toset(aws_autoscaling_group.host.vpc_zone_identifier) == toset(aws_subnet.public[*].id) && aws_launch_template.host.network_interfaces[0].associate_public_ip_address == "true"
    error_message = "Step 1 (-target=aws_autoscaling_group.host with nat_mode = none) must move the hosts to the public subnets with public IPs."
  }
}

# Step 3 of the switch: the refresh moved every host to a public subnet, the NAT can go.
run "none_goes_ahead_once_every_host_has_a_public_ip" {
  command = plan

  variables {
    nat_mode = "none"
  }

  override_data {
    target = data.aws_instances.hosts
    values = {
      ids         = ["i-0bbbbbbbbbbbbbbbb"]
      private_ips = ["10.0.0.7"]
      public_ips  = ["198.51.100.7"]
    }
  }

  assert {
    condition     = length(aws_route.private_default) == 0 && length(aws_nat_gateway.this) == 0
    error_message = "Once every host has a public IP, nat_mode = none must remove the NAT and the private default route."
  }
}
