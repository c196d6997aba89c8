################################################################################
# Shared platform configuration (platform.example.tfvars, docs/contract.md)
################################################################################

variable "region" {
  description = "AWS region the platform runs in."
  type        = string
}

variable "name_prefix" {
  description = "The platform's name prefix (tags; the platform derives resource names from it)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name_prefix))
    error_message = "The name prefix must be 3 to 20 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "domain" {
  description = "The platform's domain. The app is served at api.<domain>; a check warns when the platform in this account serves another domain."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain))
    error_message = "The domain must be a lowercase DNS name such as hari328.net."
  }
}

################################################################################
# This app
################################################################################

variable "image_tag" {
  description = "Tag of the app's image in its ECR repository. CI sets it on every deploy: terraform apply -var image_tag=<git sha> (docs/decisions/0019-terraform-owns-image-tags.md)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && var.image_tag != "latest"
    error_message = "The image tag must be a Docker tag other than latest, e.g. the git commit SHA CI built."
  }
}
