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

run "ssm_rules" {
  # One apply checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = apply

  # seed parameters exist with the seed names
  assert {
    condition = alltrue([for name in [
      "/infra/vpc-id",
      "/infra/cluster-arn",
      "/infra/alb-arn",
      "/infra/alb-listener-arn",
      "/infra/private-subnet-ids",
      "/infra/public-subnet-ids",
      "/infra/efs-id",
    ] : contains(keys(aws_ssm_parameter.contract), name) && aws_ssm_parameter.contract[name].name == name])
    error_message = "The seed's seven /infra/* parameters must exist with exactly the seed's names."
  }

  # seed parameters hold the right values
  assert {
    condition     = aws_ssm_parameter.contract["/infra/vpc-id"].value == aws_vpc.this.id && aws_ssm_parameter.contract["/infra/vpc-id"].type == "String"
    error_message = "/infra/vpc-id must be a String holding the VPC id."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/cluster-arn"].value == aws_ecs_cluster.this.arn
    error_message = "/infra/cluster-arn must hold the ECS cluster ARN."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/alb-arn"].value == aws_lb.this.arn
    error_message = "/infra/alb-arn must hold the ALB ARN."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/alb-listener-arn"].value == aws_lb_listener.https.arn
    error_message = "/infra/alb-listener-arn must hold the HTTPS (443) listener ARN."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/private-subnet-ids"].type == "StringList" && aws_ssm_parameter.contract["/infra/private-subnet-ids"].value == join(",", aws_subnet.private[*].id)
    error_message = "/infra/private-subnet-ids must be a StringList of both private subnet ids."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/public-subnet-ids"].type == "StringList" && aws_ssm_parameter.contract["/infra/public-subnet-ids"].value == join(",", aws_subnet.public[*].id)
    error_message = "/infra/public-subnet-ids must be a StringList of both public subnet ids."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/efs-id"].value == aws_efs_file_system.this.id
    error_message = "/infra/efs-id must hold the EFS file system id."
  }

  # every contract parameter is a standard string or list
  assert {
    condition     = alltrue([for p in aws_ssm_parameter.contract : contains(["String", "StringList"], p.type) && p.tier == "Standard" && startswith(p.name, "/infra/")])
    error_message = "Contract parameters must be Standard-tier String or StringList values under /infra/."
  }
}


