################################################################################
# ECR repository for the service's own image
################################################################################

locals {
  # Images kept per repository: plenty for rollbacks (the circuit breaker
  # restores the previous task definition, whose image must still exist).
  ecr_keep_images = 30
}

# AWS-managed encryption (AES256) by design: a customer-managed KMS key costs
# $1/month per key and adds no protection this platform uses.
#trivy:ignore:AWS-0033
resource "aws_ecr_repository" "this" {
  name = "${local.prefix}/${var.name}"

  # A tag names one image forever: what Terraform deployed is what runs.
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }

  # Deleting a repository that still holds images fails: images are not
  # thrown away by a destroy (docs/tenant-apps.md, "Removing an app").
  force_delete = false
}

resource "aws_ecr_lifecycle_policy" "this" {
  repository = aws_ecr_repository.this.name

  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Expire untagged images (failed or superseded pushes) after 7 days."
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = 7
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the last ${local.ecr_keep_images} images."
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = local.ecr_keep_images
        }
        action = { type = "expire" }
      },
    ]
  })
}
