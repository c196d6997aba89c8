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

# Config files reach a container without a custom image:
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
