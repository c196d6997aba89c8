################################################################################
# Account and naming
################################################################################

variable "region" {
  description = "AWS region every resource of the platform lives in, e.g. us-east-1."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must be an AWS region name such as us-east-1."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name (and of the Service Connect namespace): 3-20 lowercase letters, digits or hyphens, starting with a letter, not with aws, ecs or fargate (ECS capacity provider names cannot)."
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

################################################################################
# Domain
################################################################################

variable "domain" {
  description = "Apex domain the platform serves, e.g. hari328.net: Route53 zone, certificate for the apex and *.domain."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain))
    error_message = "The domain must be a lowercase DNS name with at least two labels, such as hari328.net, without a trailing dot."
  }
}

variable "owner_email" {
  description = "Email of the platform owner: tagged on every resource (Owner) and the first address of the SSO allowlist."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@([a-zA-Z0-9-]+\\.)+[a-zA-Z]{2,}$", var.owner_email))
    error_message = "The owner_email must be an email address such as owner@example.com."
  }
}

################################################################################
# Network and hosts
################################################################################

variable "nat_mode" {
  description = "Outbound internet for the ECS hosts: gateway (one NAT Gateway, the seed), instance (a t4g.nano NAT instance) or none (hosts in the public subnets, reachable only from the ALB)."
  type        = string
  default     = "gateway"

  validation {
    condition     = contains(["gateway", "instance", "none"], var.nat_mode)
    error_message = "The nat_mode must be one of gateway, instance or none."
  }
}

variable "instance_type" {
  description = "EC2 instance type of the ECS hosts, e.g. t3.medium (the seed) or t4g.medium (Graviton: the arm64 AMI is picked automatically)."
  type        = string
  default     = "t3.medium"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "The instance_type must be an EC2 instance type such as t3.medium."
  }
}

variable "asg_min_size" {
  description = "Minimum number of ECS hosts in the Auto Scaling group."
  type        = number
  default     = 1

  validation {
    condition     = var.asg_min_size >= 0 && floor(var.asg_min_size) == var.asg_min_size
    error_message = "The asg_min_size must be a whole number of at least 0."
  }
}

variable "asg_max_size" {
  description = "Maximum number of ECS hosts the capacity provider may scale out to."
  type        = number
  default     = 2

  validation {
    condition     = var.asg_max_size >= 1 && var.asg_max_size <= 10 && floor(var.asg_max_size) == var.asg_max_size
    error_message = "The asg_max_size must be a whole number from 1 to 10."
  }
}

variable "asg_desired_capacity" {
  description = "Number of ECS hosts at creation; afterwards the capacity provider's managed scaling owns it."
  type        = number
  default     = 1

  validation {
    condition     = var.asg_desired_capacity >= var.asg_min_size && var.asg_desired_capacity <= var.asg_max_size
    error_message = "The Auto Scaling group sizes must satisfy asg_min_size <= asg_desired_capacity <= asg_max_size."
  }
}

################################################################################
# Load balancer and certificate
################################################################################

variable "alb_deletion_protection" {
  description = "Protect the ALB from deletion; set false only to destroy the platform."
  type        = bool
  default     = true
}

variable "wait_for_certificate" {
  description = "Phase 2 switch: wait for ACM to issue the certificate (true once the registrar points at the Route53 name servers, docs/decisions/0017-certificate-two-phases.md). A full plan needs true; with false only the phase 1 targets can be applied (docs/dns-ssl.md)."
  type        = bool
  default     = false
}

################################################################################
# --- Cognito SSO --- (docs/sso.md)
################################################################################

variable "google_client_id" {
  description = "OAuth client id of the Google Cloud web client the user pool signs in with (docs/sso.md), e.g. 1234567890-abc.apps.googleusercontent.com."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+-[a-z0-9]+\\.apps\\.googleusercontent\\.com$", var.google_client_id))
    error_message = "The google_client_id must be a Google OAuth client id such as 1234567890-abc123.apps.googleusercontent.com."
  }
}

variable "google_client_secret" {
  description = "OAuth client secret of the same Google client. Never put it in a file: export TF_VAR_google_client_secret. It is kept in the (encrypted) Terraform state."
  type        = string
  sensitive   = true
  nullable    = false

  validation {
    condition     = length(trimspace(var.google_client_secret)) > 0
    error_message = "The google_client_secret must not be empty: export TF_VAR_google_client_secret with the secret from the Google Cloud console."
  }
}

variable "cognito_domain_prefix" {
  description = "Prefix of the free Cognito domain <prefix>.auth.<region>.amazoncognito.com (unique per region across all AWS accounts). Null = <name_prefix>-<8 hex digits of the domain's hash>."
  type        = string
  default     = null

  validation {
    condition     = var.cognito_domain_prefix == null || (can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.cognito_domain_prefix)) && !can(regex("aws|amazon|cognito", var.cognito_domain_prefix)))
    error_message = "The cognito_domain_prefix must be 1-63 lowercase letters, digits or hyphens, start and end with a letter or digit, and not contain aws, amazon or cognito."
  }
}

variable "cognito_custom_domain" {
  description = "Optional custom domain for the sign-in pages, under the platform domain (e.g. auth.hari328.net). Needs region us-east-1 and wait_for_certificate = true. Null = the free prefix domain."
  type        = string
  default     = null

  validation {
    condition     = var.cognito_custom_domain == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.cognito_custom_domain))
    error_message = "The cognito_custom_domain must be a lowercase DNS name such as auth.hari328.net, without a trailing dot."
  }
}

variable "sso_app_callback_urls" {
  description = "Callback URLs of the shared public app client tenant apps sign users in with. Empty = https://api.<domain>/oauth2/callback."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for url in var.sso_app_callback_urls : can(regex("^(https://[^/]+|http://localhost(:[0-9]+)?)(/.*)?$", url))])
    error_message = "Every sso_app_callback_urls entry must be an https:// URL (http:// is allowed only for localhost), e.g. https://api.hari328.net/oauth2/callback."
  }
}

variable "presignup_lambda_zip" {
  description = "Zip of the pre-sign-up Lambda built by `make lambda` (go run ./cmd/lambdazip). A relative path is taken from the repository root."
  type        = string
  default     = "build/presignup.zip"
  nullable    = false

  validation {
    condition     = endswith(var.presignup_lambda_zip, ".zip")
    error_message = "The presignup_lambda_zip must be the path of a .zip file, such as build/presignup.zip."
  }
}

variable "sso_log_retention_days" {
  description = "Days CloudWatch keeps the pre-sign-up trigger's logs (every refusal is logged there)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.sso_log_retention_days)
    error_message = "The sso_log_retention_days must be a CloudWatch Logs retention period: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "cognito_deletion_protection" {
  description = "Protect the Cognito user pool (the SSO users) from deletion; set false only to destroy the platform (platformctl down does it first)."
  type        = bool
  default     = true
  nullable    = false
}

variable "host_capacity" {
  description = "How the ECS hosts are bought: on_demand (the default) or spot (Spot Instances over several instance types of the same architecture, interruption-aware; docs/ecs-ec2-alb.md)."
  type        = string
  default     = "on_demand"
  nullable    = false

  validation {
    condition     = contains(["on_demand", "spot"], var.host_capacity)
    error_message = "The host_capacity must be on_demand or spot (set host_capacity = \"on_demand\" to buy the hosts at the on-demand price)."
  }
}
