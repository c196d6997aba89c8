################################################################################
# What this layer reads from outside: the Layer 1 contract (SSM parameters written by
# terraform/base-infra, read only through terraform/modules/platform; docs/contract.md).
################################################################################

module "platform" {
  source = "../modules/platform"
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}
