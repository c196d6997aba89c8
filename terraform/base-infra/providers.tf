provider "aws" {
  region = var.region

  # Every taggable resource gets these; resources add only a Name tag of their own.
  default_tags {
    tags = {
      Project   = var.name_prefix
      Layer     = "base-infra"
      ManagedBy = "terraform"
      Owner     = var.owner_email
    }
  }
}
