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

# Metrics opt-in: docker labels that the monitoring layer's ecs_observer
# discovers, so a new app is scraped without editing the monitoring layer.

run "labels_when_metrics_set" {
  command = plan

  variables {
    metrics = {}
  }

  assert {
    condition = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.dockerLabels if c.name == "api"]) == {
      PROMETHEUS_EXPORTER_PORT     = "3000"
      PROMETHEUS_EXPORTER_PATH     = "/metrics"
      PROMETHEUS_EXPORTER_JOB_NAME = "api"
    }
    error_message = "metrics must set PROMETHEUS_EXPORTER_PORT (the container port by default), _PATH and _JOB_NAME."
  }
}

run "separate_metrics_port_is_published" {
  command = plan

  variables {
    metrics = { port = 9100, path = "/prom" }
  }

  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.dockerLabels.PROMETHEUS_EXPORTER_PORT if c.name == "api"]) == "9100"
    error_message = "An explicit metrics port must be the scrape label."
  }

  assert {
    condition     = contains(flatten([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : [for p in c.portMappings : p.containerPort] if c.name == "api"]), 9100)
    error_message = "A metrics port other than the container port must be published (dynamic host port) so it can be scraped."
  }
}
