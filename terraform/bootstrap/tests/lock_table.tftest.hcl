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

run "lock_table_is_on_demand_recoverable_and_encrypted" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.lock.billing_mode == "PAY_PER_REQUEST" && aws_dynamodb_table.lock.hash_key == "LockID"
    error_message = "The lock table must be on-demand with the LockID hash key Terraform expects."
  }

  assert {
    condition     = aws_dynamodb_table.lock.point_in_time_recovery[0].enabled
    error_message = "The lock table must have point-in-time recovery."
  }

  # The encryption key: tests/lock_table_encryption.tftest.hcl.
}
