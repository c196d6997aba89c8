# A fixture shaped like terraform/examples/tenant-app: enough to exercise every rewrite.

module "platform" {
  source = "../../modules/platform"
}

module "app" {
  source = "../../modules/ecs-service" # the platform's service module

  platform = module.platform.contract
  name     = var.name
  host     = "hello" # -> hello.<domain>
  image    = var.image
}

module "helper" {
  source = "./modules/helper"
}
