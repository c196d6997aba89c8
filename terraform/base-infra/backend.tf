# Partial configuration: bucket, region, use_lockfile and encrypt come from the bootstrap
# outputs, the key is "base-infra/terraform.tfstate" (docs/contract.md, docs/s3-backend.md).
terraform {
  backend "s3" {}
}
