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

# Inputs the monitoring layer needs (terraform/monitoring): config files in subdirectories,
# sidecars sharing a scratch volume with the main container, and extra Service Connect ports.

run "config_files_in_subdirectories" {
  command = plan

  variables {
    config_files = {
      "provisioning/datasources/datasources.yaml" = "apiVersion: 1\n"
      "dashboards/app.json"                       = "{}"
    }
    config_mount_path = "/etc/grafana-config"
  }

  assert {
    condition = strcontains(
      one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.command[0] if c.name == "config-init"]),
      "mkdir -p '/etc/grafana-config/dashboards'\nmkdir -p '/etc/grafana-config/provisioning/datasources'\nprintf"
    )
    error_message = "The init container must create each config file's directory before writing the files."
  }
}

run "sidecar_shares_a_volume_with_the_main_container" {
  command = plan

  variables {
    shared_volume_path = "/ecs-sd"
    config_files       = { "observer.yaml" = "x: 1\n" }
    service_connect    = { discovery_name = "api" }
    sidecars = [{
      name    = "observer"
      image   = "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.165.0"
      command = ["--config=/etc/app-config/observer.yaml"]
      memory  = 128
    }]
  }

  assert {
    condition     = [for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.name] == ["config-init", "api", "observer"]
    error_message = "A sidecar must be added after the main container."
  }

  assert {
    condition = alltrue([
      for c in jsondecode(aws_ecs_task_definition.this.container_definitions) :
      contains([for m in c.mountPoints : m.containerPath if m.sourceVolume == "shared"], "/ecs-sd")
    ])
    error_message = "The shared volume must be mounted in the init container, the main container and every sidecar."
  }

  assert {
    condition = one([
      for c in jsondecode(aws_ecs_task_definition.this.container_definitions) :
      c.essential && c.readonlyRootFilesystem && !c.privileged && c.user == "1000:1000" && c.linuxParameters.capabilities.drop == ["ALL"] && c.dependsOn == [{ containerName = "config-init", condition = "SUCCESS" }]
      if c.name == "observer"
    ])
    error_message = "A sidecar must be hardened like the main container and start after the init container."
  }

  assert {
    condition     = aws_ecs_task_definition.this.memory == "480"
    error_message = "With Service Connect the task memory must include the sidecars: 256 main + 64 proxy + 32 init + 128 sidecar."
  }

  assert {
    condition     = strcontains(one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.command[0] if c.name == "config-init"]), "chmod 1777 '/ecs-sd'")
    error_message = "The init container must make the shared volume writable for the containers' non-root users."
  }
}

run "additional_service_connect_ports" {
  command = plan

  variables {
    service_connect = {
      discovery_name   = "tempo"
      additional_ports = { otlp = { port = 4317, app_protocol = "grpc" } }
    }
  }

  assert {
    condition     = contains([for m in one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.portMappings if c.name == "api"]) : "${m.name}:${m.containerPort}:${m.hostPort}:${m.appProtocol}"], "otlp:4317:0:grpc")
    error_message = "An additional Service Connect port must be a named port mapping on a dynamic host port."
  }

  assert {
    condition     = length(one(aws_ecs_service.this.service_connect_configuration).service) == 2
    error_message = "Each additional port must be published as its own Service Connect service."
  }
}

run "rejects_bad_sidecar" {
  command = plan

  variables {
    sidecars = [{ name = "Observer", image = "x:1", memory = 64, memory_reservation = 128 }]
  }

  expect_failures = [var.sidecars]
}

# One run, several rules: every variable below is invalid on its own, each rule reads only its
# own variable, and expect_failures lists them all, so the run fails if any one rule stops
# refusing its input (Terraform and OpenTofu report the missing failure by name).
run "each_rule_refuses_its_bad_input" {
  command = plan

  variables {
    # rejects_shared_volume_on_tmp
    shared_volume_path = "/tmp"
    # rejects_bad_additional_port
    service_connect = {
      discovery_name   = "tempo"
      additional_ports = { otlp = { port = 4317, app_protocol = "tcp" } }
    }
  }

  expect_failures = [
    var.shared_volume_path,
    var.service_connect,
  ]
}

# ecs_observer v0.165.0 writes its result file with mode 0600 (sd.go:
# os.WriteFile(s.cfg.ResultFile, b, 0o600)): a sidecar under another uid writes a file the main
# container cannot read, so discovery silently finds nothing.
run "sidecar_writing_unreadable_files_for_the_main_container_is_rejected" {
  command = plan

  variables {
    shared_volume_path = "/ecs-sd"
    sidecars = [{
      name  = "observer"
      image = "x:1"
      user  = "10001:10001"
    }]
  }

  expect_failures = [var.sidecars]
}

run "sidecar_with_the_main_users_uid_or_a_readable_mode_is_accepted" {
  command = plan

  variables {
    shared_volume_path = "/ecs-sd"
    sidecars = [
      { name = "same-uid", image = "x:1" },
      { name = "world-readable", image = "x:1", user = "10001:10001", shared_file_mode = "0644" },
      { name = "group-readable", image = "x:1", user = "10001:1000", shared_file_mode = "0640" },
    ]
  }

  assert {
    condition     = length(jsondecode(aws_ecs_task_definition.this.container_definitions)) == 5
    error_message = "Sidecars whose shared files the main container can read must be accepted."
  }
}
