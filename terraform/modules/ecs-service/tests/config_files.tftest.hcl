mock_provider "aws" {
  mock_data "aws_region" {
    defaults = { region = "us-east-1" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
}

variables {
  platform = {
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
    name_prefix                   = "platform"
  }
  name  = "api"
  image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/platform/api:1.0.0"
  host  = "api"
}

# Config files reach a container without a custom image (DESIGN-NOTES D11):
# an init container writes them into a task volume before the app starts.

run "init_container_writes_config_first" {
  command = plan

  variables {
    config_files = {
      "prometheus.yml" = "global:\n  scrape_interval: 30s\n"
      "rules.yml"      = "groups: []\n"
    }
    config_mount_path = "/etc/prometheus"
  }

  assert {
    condition     = [for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.name] == ["config-init", "api"]
    error_message = "The config init container must come with the main container."
  }

  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.dependsOn if c.name == "api"]) == [{ containerName = "config-init", condition = "SUCCESS" }]
    error_message = "The main container must start only after the init container exited successfully."
  }

  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : !c.essential && startswith(c.image, "public.ecr.aws/docker/library/busybox:") if c.name == "config-init"])
    error_message = "The init container must be a non-essential container from the pinned public busybox image."
  }

  assert {
    condition = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : { for e in c.environment : e.name => base64decode(e.value) } if c.name == "config-init"]) == {
      CONFIG_FILE_0 = "global:\n  scrape_interval: 30s\n"
      CONFIG_FILE_1 = "groups: []\n"
    }
    error_message = "Each config file must reach the init container base64-encoded, in file-name order."
  }

  assert {
    condition     = strcontains(one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.command[0] if c.name == "config-init"]), "base64 -d > '/etc/prometheus/prometheus.yml'")
    error_message = "The init container must decode each file into the mount path."
  }

  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.mountPoints if c.name == "api"]) == [{ sourceVolume = "config", containerPath = "/etc/prometheus", readOnly = true }]
    error_message = "The main container must see the config volume read-only at config_mount_path."
  }

  assert {
    condition     = one([for v in aws_ecs_task_definition.this.volume : v.docker_volume_configuration[0].scope if v.name == "config"]) == "task"
    error_message = "The config volume must be task-scoped."
  }
}

run "no_config_no_init_container" {
  command = plan

  assert {
    condition     = [for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.name] == ["api"]
    error_message = "Without config files the task must hold only the main container."
  }
}
