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

# EFS volumes always use transit encryption and IAM authorization through an
# access point, and the task role may mount only those access points.

run "efs_encrypted_in_transit_with_iam" {
  command = apply

  variables {
    efs_volumes = [
      { name = "data", access_point_id = "fsap-0123456789abcdef0", container_path = "/prometheus" },
      { name = "rules", access_point_id = "fsap-0fedcba9876543210", container_path = "/rules", read_only = true },
    ]
  }

  assert {
    condition = alltrue([
      for v in aws_ecs_task_definition.this.volume :
      v.efs_volume_configuration[0].transit_encryption == "ENABLED" &&
      v.efs_volume_configuration[0].authorization_config[0].iam == "ENABLED" &&
      v.efs_volume_configuration[0].file_system_id == var.platform.efs_id
      if startswith(v.name, "efs-")
    ])
    error_message = "EFS volumes must use the platform file system with transit encryption and IAM authorization."
  }

  assert {
    condition     = toset([for v in aws_ecs_task_definition.this.volume : v.efs_volume_configuration[0].authorization_config[0].access_point_id if startswith(v.name, "efs-")]) == toset(["fsap-0123456789abcdef0", "fsap-0fedcba9876543210"])
    error_message = "Each EFS volume must go through its access point."
  }

  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.mountPoints if c.name == "api"]) == [{ sourceVolume = "efs-data", containerPath = "/prometheus", readOnly = false }, { sourceVolume = "efs-rules", containerPath = "/rules", readOnly = true }]
    error_message = "EFS volumes must be mounted at their container paths, read-only when asked."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_iam_role_policy.efs[0].policy).Statement : s.Condition.StringEquals["elasticfilesystem:AccessPointArn"]
      if s.Sid == "WriteOwnAccessPoints"
    ]) == [for id in ["fsap-0123456789abcdef0"] : "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/${id}"]
    error_message = "The task role may write only through the writable access points."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_iam_role_policy.efs[0].policy).Statement : s.Resource == var.platform.efs_arn])
    error_message = "EFS permissions must be on the platform file system only."
  }
}
