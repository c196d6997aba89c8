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

# Every input validation refuses what it must (one run per rule).

run "rejects_bad_name" {
  command = plan

  variables {
    name = "Api_Service"
  }

  expect_failures = [var.name]
}

run "rejects_empty_image" {
  command = plan

  variables {
    image = ""
  }

  expect_failures = [var.image]
}

run "rejects_latest_tag" {
  command = plan

  variables {
    image     = null
    image_tag = "latest"
  }

  expect_failures = [var.image_tag]
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

run "rejects_port_zero" {
  command = plan

  variables {
    container_port = 0
  }

  expect_failures = [var.container_port]
}

run "rejects_root_user" {
  command = plan

  variables {
    user = "0:0"
  }

  expect_failures = [var.user]
}

run "rejects_bad_secret" {
  command = plan

  variables {
    secrets = { X = "not a reference!" }
  }

  expect_failures = [var.secrets]
}

run "rejects_negative_cpu" {
  command = plan

  variables {
    cpu = -1
  }

  expect_failures = [var.cpu]
}

run "rejects_zero_memory" {
  command = plan

  variables {
    memory = 0
  }

  expect_failures = [var.memory]
}

run "rejects_zero_memory_reservation" {
  command = plan

  variables {
    memory_reservation = 0
  }

  expect_failures = [var.memory_reservation]
}

run "rejects_negative_desired_count" {
  command = plan

  variables {
    desired_count = -1
  }

  expect_failures = [var.desired_count]
}

run "rejects_min_healthy_over_100" {
  command = plan

  variables {
    deployment_minimum_healthy_percent = 150
  }

  expect_failures = [var.deployment_minimum_healthy_percent]
}

run "rejects_max_percent_under_100" {
  command = plan

  variables {
    deployment_maximum_percent = 50
  }

  expect_failures = [var.deployment_maximum_percent]
}

run "rejects_bad_host" {
  command = plan

  variables {
    host = "api.staging"
  }

  expect_failures = [var.host]
}

run "rejects_host_with_uppercase" {
  command = plan

  variables {
    host = "API"
  }

  expect_failures = [var.host]
}

run "rejects_priority_zero" {
  command = plan

  variables {
    listener_rule_priority = 0
  }

  expect_failures = [var.listener_rule_priority]
}

run "rejects_priority_over_50000" {
  command = plan

  variables {
    listener_rule_priority = 50001
  }

  expect_failures = [var.listener_rule_priority]
}

run "rejects_bad_health_check_path" {
  command = plan

  variables {
    health_check_path = "healthz"
  }

  expect_failures = [var.health_check_path]
}

run "rejects_bad_health_check_command" {
  command = plan

  variables {
    health_check_command = ["curl", "localhost"]
  }

  expect_failures = [var.health_check_command]
}

run "rejects_bad_metrics_port" {
  command = plan

  variables {
    metrics = { port = 70000 }
  }

  expect_failures = [var.metrics]
}

run "rejects_bad_log_retention" {
  command = plan

  variables {
    log_retention_days = 10
  }

  expect_failures = [var.log_retention_days]
}

run "rejects_bad_efs_volume" {
  command = plan

  variables {
    efs_volumes = [{ name = "data", access_point_id = "ap-1", container_path = "data" }]
  }

  expect_failures = [var.efs_volumes]
}

run "rejects_config_file_with_directory" {
  command = plan

  variables {
    config_files = { "../etc/passwd" = "x" }
  }

  expect_failures = [var.config_files]
}

run "rejects_relative_config_mount_path" {
  command = plan

  variables {
    config_mount_path = "etc/app"
  }

  expect_failures = [var.config_mount_path]
}

run "rejects_bad_discovery_name" {
  command = plan

  variables {
    service_connect = { discovery_name = "-loki" }
  }

  expect_failures = [var.service_connect]
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
