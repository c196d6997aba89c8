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

# The service's ECR repository: immutable tags, scan on push, encryption and
# a lifecycle policy that keeps the last images.

run "ecr_is_immutable_and_scanned" {
  command = plan

  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE"
    error_message = "ECR tags must be immutable: a tag names one image forever."
  }

  assert {
    condition     = aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push
    error_message = "ECR must scan every pushed image."
  }

  assert {
    condition     = aws_ecr_repository.this.encryption_configuration[0].encryption_type == "AES256"
    error_message = "ECR images must be encrypted at rest."
  }

  assert {
    condition     = aws_ecr_repository.this.name == "platform/api"
    error_message = "The repository must be named <name_prefix>/<name>."
  }

  assert {
    condition = anytrue([
      for r in jsondecode(aws_ecr_lifecycle_policy.this.policy).rules :
      r.selection.tagStatus == "any" && r.selection.countType == "imageCountMoreThan" && r.action.type == "expire"
    ])
    error_message = "The lifecycle policy must keep only the last N images."
  }
}

run "image_tag_runs_from_own_repository" {
  command = apply

  variables {
    image     = null
    image_tag = "3f2c1ab"
  }

  assert {
    condition     = one([for c in jsondecode(aws_ecs_task_definition.this.container_definitions) : c.image if c.name == "api"]) == "${aws_ecr_repository.this.repository_url}:3f2c1ab"
    error_message = "image_tag must run <own ECR repository URL>:<tag>."
  }
}
