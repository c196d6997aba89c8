terraform {
  # Partial configuration: the platform's state bucket, passed at init time
  # (docs/contract.md, "Backend"). An app's state key is
  # "apps/<app name>/terraform.tfstate":
  #
  #   terraform init \
  #     -backend-config="bucket=<state bucket from terraform/bootstrap>" \
  #     -backend-config="key=apps/api/terraform.tfstate" \
  #     -backend-config="region=us-east-1" \
  #     -backend-config="use_lockfile=true" \
  #     -backend-config="encrypt=true"
  backend "s3" {}
}
