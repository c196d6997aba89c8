terraform {
  # State key: "apps/hello/terraform.tfstate" (docs/contract.md, "Backend").
  backend "s3" {}
}
