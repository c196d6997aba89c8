# Every resource of the seed architecture's Layer 1 table is in the plan (the S3 backend row is
# terraform/bootstrap, whose own tests check the bucket and the lock table). A resource renamed or
# removed fails this file: its reference no longer resolves, or its count is wrong.
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

run "every_seed_layer1_resource_is_planned" {
  # apply (against the mocks), so the wiring between resources can be compared.
  command = apply

  # Networking: VPC, 2 public + 2 private subnets, IGW, 1 NAT Gateway, route tables.
  assert {
    condition     = aws_vpc.this.enable_dns_support && length(aws_subnet.public) == 2 && length(aws_subnet.private) == 2 && aws_internet_gateway.this.vpc_id == aws_vpc.this.id
    error_message = "The seed's network (VPC, 2 public and 2 private subnets, internet gateway) must be planned."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_eip.nat) == 1 && aws_route_table.public.vpc_id == aws_vpc.this.id && aws_route_table.private.vpc_id == aws_vpc.this.id
    error_message = "The seed's NAT Gateway (with its Elastic IP) and route tables must be planned in the default profile."
  }

  # ECS cluster, capacity provider; EC2 ASG: launch template, ASG, ECS-optimized AMI, instance profile.
  assert {
    condition     = aws_ecs_cluster_capacity_providers.this.cluster_name == aws_ecs_cluster.this.name && contains(aws_ecs_cluster_capacity_providers.this.capacity_providers, aws_ecs_capacity_provider.this.name)
    error_message = "The seed's ECS cluster must be planned with the ASG capacity provider attached."
  }

  assert {
    condition     = aws_launch_template.host.image_id == data.aws_ssm_parameter.ecs_ami.insecure_value && aws_launch_template.host.iam_instance_profile[0].arn == aws_iam_instance_profile.host.arn && aws_autoscaling_group.host.max_size == 2
    error_message = "The seed's EC2 Auto Scaling group must be planned from a launch template with the ECS-optimized AMI and the instance profile."
  }

  # ALB with HTTP and HTTPS listeners and its security group.
  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_listener.https.port == 443 && contains(aws_lb.this.security_groups, aws_security_group.alb.id)
    error_message = "The seed's ALB must be planned with its HTTP and HTTPS listeners and its security group."
  }

  # DNS + SSL: Route53 hosted zone, ACM wildcard certificate.
  assert {
    condition     = aws_route53_zone.this.name == "hari328.net" && aws_acm_certificate.this.domain_name == "*.hari328.net"
    error_message = "The seed's hosted zone and wildcard certificate must be planned."
  }

  # EFS: file system, mount targets, security group.
  assert {
    condition     = aws_efs_file_system.this.encrypted && length(aws_efs_mount_target.this) == 2 && aws_security_group.efs.vpc_id == aws_vpc.this.id
    error_message = "The seed's EFS file system, its two mount targets and its security group must be planned."
  }

  # Cognito: user pool, user pool client, domain.
  assert {
    condition     = aws_cognito_user_pool_client.apps.user_pool_id == aws_cognito_user_pool.this.id && aws_cognito_user_pool_domain.this.user_pool_id == aws_cognito_user_pool.this.id
    error_message = "The seed's Cognito user pool, user pool client and domain must be planned."
  }
}
