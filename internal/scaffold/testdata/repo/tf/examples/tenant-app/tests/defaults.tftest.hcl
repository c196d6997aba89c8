mock_provider "aws" {}

variables {
  name = "hello"
}

run "plans" {
  command = plan

  variables {
    name = "hello"
  }
}
