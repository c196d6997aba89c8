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

# Every rule that holds with the default inputs, in one run: each run starts the AWS provider
# about three times (most of a run's cost), so rules that share their inputs share a run.
# Each section names its concern and rule, and where the runs with other inputs are.
run "defaults" {
  command = plan

  # ---- backend config: backend settings for the layers
  assert {
    condition     = output.backend_config.use_lockfile == true && output.backend_config.encrypt == true && output.backend_config.region == "us-east-1"
    error_message = "The backend settings must turn on S3 native locking and encryption in the platform's region."
  }

  assert {
    condition     = output.backend_config.bucket == "platform-tfstate-123456789012" && output.backend_config.dynamodb_table == "platform-tfstate-lock"
    error_message = "The backend settings must name the state bucket and the lock table."
  }

  assert {
    condition     = strcontains(output.backend_hcl, "use_lockfile = true") && strcontains(output.backend_hcl, "bucket       = \"platform-tfstate-123456789012\"")
    error_message = "The backend_hcl output must be a usable backend config file."
  }

  # ---- lock table: lock table is on demand recoverable and encrypted
  assert {
    condition     = aws_dynamodb_table.lock.billing_mode == "PAY_PER_REQUEST" && aws_dynamodb_table.lock.hash_key == "LockID"
    error_message = "The lock table must be on-demand with the LockID hash key Terraform expects."
  }

  assert {
    condition     = aws_dynamodb_table.lock.point_in_time_recovery[0].enabled
    error_message = "The lock table must have point-in-time recovery."
  }

  # ---- lock table encryption: lock table uses the free aws owned key
  #
  # DynamoDB encrypts every table at rest; server_side_encryption.enabled only picks the key:
  # true without kms_key_arn = the AWS managed key aws/dynamodb (KMS charges apply), false = the
  # AWS-owned key (free). API reference, SSESpecification:
  # https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SSESpecification.html
  assert {
    condition     = length(aws_dynamodb_table.lock.server_side_encryption) == 1 && !aws_dynamodb_table.lock.server_side_encryption[0].enabled
    error_message = "The lock table must say server_side_encryption { enabled = false }: that is the free AWS-owned key; enabled = true selects the AWS managed KMS key, which is charged per request (docs/s3-backend.md)."
  }

  # ---- state bucket: state bucket rules
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
