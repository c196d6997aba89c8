terraform {
  # >= 1.10 on both Terraform and OpenTofu (S3 native state locking, mock providers in tests).
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}
