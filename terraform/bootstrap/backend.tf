# The bootstrap layer keeps its own state in the bucket it creates, under the key
# bootstrap/terraform.tfstate, so a fresh clone with credentials can run it again
# (docs/s3-backend.md). Partial configuration, like every layer's:
#   terraform init -backend-config=../../.platform/backend.hcl -backend-config=key=bootstrap/terraform.tfstate
# The very first apply cannot use it (the bucket does not exist yet): `platformctl bootstrap`
# then applies with a local state (a temporary backend_override.tf) and moves that state into
# the new bucket with `terraform init -migrate-state -force-copy`.
terraform {
  backend "s3" {}
}
