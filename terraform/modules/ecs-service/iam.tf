################################################################################
# IAM: an execution role (what ECS does to start the task) and a task role
# (what the application may call), both least privilege. Policies are written
# with jsonencode so tests can read them (aws_iam_policy_document is a data
# source, which a mock provider would replace with random text).
################################################################################

locals {
  ecs_tasks_trust = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        # Confused-deputy guard: only ECS acting for this account.
        StringEquals = { "aws:SourceAccount" = local.account_id }
      }
    }]
  })

  # Secrets as IAM resources: SSM names become parameter ARNs; Secrets
  # Manager references lose their ":json-key:stage:version" suffix.
  ssm_secret_arns = distinct([
    for v in values(var.secrets) :
    startswith(v, "arn:") ? v : "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/${trimprefix(v, "/")}"
    if !can(regex("^arn:[^:]+:secretsmanager:", v))
  ])
  secretsmanager_arns = distinct([
    for v in values(var.secrets) :
    join(":", slice(split(":", v), 0, 7))
    if can(regex("^arn:[^:]+:secretsmanager:", v))
  ])

  execution_statements = concat(
    [
      {
        # GetAuthorizationToken has no resource-level permissions: "*" is the
        # only valid resource (ECR docs, "Private repository policies").
        Sid      = "EcrAuth"
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken"]
        Resource = "*"
      },
      {
        Sid      = "EcrPullOwnRepository"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        Resource = aws_ecr_repository.this.arn
      },
      {
        Sid      = "WriteOwnLogGroup"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.this.arn}:log-stream:*"
      },
    ],
    length(local.ssm_secret_arns) == 0 ? [] : [{
      Sid      = "ReadListedParameters"
      Effect   = "Allow"
      Action   = ["ssm:GetParameters"]
      Resource = local.ssm_secret_arns
    }],
    length(local.secretsmanager_arns) == 0 ? [] : [{
      Sid      = "ReadListedSecrets"
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = local.secretsmanager_arns
    }],
  )

  efs_access_point_arns    = [for v in var.efs_volumes : "arn:${local.partition}:elasticfilesystem:${local.region}:${local.account_id}:access-point/${v.access_point_id}"]
  efs_rw_access_point_arns = [for v in var.efs_volumes : "arn:${local.partition}:elasticfilesystem:${local.region}:${local.account_id}:access-point/${v.access_point_id}" if !v.read_only]

  efs_statements = concat(
    length(var.efs_volumes) == 0 ? [] : [{
      Sid       = "MountOwnAccessPoints"
      Effect    = "Allow"
      Action    = ["elasticfilesystem:ClientMount"]
      Resource  = var.platform.efs_arn
      Condition = { StringEquals = { "elasticfilesystem:AccessPointArn" = local.efs_access_point_arns } }
    }],
    length(local.efs_rw_access_point_arns) == 0 ? [] : [{
      Sid       = "WriteOwnAccessPoints"
      Effect    = "Allow"
      Action    = ["elasticfilesystem:ClientWrite"]
      Resource  = var.platform.efs_arn
      Condition = { StringEquals = { "elasticfilesystem:AccessPointArn" = local.efs_rw_access_point_arns } }
    }],
  )
}

################################################################################
# Execution role
################################################################################

resource "aws_iam_role" "execution" {
  name               = "${local.family}-execution"
  description        = "ECS starts ${var.name}: pull its image, write its logs, read its listed secrets."
  assume_role_policy = local.ecs_tasks_trust
}

resource "aws_iam_role_policy" "execution" {
  name = "start-task"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.execution_statements
  })
}

################################################################################
# Task role
################################################################################

resource "aws_iam_role" "task" {
  name               = "${local.family}-task"
  description        = "What ${var.name} itself may call."
  assume_role_policy = local.ecs_tasks_trust
}

resource "aws_iam_role_policy" "efs" {
  count = length(var.efs_volumes) > 0 ? 1 : 0

  name = "efs-access-points"
  role = aws_iam_role.task.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.efs_statements
  })
}

resource "aws_iam_role_policy" "task" {
  count = var.task_role_policy_json != null ? 1 : 0

  name   = "app"
  role   = aws_iam_role.task.id
  policy = var.task_role_policy_json
}
