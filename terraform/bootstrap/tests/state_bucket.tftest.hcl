# Offline: the AWS provider is mocked. Plan only: the bucket and table are prevent_destroy.
mock_provider "aws" {
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
}

variables {
  region      = "us-east-1"
  name_prefix = "platform"
}

run "state_bucket_rules" {
  # One plan checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = plan

  # bucket name is unique per account
  assert {
    condition     = aws_s3_bucket.state.bucket == "platform-tfstate-123456789012"
    error_message = "The state bucket must be named <name_prefix>-tfstate-<account id>."
  }

  # bucket is versioned
  assert {
    condition     = aws_s3_bucket_versioning.state.versioning_configuration[0].status == "Enabled"
    error_message = "The state bucket must be versioned so any state can be restored."
  }

  # bucket is encrypted
  assert {
    condition     = contains(["AES256", "aws:kms", "aws:kms:dsse"], one(one(aws_s3_bucket_server_side_encryption_configuration.state.rule).apply_server_side_encryption_by_default).sse_algorithm)
    error_message = "The state bucket must encrypt every object at rest."
  }

  # bucket is blocked from public access
  assert {
    condition     = aws_s3_bucket_public_access_block.state.block_public_acls && aws_s3_bucket_public_access_block.state.block_public_policy && aws_s3_bucket_public_access_block.state.ignore_public_acls && aws_s3_bucket_public_access_block.state.restrict_public_buckets
    error_message = "The state bucket must block every form of public access."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.state.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "The state bucket must disable ACLs (BucketOwnerEnforced)."
  }

  # bucket is tls only
  assert {
    condition = anytrue([for s in jsondecode(aws_s3_bucket_policy.state.policy).Statement :
      s.Effect == "Deny" && s.Principal == "*" && s.Action == "s3:*" && try(s.Condition.Bool["aws:SecureTransport"], "") == "false" &&
    toset(s.Resource) == toset(["arn:aws:s3:::platform-tfstate-123456789012", "arn:aws:s3:::platform-tfstate-123456789012/*"])])
    error_message = "The state bucket policy must deny every request made without TLS, on the bucket and its objects."
  }
}




