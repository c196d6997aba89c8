################################################################################
# EFS access points: one per stateful container, each with its own POSIX identity and root
# directory (created on first mount with these owners and 0750), so no container can read or
# write another's files. Transit encryption and IAM authorization are set on every EFS volume
# of the monitoring task (monitoring.tf). Grafana has none: its database is task-local
# (grafana.tf, "Database").
################################################################################

locals {
  # uid/gid each image runs as; the access point enforces the same identity on NFS.
  efs_users = {
    prometheus = { uid = 65534, gid = 65534, path = "/monitoring/prometheus" } # nobody, prom/prometheus
    loki       = { uid = 10001, gid = 10001, path = "/monitoring/loki" }       # grafana/loki
    tempo      = { uid = 10001, gid = 10001, path = "/monitoring/tempo" }      # grafana/tempo
  }
}

resource "aws_efs_access_point" "this" {
  for_each = local.efs_users

  file_system_id = local.platform.efs_id

  posix_user {
    uid = each.value.uid
    gid = each.value.gid
  }

  root_directory {
    path = each.value.path
    creation_info {
      owner_uid   = each.value.uid
      owner_gid   = each.value.gid
      permissions = "0750"
    }
  }

  tags = {
    Name = "${local.name_prefix}-${each.key}"
  }
}

################################################################################
# S3: Loki chunks and index, Tempo blocks (their native object store).
#
# Versioning is on: an accidental delete or overwrite of a block or index can be undone for
# noncurrent_days. Loki's compactor and Tempo's backend worker delete expired data
# themselves at the retention set in their configs; the lifecycle below is a safety net a few
# days later (so it never removes something the service still indexes) and it cleans up
# noncurrent versions and abandoned multipart uploads, so versioning does not keep deleted
# data forever.
################################################################################

locals {
  telemetry_buckets = {
    loki  = { retention_days = var.monitoring_retention_days.loki }
    tempo = { retention_days = var.monitoring_retention_days.tempo }
  }
  # Days the lifecycle waits beyond the service's own retention.
  lifecycle_margin_days = 7
  noncurrent_days       = 7
}

resource "aws_s3_bucket" "telemetry" {
  for_each = local.telemetry_buckets

  # Bucket names are global: the account id keeps them unique.
  bucket = "${local.name_prefix}-${each.key}-${local.account_id}"

  # Telemetry is disposable: a destroy of this layer must not stall on a non-empty bucket.
  force_destroy = true

  tags = {
    Name = "${local.name_prefix}-${each.key}"
  }
}

resource "aws_s3_bucket_public_access_block" "telemetry" {
  for_each = aws_s3_bucket.telemetry

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "telemetry" {
  for_each = aws_s3_bucket.telemetry

  bucket = each.value.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "telemetry" {
  for_each = aws_s3_bucket.telemetry

  bucket = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.telemetry.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "telemetry" {
  for_each = aws_s3_bucket.telemetry

  bucket = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "telemetry" {
  for_each = aws_s3_bucket.telemetry

  bucket = each.value.id

  rule {
    id     = "expire-after-retention"
    status = "Enabled"
    filter {}

    expiration {
      days = local.telemetry_buckets[each.key].retention_days + local.lifecycle_margin_days
    }

    noncurrent_version_expiration {
      noncurrent_days = local.noncurrent_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  rule {
    id     = "remove-expired-delete-markers"
    status = "Enabled"
    filter {}

    expiration {
      expired_object_delete_marker = true
    }
  }

  depends_on = [aws_s3_bucket_versioning.telemetry]
}

# TLS only: deny any request that is not over HTTPS. (jsonencode rather than the
# aws_iam_policy_document data source, so tests can read the policy at plan time.)
locals {
  telemetry_bucket_policies = {
    for k, b in aws_s3_bucket.telemetry : k => jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [b.arn, "${b.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }]
    })
  }
}

resource "aws_s3_bucket_policy" "telemetry" {
  for_each = aws_s3_bucket.telemetry

  bucket = each.value.id
  policy = local.telemetry_bucket_policies[each.key]

  depends_on = [aws_s3_bucket_public_access_block.telemetry]
}

# One customer-managed key for both buckets (about $1/month; S3 bucket keys keep the request
# cost near zero). The task roles of Loki and Tempo may use it for their own bucket only.
resource "aws_kms_key" "telemetry" {
  description             = "${local.name_prefix} monitoring: Loki and Tempo buckets"
  enable_key_rotation     = true
  deletion_window_in_days = 7

  tags = {
    Name = "${local.name_prefix}-telemetry"
  }
}

resource "aws_kms_alias" "telemetry" {
  name          = "alias/${local.name_prefix}-telemetry"
  target_key_id = aws_kms_key.telemetry.key_id
}

# Read/write access to one telemetry bucket, for Loki and Tempo. Both run in the monitoring
# task, whose containers share its one task role (ECS has no per-container role). The ARN is
# built from the bucket name (the same value S3 reports), so the policy names its bucket
# explicitly.
locals {
  telemetry_access_policies = {
    for k, b in aws_s3_bucket.telemetry : k => jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "ListBucket"
          Effect   = "Allow"
          Action   = "s3:ListBucket"
          Resource = "arn:${local.partition}:s3:::${b.bucket}"
        },
        {
          Sid      = "ReadWriteObjects"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectTagging", "s3:PutObjectTagging"]
          Resource = "arn:${local.partition}:s3:::${b.bucket}/*"
        },
        {
          Sid       = "UseBucketKey"
          Effect    = "Allow"
          Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
          Resource  = aws_kms_key.telemetry.arn
          Condition = { StringEquals = { "kms:ViaService" = "s3.${var.region}.amazonaws.com" } }
        },
      ]
    })
  }
}

resource "aws_iam_role_policy" "telemetry_access" {
  for_each = aws_s3_bucket.telemetry

  name   = "${each.key}-bucket"
  role   = aws_iam_role.monitoring_task.id
  policy = local.telemetry_access_policies[each.key]
}
