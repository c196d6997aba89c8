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

run "backend_settings_for_the_layers" {
  command = plan

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
}
