# Issue 11 item 11: Docker Hub images through an ECR pull-through cache when a Docker Hub
# credential secret is given; the pinned tags stay the same.
mock_provider "aws" {
  # ecs-service validates access point ids; the mock must produce real-looking ones.
  mock_resource "aws_efs_access_point" {
    defaults = {
      id = "fsap-0123456789abcdef0"
    }
  }
}

variables {
  region      = "us-east-1"
  name_prefix = "platform"
  domain      = "hari328.net"
  owner_email = "owner@hari328.net"
}

# The Layer 1 contract, as terraform/modules/platform returns it from SSM.
override_module {
  target = module.platform
  outputs = {
    contract = {
      vpc_id                        = "vpc-0123456789abcdef0"
      cluster_arn                   = "arn:aws:ecs:us-east-1:123456789012:cluster/platform"
      cluster_name                  = "platform"
      alb_arn                       = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/platform/0123456789abcdef"
      alb_listener_arn              = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/platform/0123456789abcdef/0123456789abcdef"
      private_subnet_ids            = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
      public_subnet_ids             = ["subnet-0cccccccccccccccc", "subnet-0dddddddddddddddd"]
      efs_id                        = "fs-0123456789abcdef0"
      efs_arn                       = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0"
      capacity_provider_name        = "platform-asg"
      alb_dns_name                  = "platform-123456789.us-east-1.elb.amazonaws.com"
      alb_zone_id                   = "Z35SXDOTRQ7X7K"
      alb_security_group_id         = "sg-0aaaaaaaaaaaaaaaa"
      instance_security_group_id    = "sg-0bbbbbbbbbbbbbbbb"
      zone_id                       = "Z0123456789ABCDEFGHIJ"
      zone_name                     = "hari328.net"
      certificate_arn               = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
      service_connect_namespace_arn = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef"
      user_pool_id                  = "us-east-1_AbCdEfGhI"
      user_pool_arn                 = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEfGhI"
      user_pool_domain              = "platform-auth"
      sso_base_url                  = "https://platform-auth.auth.us-east-1.amazoncognito.com"
      allowed_emails_parameter      = "/infra/sso/allowed-emails"
    }
  }
}

run "docker_hub_through_ecr" {
  command = plan

  variables {
    docker_hub_pull_through_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf"
  }

  assert {
    condition = (
      aws_ecr_pull_through_cache_rule.docker_hub[0].upstream_registry_url == "registry-1.docker.io" &&
      aws_ecr_pull_through_cache_rule.docker_hub[0].ecr_repository_prefix == "platform-docker-hub"
    )
    error_message = "A Docker Hub credential secret must create the ECR pull-through cache rule for registry-1.docker.io under the platform-docker-hub prefix."
  }

  assert {
    condition = alltrue([
      for k in ["grafana", "loki", "tempo"] :
      endswith(local.image_refs[k], ".dkr.ecr.us-east-1.amazonaws.com/platform-docker-hub/${trimprefix(local.images[k], "docker.io/")}")
    ]) && local.image_refs.prometheus == local.images.prometheus && local.image_refs.collector == local.images.collector
    error_message = "The docker.io images (Grafana, Loki, Tempo) must be pulled through the cache with the same repository and tag; quay.io and ghcr.io images stay as pinned."
  }

  assert {
    condition     = local.grafana_container.image == local.image_refs.grafana && local.loki_container.image == local.image_refs.loki && local.tempo_container.image == local.image_refs.tempo
    error_message = "The containers must run the cached image references."
  }

  assert {
    condition     = contains(flatten([for s in local.pull_through_statements : s.Action]), "ecr:BatchImportUpstreamImage") && contains(flatten([for s in local.pull_through_statements : s.Action]), "ecr:CreateRepository")
    error_message = "The execution role must be allowed to import from the upstream and create the cached repository on the first pull."
  }
}

run "rejects_a_secret_ecr_cannot_use" {
  command = plan

  variables {
    docker_hub_pull_through_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:docker-hub-AbCdEf"
  }

  expect_failures = [var.docker_hub_pull_through_secret_arn]
}
