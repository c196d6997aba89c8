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

run "hosts_rules" {
  # One apply checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = apply

  # imdsv2 required with hop limit one
  assert {
    condition     = aws_launch_template.host.metadata_options[0].http_tokens == "required"
    error_message = "ECS hosts must require IMDSv2 (session tokens)."
  }

  assert {
    condition     = aws_launch_template.host.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "The IMDS hop limit must be 1 so bridge-mode containers cannot reach the instance role."
  }

  # launch template root volume credits and ami
  assert {
    condition     = aws_launch_template.host.block_device_mappings[0].ebs[0].encrypted == "true" && aws_launch_template.host.block_device_mappings[0].ebs[0].volume_type == "gp3"
    error_message = "The hosts' root volume must be encrypted gp3."
  }

  assert {
    condition     = aws_launch_template.host.credit_specification[0].cpu_credits == "standard"
    error_message = "Burstable hosts must use standard CPU credits so a busy month cannot surprise the bill."
  }

  assert {
    condition     = data.aws_ssm_parameter.ecs_ami.name == "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id" && aws_launch_template.host.image_id == data.aws_ssm_parameter.ecs_ami.insecure_value
    error_message = "x86 hosts must run the ECS-optimized Amazon Linux 2023 AMI from its public SSM parameter."
  }

  assert {
    condition     = aws_launch_template.host.instance_type == "t3.medium" && aws_launch_template.host.iam_instance_profile[0].arn == aws_iam_instance_profile.host.arn
    error_message = "Hosts must use the configured instance type and the host instance profile."
  }

  assert {
    condition     = toset(aws_launch_template.host.network_interfaces[0].security_groups) == toset([aws_security_group.host.id])
    error_message = "Hosts must carry only the host security group."
  }

  # user data joins the cluster without secrets
  assert {
    condition     = strcontains(base64decode(aws_launch_template.host.user_data), "ECS_CLUSTER=${aws_ecs_cluster.this.name}")
    error_message = "The user data must join the host to the platform's cluster."
  }

  assert {
    condition     = strcontains(base64decode(aws_launch_template.host.user_data), "ECS_RESERVED_MEMORY=256")
    error_message = "The user data must reserve host memory for the OS and the agent."
  }

  assert {
    condition     = !can(regex("(?i)(secret|password|aws_access_key|aws_secret)", base64decode(aws_launch_template.host.user_data)))
    error_message = "The user data must not contain secrets."
  }

  # instance role is ecs and ssm only
  assert {
    condition = toset([for a in aws_iam_role_policy_attachment.host : a.policy_arn]) == toset([
      "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ])
    error_message = "The host role must carry only the ECS container-instance and SSM core managed policies."
  }

  assert {
    condition     = jsondecode(aws_iam_role.host.assume_role_policy).Statement[0].Principal.Service == "ec2.amazonaws.com"
    error_message = "Only EC2 may assume the host role."
  }

  # autoscaling group for the capacity provider
  assert {
    condition     = aws_autoscaling_group.host.min_size == 1 && aws_autoscaling_group.host.max_size == 2 && aws_autoscaling_group.host.desired_capacity == 1
    error_message = "The Auto Scaling group sizes must come from asg_min_size, asg_max_size and asg_desired_capacity."
  }

  assert {
    condition     = aws_autoscaling_group.host.protect_from_scale_in
    error_message = "The Auto Scaling group must protect instances from scale-in (managed termination protection needs it)."
  }

  assert {
    condition     = aws_autoscaling_group.host.force_delete
    error_message = "The Auto Scaling group must be force-deleted so destroy does not wait forever on scale-in-protected hosts."
  }

  assert {
    condition     = anytrue([for t in aws_autoscaling_group.host.tag : t.key == "AmazonECSManaged" && t.value == "true" && t.propagate_at_launch])
    error_message = "The Auto Scaling group must carry the AmazonECSManaged tag, propagated at launch."
  }

  assert {
    condition     = aws_autoscaling_group.host.instance_refresh[0].preferences[0].min_healthy_percentage == 100 && aws_autoscaling_group.host.instance_refresh[0].preferences[0].max_healthy_percentage == 200
    error_message = "Instance refresh must keep one healthy host: min 100 %, max 200 %."
  }

  assert {
    condition     = aws_autoscaling_group.host.launch_template[0].id == aws_launch_template.host.id
    error_message = "The Auto Scaling group must launch from the host launch template."
  }

  # capacity provider is the cluster default
  assert {
    condition     = aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].auto_scaling_group_arn == aws_autoscaling_group.host.arn && aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_termination_protection == "ENABLED" && aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_scaling[0].status == "ENABLED"
    error_message = "The capacity provider must wrap the host Auto Scaling group with managed scaling and managed termination protection."
  }

  assert {
    condition     = aws_ecs_cluster_capacity_providers.this.cluster_name == aws_ecs_cluster.this.name && aws_ecs_cluster_capacity_providers.this.capacity_providers == toset([aws_ecs_capacity_provider.this.name])
    error_message = "The capacity provider must be attached to the cluster with aws_ecs_cluster_capacity_providers."
  }

  assert {
    condition     = one(aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy).capacity_provider == aws_ecs_capacity_provider.this.name
    error_message = "The capacity provider must be the cluster's default strategy."
  }

  # cluster uses service connect namespace
  assert {
    condition     = aws_ecs_cluster.this.service_connect_defaults[0].namespace == aws_service_discovery_http_namespace.this.arn && aws_service_discovery_http_namespace.this.name == "platform"
    error_message = "The cluster's Service Connect default must be the platform's HTTP namespace, named after name_prefix."
  }

  assert {
    condition     = anytrue([for s in aws_ecs_cluster.this.setting : s.name == "containerInsights" && s.value == "disabled"])
    error_message = "Container Insights must be off by default (cost)."
  }
}



run "graviton_hosts_use_the_arm64_ami" {
  command = apply

  variables {
    instance_type = "t4g.medium"
  }

  assert {
    condition     = data.aws_ssm_parameter.ecs_ami.name == "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
    error_message = "Graviton hosts must run the arm64 ECS-optimized Amazon Linux 2023 AMI."
  }
}

run "non_burstable_hosts_have_no_credit_setting" {
  command = apply

  variables {
    instance_type = "m7g.large"
  }

  assert {
    condition     = length(aws_launch_template.host.credit_specification) == 0
    error_message = "Only burstable (t*) instance types may get a CPU credit specification."
  }
}




