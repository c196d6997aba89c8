# Offline: the AWS provider is mocked. Plan only: the bucket and table are prevent_destroy.
#
# DynamoDB encrypts every table at rest; server_side_encryption.enabled only picks the key:
# true without kms_key_arn = the AWS managed key aws/dynamodb (KMS charges apply), false = the
# AWS-owned key (free). API reference, SSESpecification:
# https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SSESpecification.html
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

run "lock_table_uses_the_free_aws_owned_key" {
  command = plan

  assert {
    condition     = length(aws_dynamodb_table.lock.server_side_encryption) == 1 && !aws_dynamodb_table.lock.server_side_encryption[0].enabled
    error_message = "The lock table must say server_side_encryption { enabled = false }: that is the free AWS-owned key; enabled = true selects the AWS managed KMS key, which is charged per request (docs/s3-backend.md)."
  }
}
