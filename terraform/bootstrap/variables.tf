variable "region" {
  description = "AWS region of the state bucket and lock table (the same region as the platform), e.g. us-east-1."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must be an AWS region name such as us-east-1."
  }
}

variable "name_prefix" {
  description = "Prefix of the bucket and table names: 3-20 lowercase letters, digits or hyphens, starting with a letter, not with aws, ecs or fargate (ECS capacity provider names cannot)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name_prefix))
    error_message = "The name_prefix must be 3-20 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }

  # The ECS capacity provider is named "<name_prefix>-hosts", and the CreateCapacityProvider API
  # refuses names prefixed with "aws", "ecs" or "fargate" (API reference, CreateCapacityProvider,
  # request parameter name): the same value must pass in every layer (docs/contract.md).
  validation {
    condition     = !can(regex("^(aws|ecs|fargate)", var.name_prefix))
    error_message = "The name_prefix must not start with \"aws\", \"ecs\" or \"fargate\": ECS refuses capacity provider names with those prefixes (the platform's is <name_prefix>-hosts). Choose another, e.g. name_prefix = \"platform\"."
  }
}
