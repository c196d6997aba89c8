################################################################################
# Docker Hub through an ECR pull-through cache (optional). Docker Hub limits anonymous pulls
# (10 per hour per IP, and every host shares the NAT's IP), so an instance refresh or a
# scale-out can fail with "toomanyrequests". With var.docker_hub_pull_through_secret_arn set,
# the docker.io images of local.images are pulled as
# <account>.dkr.ecr.<region>.amazonaws.com/<prefix>-docker-hub/<repository>:<tag>: ECR fetches
# each tag once from Docker Hub with the account's credentials and serves it from then on. ECR
# supports Docker Hub only with credentials ("Docker Hub ... (requires authentication with
# Secrets Manager secret)", Amazon ECR User Guide, "Sync an upstream registry"). The pins stay
# exactly the same tags.
################################################################################

locals {
  docker_hub_cache        = var.docker_hub_pull_through_secret_arn != null
  docker_hub_cache_prefix = "${local.name_prefix}-docker-hub"
  ecr_registry            = "${local.account_id}.dkr.ecr.${var.region}.amazonaws.com"

  # The image each container runs: local.images, with docker.io/ rewritten to the cache.
  image_refs = {
    for k, ref in local.images : k => (
      local.docker_hub_cache && startswith(ref, "docker.io/")
      ? "${local.ecr_registry}/${local.docker_hub_cache_prefix}/${trimprefix(ref, "docker.io/")}"
      : ref
    )
  }
}

resource "aws_ecr_pull_through_cache_rule" "docker_hub" {
  count = local.docker_hub_cache ? 1 : 0

  ecr_repository_prefix = local.docker_hub_cache_prefix
  upstream_registry_url = "registry-1.docker.io"
  credential_arn        = var.docker_hub_pull_through_secret_arn
}
