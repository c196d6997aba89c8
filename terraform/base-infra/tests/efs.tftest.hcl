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

run "efs_rules" {
  # One apply checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = apply

  # efs encrypted elastic and backed up
  assert {
    condition     = aws_efs_file_system.this.encrypted
    error_message = "The EFS file system must be encrypted at rest."
  }

  assert {
    condition     = aws_efs_file_system.this.throughput_mode == "elastic"
    error_message = "The EFS file system must use elastic throughput."
  }

  assert {
    condition     = aws_efs_backup_policy.this.backup_policy[0].status == "ENABLED" && aws_efs_backup_policy.this.file_system_id == aws_efs_file_system.this.id
    error_message = "Automatic backups of the EFS file system must be enabled."
  }

  # mount targets only in private subnets
  assert {
    condition     = length(aws_efs_mount_target.this) == 2 && toset(aws_efs_mount_target.this[*].subnet_id) == toset(aws_subnet.private[*].id)
    error_message = "EFS mount targets must exist in both private subnets and nowhere else."
  }

  assert {
    condition     = alltrue([for m in aws_efs_mount_target.this : toset(m.security_groups) == toset([aws_security_group.efs.id])])
    error_message = "EFS mount targets must carry only the EFS security group."
  }

  # nfs only from the hosts
  assert {
    condition     = aws_vpc_security_group_ingress_rule.efs_from_hosts.from_port == 2049 && aws_vpc_security_group_ingress_rule.efs_from_hosts.to_port == 2049 && aws_vpc_security_group_ingress_rule.efs_from_hosts.referenced_security_group_id == aws_security_group.host.id && aws_vpc_security_group_ingress_rule.efs_from_hosts.security_group_id == aws_security_group.efs.id
    error_message = "NFS (2049) on the EFS security group must be open only to the host security group."
  }

  # file system policy requires tls
  assert {
    condition = anytrue([for s in jsondecode(aws_efs_file_system_policy.this.policy).Statement :
    s.Effect == "Deny" && try(s.Condition.Bool["aws:SecureTransport"], "") == "false" && s.Action == "*"])
    error_message = "The EFS file system policy must deny every request made without TLS."
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_efs_file_system_policy.this.policy).Statement :
    s.Effect == "Deny" || !contains(flatten([s.Action]), "elasticfilesystem:ClientRootAccess")])
    error_message = "The EFS file system policy must never grant root access: access points set the POSIX user."
  }
}



