# Terraform state storage for every layer (docs/s3-backend.md): one S3 bucket (native S3
# locking, use_lockfile = true, docs/decisions/0014-s3-native-state-locking.md) and the seed's DynamoDB lock table for
# tools that still want it.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  # Bucket names are global: the account id makes this one unique.
  bucket_name     = "${var.name_prefix}-tfstate-${data.aws_caller_identity.current.account_id}"
  bucket_arn      = "arn:${data.aws_partition.current.partition}:s3:::${local.bucket_name}"
  lock_table_name = "${var.name_prefix}-tfstate-lock"
}

################################################################################
# State bucket
################################################################################

# Access logging to another bucket is not enabled: this is the only bucket the layer owns,
# CloudTrail records who touched it, and a log bucket would cost more than the state.
#trivy:ignore:AVD-AWS-0089
resource "aws_s3_bucket" "state" {
  bucket = local.bucket_name

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket = aws_s3_bucket.state.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Every state write is a new version: a bad apply is undone by restoring the previous one.
resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

# SSE-S3 rather than a customer-managed KMS key: a CMK costs $1/month and adds a key policy
# that can lock the state away; the bucket is private, versioned and TLS-only.
#trivy:ignore:AVD-AWS-0132
resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

# Old state versions are kept 90 days (and the 5 newest always), then expire.
resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days           = 90
      newer_noncurrent_versions = 5
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.state]
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyWithoutTls"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [local.bucket_arn, "${local.bucket_arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })

  depends_on = [aws_s3_bucket_public_access_block.state]
}

################################################################################
# Lock table (the seed's; optional with use_lockfile = true)
################################################################################

# Encrypted at rest with the AWS-owned key (free): the table only holds lock ids and state
# digests. DynamoDB always encrypts; `enabled` only picks the key. `enabled = true` without a
# key selects the AWS managed key aws/dynamodb (KMS request charges), `false` (or no block) the
# AWS-owned key (the DynamoDB API reference, SSESpecification: "If enabled (true), server-side
# encryption type is set to KMS and an AWS managed key is used (KMS charges apply). If disabled
# (false) or not specified, server-side encryption is set to AWS owned key";
# https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SSESpecification.html and
# the provider's aws_dynamodb_table docs, server_side_encryption). The block is written out,
# not omitted, so a table created with `enabled = true` is switched back (an omitted block is
# Optional+Computed and would keep the old key). A customer-managed key (what the trivy rule
# asks for) would cost $1/month plus requests for no gain here.
#trivy:ignore:AVD-AWS-0025
resource "aws_dynamodb_table" "lock" {
  name         = local.lock_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  deletion_protection_enabled = true

  attribute {
    name = "LockID"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  # AWS-owned key: see the comment above the resource.
  server_side_encryption {
    enabled = false
  }

  lifecycle {
    prevent_destroy = true
  }
}
