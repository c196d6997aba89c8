################################################################################
# Layer 2a: one app on the platform. This folder is what an app repository
# (e.g. backend-patterns-ts) carries as its terraform/ folder, with the two
# module sources pointing at this repository (docs/tenant-apps.md).
################################################################################

locals {
  app  = "api"
  host = "api" # -> api.<domain>
}

# Layer 1, read from SSM Parameter Store (docs/decisions/0011-ssm-layer-contract.md).
module "platform" {
  source = "../../modules/platform"
}

module "api" {
  source = "../../modules/ecs-service"

  platform  = module.platform.contract
  name      = local.app
  image_tag = var.image_tag
  host      = local.host

  # What cmd/sample-service/Dockerfile builds: port, user and health check.
  container_port       = 3000
  user                 = "65532:65532"
  health_check_path    = "/healthz"
  health_check_command = ["CMD", "/sample-service", "-healthcheck"]

  cpu                = 128
  memory             = 128
  memory_reservation = 64
  desired_count      = 1

  environment = {
    LOG_LEVEL = "info"
  }

  # Scraped by the monitoring layer without any edit there.
  metrics = {}

  log_retention_days = 30
}

# The platform in this account must be the one this app was written for.
check "platform_serves_this_domain" {
  assert {
    condition     = module.platform.zone_name == var.domain
    error_message = "The platform in this account serves ${module.platform.zone_name}, not ${var.domain}: check the AWS profile and the -var-file."
  }
}
