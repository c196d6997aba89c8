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

# Every rule that holds with the default inputs, in one run: each run starts the AWS provider
# about three times (most of a run's cost), so rules that share their inputs share a run.
# Each section names its concern and rule, and where the runs with other inputs are.
run "defaults" {
  # apply (against the mock provider): the Cognito client id is known only after apply.
  command = apply

  # ---- login: grafana logs in with cognito only (variants: tests/login.tftest.hcl)
  assert {
    condition     = join(",", [for a in aws_lb_listener_rule.forward["grafana"].action : a.type]) == "forward"
    error_message = "Grafana must do its own OAuth login (it cannot validate the ALB's JWT), so its rule only forwards."
  }

  assert {
    condition = alltrue([
      for c in jsondecode(aws_ecs_task_definition.monitoring.container_definitions) : (
        contains(c.environment, { name = "GF_AUTH_ANONYMOUS_ENABLED", value = "false" }) &&
        contains(c.environment, { name = "GF_AUTH_DISABLE_LOGIN_FORM", value = "true" }) &&
        contains(c.environment, { name = "GF_AUTH_BASIC_ENABLED", value = "false" }) &&
        contains(c.environment, { name = "GF_SECURITY_DISABLE_INITIAL_ADMIN_CREATION", value = "true" }) &&
        contains(c.environment, { name = "GF_AUTH_GENERIC_OAUTH_ENABLED", value = "true" })
      ) if c.name == "grafana"
    ])
    error_message = "Grafana must allow only the Cognito OAuth login: no anonymous access, no login form, no basic auth, no local admin user."
  }

  assert {
    condition = one([
      for c in jsondecode(aws_ecs_task_definition.monitoring.container_definitions) : one([
        for e in c.environment : e.value if e.name == "GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH"
      ]) if c.name == "grafana"
    ]) == "email == 'owner@hari328.net' && 'GrafanaAdmin' || 'Viewer'"
    error_message = "Only owner_email may become Grafana admin; every other user must be a Viewer."
  }

  assert {
    condition = alltrue([
      for c in jsondecode(aws_ecs_task_definition.monitoring.container_definitions) : (
        !contains([for e in c.environment : e.name], "GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET") &&
        contains([for s in c.secrets : s.name], "GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET")
      ) if c.name == "grafana"
    ])
    error_message = "The OAuth client secret must reach Grafana as an ECS secret from SSM, never as a plain environment variable."
  }

  assert {
    condition     = aws_ssm_parameter.grafana_client_secret.type == "SecureString"
    error_message = "The Grafana client secret must be stored as a SecureString."
  }

  assert {
    condition = (
      aws_cognito_user_pool_client.grafana.generate_secret &&
      aws_cognito_user_pool_client.grafana.callback_urls == toset(["https://grafana.hari328.net/login/generic_oauth"]) &&
      aws_cognito_user_pool_client.grafana.supported_identity_providers == toset(["Google"])
    )
    error_message = "Grafana needs its own Cognito app client with a secret, Google as the only identity provider and its generic_oauth callback."
  }

  # ---- storage: storage rules
  # Storage: EFS through access points with transit encryption for the three
  # stateful containers; Loki and Tempo in encrypted, private, TLS-only, versioned buckets whose
  # lifecycle follows retention.
  # efs volumes use access points and tls (access point ids are known only after apply)
  assert {
    condition = alltrue([
      for v in aws_ecs_task_definition.monitoring.volume : (
        v.efs_volume_configuration[0].transit_encryption == "ENABLED" &&
        v.efs_volume_configuration[0].authorization_config[0].iam == "ENABLED" &&
        startswith(v.efs_volume_configuration[0].authorization_config[0].access_point_id, "fsap-")
      ) if length(v.efs_volume_configuration) > 0
    ])
    error_message = "Every EFS volume must use transit encryption, IAM authorization and an access point."
  }

  assert {
    condition     = toset([for v in aws_ecs_task_definition.monitoring.volume : v.name if length(v.efs_volume_configuration) > 0]) == toset(["efs-loki", "efs-prometheus", "efs-tempo"])
    error_message = "Prometheus, Loki and Tempo must each keep their state on exactly one EFS volume; Grafana on none (task-local SQLite, docs/decisions/0004)."
  }

  assert {
    condition = alltrue([
      for k, ap in aws_efs_access_point.this :
      ap.posix_user[0].uid == ap.root_directory[0].creation_info[0].owner_uid && ap.root_directory[0].creation_info[0].permissions == "0750" && ap.root_directory[0].path == "/monitoring/${k}"
    ])
    error_message = "Each access point must pin its service's POSIX user and create its own root directory owned by that user with 0750."
  }

  # buckets are private encrypted and expire
  assert {
    condition     = keys(aws_s3_bucket.telemetry) == ["loki", "tempo"]
    error_message = "Loki and Tempo must each have their own bucket."
  }

  assert {
    condition = alltrue([
      for b in aws_s3_bucket_public_access_block.telemetry :
      b.block_public_acls && b.block_public_policy && b.ignore_public_acls && b.restrict_public_buckets
    ])
    error_message = "The telemetry buckets must block every kind of public access."
  }

  assert {
    condition = alltrue([
      for e in aws_s3_bucket_server_side_encryption_configuration.telemetry :
      one(one(e.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
    ])
    error_message = "The telemetry buckets must be encrypted with the customer-managed KMS key."
  }

  assert {
    condition     = alltrue([for v in aws_s3_bucket_versioning.telemetry : v.versioning_configuration[0].status == "Enabled"])
    error_message = "The telemetry buckets must be versioned."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.telemetry["loki"].rule[0].expiration[0].days == 37 && aws_s3_bucket_lifecycle_configuration.telemetry["tempo"].rule[0].expiration[0].days == 21
    error_message = "Bucket objects must expire a week after the service's own retention (Loki 30 + 7, Tempo 14 + 7 days by default)."
  }

  assert {
    condition = alltrue([
      for p in aws_s3_bucket_policy.telemetry :
      jsondecode(p.policy).Statement[0].Effect == "Deny" && jsondecode(p.policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false"
    ])
    error_message = "The telemetry buckets must refuse requests that are not over TLS."
  }

  # task roles reach only their bucket (bucket ARNs are known only after apply)
  assert {
    condition     = aws_iam_role_policy.telemetry_access["loki"].role == aws_iam_role.monitoring_task.id && aws_iam_role_policy.telemetry_access["tempo"].role == aws_iam_role.monitoring_task.id
    error_message = "The monitoring task role must get each bucket's policy."
  }

  assert {
    condition     = !strcontains(aws_iam_role_policy.telemetry_access["loki"].policy, ":::${aws_s3_bucket.telemetry["tempo"].bucket}") && strcontains(aws_iam_role_policy.telemetry_access["loki"].policy, ":::${aws_s3_bucket.telemetry["loki"].bucket}/*")
    error_message = "Each bucket policy must name only its own bucket."
  }

  # ---- config: config rules (variants: tests/config.tftest.hcl)
  assert {
    condition     = contains(local.prometheus_container.command, "--enable-feature=exemplar-storage") && contains(local.prometheus_container.command, "--web.enable-otlp-receiver")
    error_message = "Prometheus must accept OTLP (from the gateway collector) and store exemplars."
  }

  assert {
    condition     = strcontains(local.config.prometheus, "/ecs-sd/targets.yaml") && strcontains(local.config.ecs_observer, "result_file: /ecs-sd/targets.yaml")
    error_message = "Prometheus must read the file the ecs_observer sidecar writes."
  }

  # Apps reach the daemon at the docker bridge gateway (172.17.0.1:4317/4318) and the daemons reach
  # the gateway on its host port: both receivers must listen on every interface, not the
  # collector's default localhost (since 0.104), or nothing arrives.
  assert {
    condition     = strcontains(local.config.collector, "endpoint: 0.0.0.0:4317") && strcontains(local.config.collector, "endpoint: 0.0.0.0:4318") && strcontains(local.config.gateway, "endpoint: 0.0.0.0:4317")
    error_message = "The collector daemon's OTLP receivers (4317, 4318) and the gateway's (4317) must listen on 0.0.0.0: on localhost no app and no daemon can reach them."
  }

  # ecs_observer v0.165.0 writes the result file with mode 0600 (sd.go:
  # os.WriteFile(s.cfg.ResultFile, b, 0o600)): only the same uid can read it.
  assert {
    condition     = local.ecs_observer_container.user == local.prometheus_container.user
    error_message = "The ecs_observer sidecar must run as Prometheus's user: it writes the targets file with mode 0600, so another uid gets permission denied and no app is scraped."
  }

  # Loki, Tempo and the collectors are scraped through the same docker-label discovery as apps
  # (no static scrape job pointing at another service: no Prometheus -> Tempo dependency).
  assert {
    condition = (
      local.loki_container.dockerLabels.PROMETHEUS_EXPORTER_PORT == "3100" &&
      local.tempo_container.dockerLabels.PROMETHEUS_EXPORTER_PORT == "3200" &&
      local.gateway_container.dockerLabels.PROMETHEUS_EXPORTER_PORT == "8888" &&
      !strcontains(local.config.prometheus, "loki:3100") && !strcontains(local.config.prometheus, "tempo:3200")
    )
    error_message = "Loki, Tempo and the gateway must carry the PROMETHEUS_EXPORTER_* labels and be scraped through discovery, not static targets."
  }

  # Item 2: Tempo's metrics generator is off, so Tempo never writes to Prometheus.
  assert {
    condition     = !can(yamldecode(local.config.tempo).metrics_generator) && !strcontains(local.config.tempo, "remote_write")
    error_message = "Tempo's metrics generator must stay off: the gateway computes span metrics and the service graph, so Tempo and Prometheus do not depend on each other."
  }

  assert {
    condition = (
      strcontains(local.config.gateway, "spanmetrics:") && strcontains(local.config.gateway, "namespace: traces.spanmetrics") &&
      strcontains(local.config.gateway, "unit: s") && strcontains(local.config.gateway, "servicegraph:")
    )
    error_message = "The gateway must compute span metrics (namespace traces.spanmetrics, seconds, as the dashboards query) and the service graph."
  }

  # Collectors read their config from the environment.
  assert {
    condition = one([
      for c in jsondecode(aws_ecs_task_definition.collector.container_definitions) : c.command == ["--config=env:OTELCOL_CONFIG"] && one([for e in c.environment : e.value if e.name == "OTELCOL_CONFIG"]) == local.config.collector
    ])
    error_message = "The collector must read its rendered configuration from OTELCOL_CONFIG (no custom image)."
  }

  assert {
    condition     = local.gateway_container.command == ["--config=env:OTELCOL_CONFIG"] && one([for e in local.gateway_container.environment : e.value if e.name == "OTELCOL_CONFIG"]) == local.config.gateway
    error_message = "The gateway collector must read its rendered configuration from OTELCOL_CONFIG."
  }

  assert {
    condition     = strcontains(local.config.gateway, "otlp_http/loki") && strcontains(local.config.gateway, "otlp_grpc/tempo") && strcontains(local.config.gateway, "endpoint: http://loki:3100/otlp")
    error_message = "The gateway must send logs to Loki and traces to Tempo by their link names, with the exporter names of collector >= 0.144."
  }

  # The daemon reaches the gateway through Cloud Map in this layer's own namespace.
  assert {
    condition     = strcontains(local.config.collector, "\"aws_cloud_map\"") && strcontains(local.config.collector, "\"namespace\":\"platform-monitoring\"")
    error_message = "The collector daemon must resolve the gateway with the loadbalancing exporter's aws_cloud_map resolver in the platform-monitoring namespace."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.collector_task.policy).Statement[0].Action == "servicediscovery:DiscoverInstances"
    error_message = "The collector daemon's task role must allow servicediscovery:DiscoverInstances (the aws_cloud_map resolver)."
  }

  # ---- config: shared volume users match (variants: tests/config.tftest.hcl)
  # Issue 11 item 1: two containers of different uids on one volume cannot read each other's
  # 0600 files; a precondition on the task definition refuses the plan (monitoring.tf).
  assert {
    condition     = jsonencode(local.shared_volume_uids) == jsonencode({ "ecs-sd" = ["65534"], "grafana-data" = ["472"] })
    error_message = "Each shared task volume must be used by one uid only: ecs-sd by 65534 (Prometheus and the ecs-observer), grafana-data by 472 (Grafana)."
  }

  # ---- deployment: deployment rules
  # The four seed components (plus the gateway collector) run as ONE task of one replica service
  # (docs/decisions/0004-monitoring-single-task.md); the task never runs two writers at once
  # (deployment 0/100); the collector is a daemon on every host and is created after it.
  assert {
    condition     = [for c in local.monitoring_containers : c.name] == ["config-init", "prometheus", "ecs-observer", "loki", "tempo", "gateway", "grafana"]
    error_message = "The monitoring task must hold Prometheus (with its ecs-observer), Loki, Tempo, the gateway collector and Grafana, after the config init container."
  }

  assert {
    condition     = aws_ecs_service.monitoring.desired_count == 1 && aws_ecs_task_definition.monitoring.network_mode == "bridge"
    error_message = "The monitoring stack must be one bridge-mode task of one replica service (links work in bridge mode only)."
  }

  assert {
    condition     = aws_ecs_service.monitoring.deployment_minimum_healthy_percent == 0 && aws_ecs_service.monitoring.deployment_maximum_percent == 100
    error_message = "The monitoring task writes to EFS: it must deploy with minimum 0 % and maximum 100 %, never two writers at once."
  }

  assert {
    condition     = aws_ecs_service.collector.scheduling_strategy == "DAEMON" && aws_ecs_service.collector.launch_type == "EC2"
    error_message = "The collector must run as a DAEMON service on every EC2 host."
  }

  assert {
    condition     = aws_ecs_service.collector.deployment_minimum_healthy_percent == 0 && aws_ecs_service.collector.deployment_maximum_percent == 100
    error_message = "The collector daemon must stop its old task before starting the new one: its host ports are fixed."
  }

  # Issue 11 items 2, 3, 5, 6: no Service Connect anywhere, so no endpoint that only new tasks
  # resolve, no 15 s proxy timeout, no proxy on a daemon, no HTTP/1.1 proxy in front of Tempo.
  assert {
    condition     = length(aws_ecs_service.collector.service_connect_configuration) == 0 && length(aws_ecs_service.monitoring.service_connect_configuration) == 0
    error_message = "No monitoring service may use Service Connect (docs/decisions/0004): clients reach servers through Docker links or Cloud Map."
  }

  # The daemon finds the gateway through Cloud Map, registered by the monitoring service.
  assert {
    condition = (
      one(aws_ecs_service.monitoring.service_registries).container_name == "gateway" &&
      one(aws_ecs_service.monitoring.service_registries).container_port == 4317
    )
    error_message = "The monitoring service must register the gateway collector's OTLP gRPC port in Cloud Map: the collector daemons find it there."
  }

  assert {
    condition = alltrue([
      for c in local.monitoring_containers : alltrue([for l in try(c.links, []) : contains(["loki", "tempo", "prometheus"], l)])
    ]) && toset(local.grafana_container.links) == toset(["prometheus", "loki", "tempo"]) && toset(local.gateway_container.links) == toset(["loki", "tempo", "prometheus"])
    error_message = "Grafana and the gateway must reach Prometheus, Loki and Tempo through Docker links, and nothing may link back (no cycles)."
  }

  # Item 7: the discovery sidecar must not take Prometheus down with it.
  assert {
    condition     = local.ecs_observer_container.essential == false && local.prometheus_container.essential == true
    error_message = "The ecs-observer sidecar must not be essential: if it stops (IAM error, OOM), Prometheus must keep running."
  }

  assert {
    condition     = contains(local.ecs_observer_container.environment, { name = "GOMEMLIMIT", value = "102MiB" })
    error_message = "The ecs-observer's Go heap must be bounded below its hard limit (GOMEMLIMIT = 80 % of it)."
  }

  # ---- deployment: collector after monitoring
  # Item 2: the daemon tolerates the gateway missing (its creation after the monitoring service
  # is a depends_on in collector.tf, which a test cannot read).
  assert {
    condition     = strcontains(local.config.collector, "retry_on_failure:") && strcontains(local.config.collector, "sending_queue:")
    error_message = "The collector daemon must queue and retry while the gateway does not exist yet (first apply) or is being replaced."
  }

  # ---- exposure: exposure rules
  # Exposure: only Grafana and Prometheus are on the ALB; Loki, Tempo and the collectors are
  # not. Issue 11 item 8: nobody outside the task may write metrics, so the ALB answers 403 to
  # Prometheus's write endpoints before the host's forward rule (and its login gate) is reached.
  assert {
    condition     = keys(aws_lb_target_group.this) == ["grafana", "prometheus"] && keys(aws_route53_record.exposed) == ["grafana", "prometheus"]
    error_message = "Only Grafana and Prometheus may have a target group and a DNS name: Loki, Tempo and the collectors stay inside the cluster."
  }

  assert {
    condition     = aws_route53_record.exposed["grafana"].name == "grafana.hari328.net" && aws_route53_record.exposed["prometheus"].name == "prometheus.hari328.net"
    error_message = "Grafana and Prometheus must be published as grafana.<domain> and prometheus.<domain>."
  }

  assert {
    condition     = toset([for lb in aws_ecs_service.monitoring.load_balancer : "${lb.container_name}:${lb.container_port}"]) == toset(["grafana:3000", "prometheus:9090"])
    error_message = "The monitoring service must register exactly Grafana's and Prometheus's ports with the ALB."
  }

  assert {
    condition     = length(aws_ecs_service.collector.load_balancer) == 0
    error_message = "The collector must not be registered with any load balancer."
  }

  assert {
    condition = alltrue([
      for c in jsondecode(aws_ecs_task_definition.collector.container_definitions) : alltrue([
        for p in c.portMappings : contains([4317, 4318], p.hostPort) || p.hostPort == 0
      ])
    ])
    error_message = "The collector may publish only host ports 4317 and 4318 (below the ephemeral range the ALB may reach) and dynamic ports."
  }

  # Item 8: the write endpoints are refused at the ALB, for everyone.
  assert {
    condition = (
      one(aws_lb_listener_rule.prometheus_deny_write.action).type == "fixed-response" &&
      one(one(aws_lb_listener_rule.prometheus_deny_write.action).fixed_response).status_code == "403"
    )
    error_message = "Requests for Prometheus's write endpoints through the ALB must get a fixed 403 response."
  }

  assert {
    condition = (
      toset(flatten([for c in aws_lb_listener_rule.prometheus_deny_write.condition : [for p in c.path_pattern : p.values]])) == toset(["/api/v1/write*", "/api/v1/otlp*"]) &&
      toset(flatten([for c in aws_lb_listener_rule.prometheus_deny_write.condition : [for h in c.host_header : h.values]])) == toset(["prometheus.hari328.net"])
    )
    error_message = "The 403 rule must match /api/v1/write* and /api/v1/otlp* on prometheus.<domain> only."
  }

  assert {
    condition     = aws_lb_listener_rule.prometheus_deny_write.priority < aws_lb_listener_rule.forward["prometheus"].priority && aws_lb_listener_rule.prometheus_deny_write.priority < 10000
    error_message = "The 403 rule must be evaluated before the prometheus host's forward rule: a lower priority number, in the 1..9999 range ADR 0003 keeps free of derived priorities."
  }

  # ADR 0003: forward priorities are the shared formula of the host name.
  assert {
    condition     = aws_lb_listener_rule.forward["grafana"].priority == 10000 + parseint(substr(sha256("grafana.hari328.net"), 0, 8), 16) % 40000
    error_message = "Forward rules must use ADR 0003's derived priority: 10000 + sha256(fqdn) % 40000."
  }

  assert {
    condition     = !contains(local.prometheus_container.command, "--web.enable-remote-write-receiver") && contains(local.prometheus_container.command, "--web.enable-otlp-receiver")
    error_message = "Prometheus must accept OTLP (the gateway, inside the task) and no remote write: nothing remote-writes to it any more."
  }

  # ---- grafana: grafana rules
  # Grafana: task-local SQLite (issue 11 item 4), a first start the health checks cannot kill,
  # no preinstall plugin downloads (item 10), pinned patched images (item 9).
  # Item 4: SQLite locking fails on NFS (grafana/grafana#115875): the database is task-local.
  assert {
    condition = (
      !contains(keys(aws_efs_access_point.this), "grafana") &&
      contains(local.grafana_container.mountPoints, { sourceVolume = "grafana-data", containerPath = "/var/lib/grafana", readOnly = false }) &&
      one([for v in aws_ecs_task_definition.monitoring.volume : length(v.efs_volume_configuration) if v.name == "grafana-data"]) == 0
    )
    error_message = "Grafana's SQLite database must live in a task volume, not on EFS: SQLite locking fails over NFS."
  }

  assert {
    condition     = aws_ecs_service.monitoring.health_check_grace_period_seconds >= 300
    error_message = "The first start runs Grafana's migrations before /api/health answers: the ALB health checks must wait at least 300 s."
  }

  # Item 10: no downloads from grafana.com at start.
  assert {
    condition     = contains(local.grafana_container.environment, { name = "GF_PLUGINS_PREINSTALL_DISABLED", value = "true" })
    error_message = "Grafana 12 must not download its preinstall plugins at every start: set GF_PLUGINS_PREINSTALL_DISABLED=true."
  }

  assert {
    condition = (
      contains(local.grafana_container.environment, { name = "PROMETHEUS_URL", value = "http://prometheus:9090" }) &&
      contains(local.grafana_container.environment, { name = "TEMPO_URL", value = "http://tempo:3200" }) &&
      contains(local.grafana_container.environment, { name = "LOKI_URL", value = "http://loki:3100" })
    )
    error_message = "Grafana's datasources must point at the link names inside the task."
  }

  # Item 9: pinned patched releases.
  assert {
    condition     = local.images.tempo == "docker.io/grafana/tempo:3.0.5" && local.images.grafana == "docker.io/grafana/grafana:12.4.15"
    error_message = "Tempo must be pinned to 3.0.5 (3.0.0 has Go, grpc and x/net CVEs) and Grafana to 12.4.15 (docs/monitoring.md, Bumping a pinned image)."
  }

  # ---- login: prometheus is behind the login gate (variants: tests/login.tftest.hcl)
  assert {
    condition     = join(",", [for a in aws_lb_listener_rule.forward["prometheus"].action : a.type]) == "authenticate-cognito,forward"
    error_message = "The Prometheus host rule must authenticate with Cognito before forwarding: Prometheus has no login of its own."
  }

  # ---- pull through cache: docker hub direct by default (variants: tests/pull_through_cache.tftest.hcl)
  assert {
    condition     = length(aws_ecr_pull_through_cache_rule.docker_hub) == 0 && local.image_refs == local.images
    error_message = "Without a Docker Hub credential secret, images are pulled from their registries as pinned and no cache rule is created."
  }
}
