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

# The name becomes the ECR repository <prefix>/<name>: ECR's repositoryName
# pattern (CreateRepository API reference) allows a separator only between two
# letters or digits, so these names used to pass the module and fail at apply.
# Same rule as `platformctl app new` (internal/scaffold.NamePattern).

run "rejects_trailing_hyphen" {
  command = plan

  variables {
    name = "orders-"
  }

  expect_failures = [var.name]
}

run "rejects_double_hyphen" {
  command = plan

  variables {
    name = "a--b"
  }

  expect_failures = [var.name]
}

run "rejects_leading_digit" {
  command = plan

  variables {
    name = "1orders"
  }

  expect_failures = [var.name]
}

run "rejects_one_character" {
  command = plan

  variables {
    name = "o"
  }

  expect_failures = [var.name]
}

run "rejects_32_characters" {
  command = plan

  variables {
    name = "abcdefghijabcdefghijabcdefghijab"
  }

  expect_failures = [var.name]
}

run "rejects_underscore" {
  command = plan

  variables {
    name = "order_api"
  }

  expect_failures = [var.name]
}

run "accepts_inner_hyphens" {
  command = plan

  variables {
    name = "order-api-v2"
  }

  assert {
    condition     = aws_ecr_repository.this.name == "platform/order-api-v2"
    error_message = "A name with single inner hyphens must be accepted and name the ECR repository <prefix>/<name>."
  }
}

run "accepts_31_characters" {
  command = plan

  variables {
    name = "abcdefghijabcdefghijabcdefghija"
  }

  assert {
    condition     = aws_ecs_service.this.name == "abcdefghijabcdefghijabcdefghija"
    error_message = "A 31-character name is the longest the module must accept."
  }
}
