output "bucket_name" {
  description = "Name of the S3 bucket holding every layer's state."
  value       = aws_s3_bucket.state.bucket
}

output "lock_table_name" {
  description = "Name of the DynamoDB lock table (only for tools without S3 native locking)."
  value       = aws_dynamodb_table.lock.name
}

output "region" {
  description = "Region of the state bucket."
  value       = var.region
}

output "backend_config" {
  description = "Settings of the partial backend \"s3\" {} of every layer; add key = \"<folder name>/terraform.tfstate\" per layer (docs/contract.md)."
  value = {
    bucket         = aws_s3_bucket.state.bucket
    region         = var.region
    use_lockfile   = true
    encrypt        = true
    dynamodb_table = aws_dynamodb_table.lock.name
  }
}

output "backend_hcl" {
  description = "A backend config file for `terraform init -backend-config=<file> -backend-config=key=<folder name>/terraform.tfstate`."
  value       = <<-EOT
    bucket       = "${aws_s3_bucket.state.bucket}"
    region       = "${var.region}"
    use_lockfile = true
    encrypt      = true
    # OpenTofu < 1.10 or DynamoDB locking wanted: replace use_lockfile with
    # dynamodb_table = "${aws_dynamodb_table.lock.name}"
  EOT
}
