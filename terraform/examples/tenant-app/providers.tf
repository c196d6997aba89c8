provider "aws" {
  region = var.region

  # Every taggable resource of this app gets these.
  default_tags {
    tags = {
      Project   = var.name_prefix
      Layer     = "apps/${local.app}"
      ManagedBy = "terraform"
    }
  }
}
