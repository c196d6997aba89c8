# Offline: the AWS provider is mocked and the contract parameters overridden.
mock_provider "aws" {}

# OpenTofu cannot override single instances of a for_each, so every parameter reads the same
# value; it is a list of two so the StringList split shows.
override_data {
  target = data.aws_ssm_parameter.contract
  values = {
    insecure_value = "id-0aaa,id-0bbb"
    type           = "String"
  }
}

run "outputs_rules" {
  # One plan checks every rule below: each run costs about 1.5 s of CPU just to
  # load the AWS provider schema, so rules that share inputs share a run.
  command = plan

  # reads every contract parameter
  assert {
    condition = toset([for p in data.aws_ssm_parameter.contract : p.name]) == toset([
      "/infra/vpc-id",
      "/infra/cluster-arn",
      "/infra/cluster-name",
      "/infra/capacity-provider-name",
      "/infra/alb-arn",
      "/infra/alb-listener-arn",
      "/infra/alb-dns-name",
      "/infra/alb-zone-id",
      "/infra/alb-security-group-id",
      "/infra/instance-security-group-id",
      "/infra/private-subnet-ids",
      "/infra/public-subnet-ids",
      "/infra/efs-id",
      "/infra/efs-arn",
      "/infra/zone-id",
      "/infra/zone-name",
      "/infra/certificate-arn",
      "/infra/service-connect-namespace-arn",
      "/infra/sso/user-pool-id",
      "/infra/sso/user-pool-arn",
      "/infra/sso/domain",
      "/infra/sso/base-url",
      "/infra/sso/app-client-id",
    ])
    error_message = "The module must read exactly the /infra/* parameters of docs/contract.md."
  }

  # typed outputs
  assert {
    condition     = output.vpc_id == "id-0aaa,id-0bbb" && output.zone_name == "id-0aaa,id-0bbb" && output.sso_base_url == "id-0aaa,id-0bbb" && output.app_client_id == "id-0aaa,id-0bbb"
    error_message = "String parameters must be output exactly as they are stored."
  }

  assert {
    condition     = output.private_subnet_ids == tolist(["id-0aaa", "id-0bbb"]) && output.public_subnet_ids == tolist(["id-0aaa", "id-0bbb"])
    error_message = "StringList parameters must be output as lists."
  }

  assert {
    condition     = output.allowed_emails_parameter == "/infra/sso/allowed-emails"
    error_message = "allowed_emails_parameter must be the constant name of the SSO allowlist parameter."
  }

  # contract object holds everything
  assert {
    condition     = output.contract.vpc_id == output.vpc_id && output.contract.private_subnet_ids == output.private_subnet_ids && output.contract.allowed_emails_parameter == output.allowed_emails_parameter
    error_message = "The contract object must carry the same values as the individual outputs."
  }

  assert {
    condition     = length(keys(output.contract)) == 24
    error_message = "The contract object must hold all 23 parameters plus allowed_emails_parameter."
  }
}


