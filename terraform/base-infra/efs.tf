################################################################################
# File system (persistent storage for the monitoring stack, docs/decisions/0015-storage-efs-and-s3.md)
################################################################################

resource "aws_efs_file_system" "this" {
  creation_token   = local.name_prefix
  encrypted        = true
  performance_mode = "generalPurpose"
  # Bursting throughput on a few GB gives about 1 MiB/s; elastic bills per use instead.
  throughput_mode = "elastic"

  tags = {
    Name = local.name_prefix
  }
}

resource "aws_efs_backup_policy" "this" {
  file_system_id = aws_efs_file_system.this.id

  backup_policy {
    status = "ENABLED"
  }
}

################################################################################
# Network: mount targets in the private subnets, NFS only from the hosts
################################################################################

resource "aws_security_group" "efs" {
  name        = "${local.name_prefix}-efs"
  description = "EFS mount targets: NFS from the ECS hosts only"
  vpc_id      = aws_vpc.this.id

  tags = {
    Name = "${local.name_prefix}-efs"
  }
}

resource "aws_vpc_security_group_ingress_rule" "efs_from_hosts" {
  security_group_id            = aws_security_group.efs.id
  description                  = "NFS from the ECS hosts"
  ip_protocol                  = "tcp"
  from_port                    = 2049
  to_port                      = 2049
  referenced_security_group_id = aws_security_group.host.id
}

# The private subnets exist in every nat_mode, so the mount targets always live there.
resource "aws_efs_mount_target" "this" {
  count = 2

  file_system_id  = aws_efs_file_system.this.id
  subnet_id       = aws_subnet.private[count.index].id
  security_groups = [aws_security_group.efs.id]
}

################################################################################
# File system policy: TLS only; the hosts and this account's roles through mount targets
################################################################################

locals {
  efs_access_point_arns = "arn:${data.aws_partition.current.partition}:elasticfilesystem:${var.region}:${data.aws_caller_identity.current.account_id}:access-point/*"
}

# Roles of this account still need elasticfilesystem:Client* in their own policy (the
# ecs-service module grants it to task roles that mount an access point); root access is
# never granted, so access points (created by the monitoring layer) set the POSIX user.
resource "aws_efs_file_system_policy" "this" {
  file_system_id = aws_efs_file_system.this.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyWithoutTls"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "*"
        Resource  = aws_efs_file_system.this.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "AllowHostsThroughMountTargets"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.host.arn }
        Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
        Resource  = aws_efs_file_system.this.arn
        Condition = { Bool = { "elasticfilesystem:AccessedViaMountTarget" = "true" } }
      },
      {
        Sid       = "AllowAccountRolesThroughAccessPoints"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
        Resource  = aws_efs_file_system.this.arn
        Condition = {
          Bool       = { "elasticfilesystem:AccessedViaMountTarget" = "true" }
          StringLike = { "elasticfilesystem:AccessPointArn" = local.efs_access_point_arns }
        }
      },
    ]
  })
}
