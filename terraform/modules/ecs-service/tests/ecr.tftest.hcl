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
