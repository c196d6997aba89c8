# Storage: EFS through access points with transit encryption for the three
# stateful containers; Loki and Tempo in encrypted, private, TLS-only, versioned buckets whose
# lifecycle follows retention.
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

run "storage_rules" {
  # One apply checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = apply

  # efs volumes use access points and tls
  # apply (against the mock provider): access point ids are known only after apply.

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

  # task roles reach only their bucket
  # apply (against the mock provider): bucket ARNs are known only after apply.

  assert {
    condition     = aws_iam_role_policy.telemetry_access["loki"].role == aws_iam_role.monitoring_task.id && aws_iam_role_policy.telemetry_access["tempo"].role == aws_iam_role.monitoring_task.id
    error_message = "The monitoring task role must get each bucket's policy."
  }

  assert {
    condition     = !strcontains(aws_iam_role_policy.telemetry_access["loki"].policy, ":::${aws_s3_bucket.telemetry["tempo"].bucket}") && strcontains(aws_iam_role_policy.telemetry_access["loki"].policy, ":::${aws_s3_bucket.telemetry["loki"].bucket}/*")
    error_message = "Each bucket policy must name only its own bucket."
  }
}


