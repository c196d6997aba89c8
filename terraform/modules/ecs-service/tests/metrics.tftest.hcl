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

run "no_labels_without_metrics" {
  command = plan

  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : length(c.dockerLabels) if c.name == "api"]) == 0
    error_message = "Without metrics the container must carry no scrape labels."
  }
}
