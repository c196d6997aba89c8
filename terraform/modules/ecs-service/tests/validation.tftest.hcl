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

# Every input validation refuses what it must.

# One run, several rules: every variable below is invalid on its own, each rule reads only its
# own variable, and expect_failures lists them all, so the run fails if any one rule stops
# refusing its input (Terraform and OpenTofu report the missing failure by name).
run "each_rule_refuses_its_bad_input_1" {
  command = plan

  variables {
    # rejects_bad_name
    name = "Api_Service"
    # rejects_empty_image
    image = ""
    # rejects_port_zero
    container_port = 0
    # rejects_root_user
    user = "0:0"
    # rejects_bad_secret
    secrets = { X = "not a reference!" }
    # rejects_negative_cpu
    cpu = -1
    # rejects_zero_memory
    memory = 0
    # rejects_zero_memory_reservation
    memory_reservation = 0
    # rejects_negative_desired_count
    desired_count = -1
    # rejects_min_healthy_over_100
    deployment_minimum_healthy_percent = 150
    # rejects_max_percent_under_100
    deployment_maximum_percent = 50
    # rejects_bad_host
    host = "api.staging"
    # rejects_priority_zero
    listener_rule_priority = 0
    # rejects_bad_health_check_path
    health_check_path = "healthz"
    # rejects_bad_health_check_command
    health_check_command = ["curl", "localhost"]
    # rejects_bad_metrics_port
    metrics = { port = 70000 }
    # rejects_bad_log_retention
    log_retention_days = 10
    # rejects_bad_efs_volume
    efs_volumes = [{ name = "data", access_point_id = "ap-1", container_path = "data" }]
    # rejects_config_file_with_directory
    config_files = { "../etc/passwd" = "x" }
    # rejects_relative_config_mount_path
    config_mount_path = "etc/app"
    # rejects_bad_discovery_name
    service_connect = { discovery_name = "-loki" }
  }

  expect_failures = [
    var.name,
    var.image,
    var.container_port,
    var.user,
    var.secrets,
    var.cpu,
    var.memory,
    var.memory_reservation,
    var.desired_count,
    var.deployment_minimum_healthy_percent,
    var.deployment_maximum_percent,
    var.host,
    var.listener_rule_priority,
    var.health_check_path,
    var.health_check_command,
    var.metrics,
    var.log_retention_days,
    var.efs_volumes,
    var.config_files,
    var.config_mount_path,
    var.service_connect,
  ]
}

# One run, several rules: every variable below is invalid on its own, each rule reads only its
# own variable, and expect_failures lists them all, so the run fails if any one rule stops
# refusing its input (Terraform and OpenTofu report the missing failure by name).
run "each_rule_refuses_its_bad_input_2" {
  command = plan

  variables {
    # rejects_latest_tag
    image     = null
    image_tag = "latest"
    # rejects_host_with_uppercase
    host = "API"
    # rejects_priority_over_50000
    listener_rule_priority = 50001
  }

  expect_failures = [
    var.image_tag,
    var.host,
    var.listener_rule_priority,
  ]
}

run "rejects_both_image_and_tag" {
  command = plan

  variables {
    image_tag = "abc1234"
  }

  expect_failures = [aws_ecs_task_definition.this]
}

run "rejects_neither_image_nor_tag" {
  command = plan

  variables {
    image = null
  }

  expect_failures = [aws_ecs_task_definition.this]
}

run "rejects_login_gate_without_host" {
  command = plan

  variables {
    host       = null
    login_gate = true
  }

  expect_failures = [aws_ecs_service.this]
}

run "rejects_reservation_above_limit" {
  command = plan

  variables {
    memory             = 128
    memory_reservation = 256
  }

  expect_failures = [aws_ecs_service.this]
}
