# The state bucket cannot hold the state of the code that creates it: bootstrap is applied
# once with local state (terraform.tfstate in this folder, git-ignored; keep a copy safe or
# re-import the two resources, docs/s3-backend.md). Declared explicitly so this folder is a
# root configuration like the others.
terraform {
  backend "local" {}
}
