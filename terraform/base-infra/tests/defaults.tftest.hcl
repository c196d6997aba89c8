# Offline: the AWS provider is mocked; data sources and ACM get realistic values.
mock_provider "aws" {
  # One instance-type offerings query per AZ (dependencies.tf): every AZ offers what the layer launches.
  mock_data "aws_ec2_instance_type_offerings" {
    defaults = {
      instance_types = ["t3.medium", "t4g.nano"]
    }
  }

  mock_data "aws_availability_zones" {
    defaults = {
      names = ["us-east-1a", "us-east-1b", "us-east-1c"]
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000001"
      # ACM gives the wildcard and the apex the same validation record.
      domain_validation_options = [
        {
          domain_name           = "*.hari328.net"
          resource_record_name  = "_abc.hari328.net."
          resource_record_type  = "CNAME"
          resource_record_value = "_xyz.acm-validations.aws."
        },
        {
          domain_name           = "hari328.net"
          resource_record_name  = "_abc.hari328.net."
          resource_record_type  = "CNAME"
          resource_record_value = "_xyz.acm-validations.aws."
        },
      ]
    }
  }
}

# Variables: tests/layer.auto.tfvars (the seed profile) and tests/sso.auto.tfvars.

# Every rule that holds with the default inputs, in one run: each run starts the AWS provider
# about three times (most of a run's cost), so rules that share their inputs share a run.
# Each section names its concern and rule, and where the runs with other inputs are.
run "defaults" {
  command = apply

  # ---- alb: alb rules (deletion protection: tests/down.tftest.hcl)
  # http redirects to https
  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_listener.http.protocol == "HTTP"
    error_message = "The HTTP listener must listen on port 80."
  }

  assert {
    condition     = length(aws_lb_listener.http.default_action) == 1 && aws_lb_listener.http.default_action[0].type == "redirect" && try(aws_lb_listener.http.default_action[0].redirect[0].port, "") == "443" && try(aws_lb_listener.http.default_action[0].redirect[0].protocol, "") == "HTTPS" && try(aws_lb_listener.http.default_action[0].redirect[0].status_code, "") == "HTTP_301"
    error_message = "Port 80 must redirect permanently (301) to HTTPS on 443 and serve nothing else."
  }

  # https listener uses the certificate and modern tls
  assert {
    condition     = aws_lb_listener.https.port == 443 && aws_lb_listener.https.protocol == "HTTPS"
    error_message = "The HTTPS listener must listen on port 443 with protocol HTTPS."
  }

  assert {
    condition     = aws_lb_listener.https.certificate_arn == aws_acm_certificate.this.arn
    error_message = "The HTTPS listener must use the platform's ACM certificate."
  }

  assert {
    condition     = aws_lb_listener.https.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "The HTTPS listener must use a TLS 1.2+/1.3 policy (ELBSecurityPolicy-TLS13-1-2-2021-06)."
  }

  assert {
    condition     = aws_lb_listener.https.default_action[0].type == "fixed-response" && aws_lb_listener.https.default_action[0].fixed_response[0].status_code == "404"
    error_message = "Requests no tenant rule matches must get a fixed 404."
  }

  # alb hardening
  assert {
    condition     = aws_lb.this.internal == false && aws_lb.this.load_balancer_type == "application" && toset(aws_lb.this.subnets) == toset(aws_subnet.public[*].id)
    error_message = "The ALB must be an internet-facing application load balancer in the public subnets."
  }

  assert {
    condition     = aws_lb.this.drop_invalid_header_fields
    error_message = "The ALB must drop invalid HTTP header fields."
  }

  assert {
    condition     = contains(["defensive", "strictest"], aws_lb.this.desync_mitigation_mode)
    error_message = "The ALB must use defensive or strictest desync mitigation."
  }

  # ---- cognito: cognito rules (variants: tests/cognito.tftest.hcl)
  # the pre sign up trigger is wired to the pool
  assert {
    condition     = aws_cognito_user_pool.this.lambda_config[0].pre_sign_up == aws_lambda_function.presignup.arn
    error_message = "The user pool's pre-sign-up trigger must be the allowlist Lambda."
  }

  assert {
    condition     = aws_lambda_permission.presignup.principal == "cognito-idp.amazonaws.com" && aws_lambda_permission.presignup.action == "lambda:InvokeFunction" && aws_lambda_permission.presignup.function_name == aws_lambda_function.presignup.function_name
    error_message = "Cognito must be allowed to invoke the pre-sign-up Lambda, and only through lambda:InvokeFunction."
  }

  assert {
    condition     = aws_lambda_permission.presignup.source_arn == aws_cognito_user_pool.this.arn
    error_message = "The Lambda permission must be limited to this user pool's ARN, so no other pool can invoke the trigger."
  }

  # the pool is protected and closed to self sign up
  assert {
    condition     = aws_cognito_user_pool.this.deletion_protection == "ACTIVE"
    error_message = "The user pool must have deletion protection on."
  }

  assert {
    condition     = aws_cognito_user_pool.this.admin_create_user_config[0].allow_admin_create_user_only
    error_message = "The user pool must not allow self sign-up: only admins create users, Google users pass the trigger."
  }

  assert {
    condition     = toset(aws_cognito_user_pool.this.username_attributes) == toset(["email"])
    error_message = "Email must be the user pool's sign-in attribute."
  }

  # google is the identity provider and sends email verified
  assert {
    condition     = aws_cognito_identity_provider.google.provider_name == "Google" && aws_cognito_identity_provider.google.provider_type == "Google" && aws_cognito_identity_provider.google.user_pool_id == aws_cognito_user_pool.this.id
    error_message = "The pool must have a Google identity provider named Google (the name app clients list)."
  }

  assert {
    condition     = aws_cognito_identity_provider.google.attribute_mapping["email"] == "email" && aws_cognito_identity_provider.google.attribute_mapping["email_verified"] == "email_verified"
    error_message = "Google's email and email_verified claims must be mapped, or the trigger refuses everyone."
  }

  assert {
    condition     = aws_cognito_identity_provider.google.provider_details["client_id"] == var.google_client_id
    error_message = "The Google provider must use the google_client_id input."
  }

  assert {
    condition     = toset(aws_cognito_user_pool_client.apps.supported_identity_providers) == toset(["Google"]) && aws_cognito_user_pool_client.apps.user_pool_id == aws_cognito_user_pool.this.id
    error_message = "The shared app client of the pool must allow only Google, so every user passes the allowlist trigger."
  }

  assert {
    condition     = !aws_cognito_user_pool_client.apps.generate_secret && toset(aws_cognito_user_pool_client.apps.allowed_oauth_flows) == toset(["code"]) && toset(aws_cognito_user_pool_client.apps.explicit_auth_flows) == toset(["ALLOW_REFRESH_TOKEN_AUTH"])
    error_message = "The shared app client must be a public code-flow client (PKCE, no secret) with no password sign-in."
  }

  assert {
    condition     = toset(aws_cognito_user_pool_client.apps.callback_urls) == toset(["https://api.hari328.net/oauth2/callback"]) && aws_ssm_parameter.contract["/infra/sso/app-client-id"].value == aws_cognito_user_pool_client.apps.id
    error_message = "The shared app client must call back to https://api.<domain>/oauth2/callback by default and be published as /infra/sso/app-client-id."
  }

  # the trigger runs go on arm64 with the built zip
  assert {
    condition     = aws_lambda_function.presignup.runtime == "provided.al2023" && aws_lambda_function.presignup.architectures == tolist(["arm64"]) && aws_lambda_function.presignup.handler == "bootstrap"
    error_message = "The trigger must run on provided.al2023, arm64, with the bootstrap binary."
  }

  assert {
    condition     = aws_lambda_function.presignup.source_code_hash == filebase64sha256("${path.module}/../../${var.presignup_lambda_zip}")
    error_message = "The Lambda's source_code_hash must be the SHA-256 of the zip, so a new build redeploys it."
  }

  assert {
    condition     = aws_lambda_function.presignup.environment[0].variables["ALLOWED_EMAILS_PARAMETER"] == "/infra/sso/allowed-emails"
    error_message = "The trigger must be told the allowlist parameter's name (/infra/sso/allowed-emails)."
  }

  assert {
    condition     = aws_lambda_function.presignup.timeout <= 5
    error_message = "The trigger must finish within Cognito's 5-second limit."
  }

  assert {
    condition     = aws_cloudwatch_log_group.presignup.name == "/aws/lambda/${aws_lambda_function.presignup.function_name}" && aws_cloudwatch_log_group.presignup.retention_in_days == 30
    error_message = "The trigger's log group must be the Lambda's own, with a retention period."
  }

  # the trigger may read only the allowlist and write only its logs
  assert {
    condition = jsondecode(aws_iam_role_policy.presignup.policy).Statement == [
      {
        Sid      = "WriteOwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.presignup.arn}:log-stream:*"
      },
      {
        Sid      = "ReadAllowlist"
        Effect   = "Allow"
        Action   = "ssm:GetParameter"
        Resource = aws_ssm_parameter.allowed_emails.arn
      },
    ]
    error_message = "The trigger's role must allow only writing its own log streams and reading the allowlist parameter."
  }

  assert {
    condition     = jsondecode(aws_iam_role.presignup.assume_role_policy).Statement[0].Principal.Service == "lambda.amazonaws.com"
    error_message = "Only Lambda may assume the trigger's role."
  }

  # the sso contract parameters are published
  assert {
    condition     = aws_ssm_parameter.contract["/infra/sso/user-pool-id"].value == aws_cognito_user_pool.this.id && aws_ssm_parameter.contract["/infra/sso/user-pool-arn"].value == aws_cognito_user_pool.this.arn
    error_message = "/infra/sso/user-pool-id and /infra/sso/user-pool-arn must hold the pool's id and ARN."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/sso/domain"].value == aws_cognito_user_pool_domain.this.domain
    error_message = "/infra/sso/domain must hold the pool's domain as the ALB action takes it."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/sso/base-url"].value == "https://${aws_cognito_user_pool_domain.this.domain}.auth.us-east-1.amazoncognito.com"
    error_message = "/infra/sso/base-url must be the prefix domain's hosted UI URL."
  }

  assert {
    condition     = length(setsubtract(["/infra/sso/user-pool-id", "/infra/sso/user-pool-arn", "/infra/sso/domain", "/infra/sso/base-url", "/infra/sso/allowed-emails"], output.contract_parameter_names)) == 0
    error_message = "The layer's contract_parameter_names output must list every /infra/sso/* parameter, the allowlist included."
  }

  # ---- cognito domain: the default domain is a prefix derived from name and domain (variants: tests/cognito_domain.tftest.hcl)
  assert {
    condition     = aws_cognito_user_pool_domain.this.domain == "platform-${substr(sha256("hari328.net"), 0, 8)}" && aws_cognito_user_pool_domain.this.user_pool_id == aws_cognito_user_pool.this.id
    error_message = "Without inputs the pool's domain must be the prefix <name_prefix>-<8 hex digits of the domain's SHA-256>."
  }

  assert {
    condition     = output.google_redirect_uri == "https://${aws_cognito_user_pool_domain.this.domain}.auth.us-east-1.amazoncognito.com/oauth2/idpresponse"
    error_message = "The Google redirect URI must be the prefix domain's /oauth2/idpresponse."
  }

  assert {
    condition     = length(aws_route53_record.cognito_custom_domain) == 0
    error_message = "The prefix domain needs no DNS record of ours."
  }

  # ---- dns: dns rules (phase 1: tests/certificate_phases.tftest.hcl)
  # zone for the domain
  assert {
    condition     = aws_route53_zone.this.name == "hari328.net"
    error_message = "The Route53 hosted zone must be for the configured domain."
  }

  # certificate covers wildcard and apex with dns validation
  assert {
    condition     = toset(concat([aws_acm_certificate.this.domain_name], tolist(aws_acm_certificate.this.subject_alternative_names))) == toset(["*.hari328.net", "hari328.net"])
    error_message = "The certificate must cover exactly *.domain and the apex domain."
  }

  assert {
    condition     = aws_acm_certificate.this.validation_method == "DNS"
    error_message = "The certificate must be validated over DNS."
  }

  assert {
    condition     = length(aws_route53_record.certificate_validation) == 1
    error_message = "The wildcard and the apex share one validation record: it must be created once."
  }

  assert {
    condition     = aws_route53_record.certificate_validation["hari328.net"].name == "_abc.hari328.net." && aws_route53_record.certificate_validation["hari328.net"].type == "CNAME" && aws_route53_record.certificate_validation["hari328.net"].records == toset(["_xyz.acm-validations.aws."]) && aws_route53_record.certificate_validation["hari328.net"].zone_id == aws_route53_zone.this.zone_id
    error_message = "The validation record must be the CNAME ACM asks for, in the platform's zone."
  }

  # With wait_for_certificate = false (phase 1, before delegation) a full plan stops at the HTTPS
  # listener: tests/certificate_phases.tftest.hcl.

  # ---- efs: efs rules
  # efs encrypted elastic and backed up
  assert {
    condition     = aws_efs_file_system.this.encrypted
    error_message = "The EFS file system must be encrypted at rest."
  }

  assert {
    condition     = aws_efs_file_system.this.throughput_mode == "elastic"
    error_message = "The EFS file system must use elastic throughput."
  }

  assert {
    condition     = aws_efs_backup_policy.this.backup_policy[0].status == "ENABLED" && aws_efs_backup_policy.this.file_system_id == aws_efs_file_system.this.id
    error_message = "Automatic backups of the EFS file system must be enabled."
  }

  # mount targets only in private subnets
  assert {
    condition     = length(aws_efs_mount_target.this) == 2 && toset(aws_efs_mount_target.this[*].subnet_id) == toset(aws_subnet.private[*].id)
    error_message = "EFS mount targets must exist in both private subnets and nowhere else."
  }

  assert {
    condition     = alltrue([for m in aws_efs_mount_target.this : toset(m.security_groups) == toset([aws_security_group.efs.id])])
    error_message = "EFS mount targets must carry only the EFS security group."
  }

  # nfs only from the hosts
  assert {
    condition     = aws_vpc_security_group_ingress_rule.efs_from_hosts.from_port == 2049 && aws_vpc_security_group_ingress_rule.efs_from_hosts.to_port == 2049 && aws_vpc_security_group_ingress_rule.efs_from_hosts.referenced_security_group_id == aws_security_group.host.id && aws_vpc_security_group_ingress_rule.efs_from_hosts.security_group_id == aws_security_group.efs.id
    error_message = "NFS (2049) on the EFS security group must be open only to the host security group."
  }

  # file system policy requires tls
  assert {
    condition = anytrue([for s in jsondecode(aws_efs_file_system_policy.this.policy).Statement :
    s.Effect == "Deny" && try(s.Condition.Bool["aws:SecureTransport"], "") == "false" && s.Action == "*"])
    error_message = "The EFS file system policy must deny every request made without TLS."
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_efs_file_system_policy.this.policy).Statement :
    s.Effect == "Deny" || !contains(flatten([s.Action]), "elasticfilesystem:ClientRootAccess")])
    error_message = "The EFS file system policy must never grant root access: access points set the POSIX user."
  }

  # ---- hosts: hosts rules (variants: tests/hosts.tftest.hcl)
  # imdsv2 required with hop limit one
  assert {
    condition     = aws_launch_template.host.metadata_options[0].http_tokens == "required"
    error_message = "ECS hosts must require IMDSv2 (session tokens)."
  }

  assert {
    condition     = aws_launch_template.host.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "The IMDS hop limit must be 1 so bridge-mode containers cannot reach the instance role."
  }

  # launch template root volume credits and ami
  assert {
    condition     = aws_launch_template.host.block_device_mappings[0].ebs[0].encrypted == "true" && aws_launch_template.host.block_device_mappings[0].ebs[0].volume_type == "gp3"
    error_message = "The hosts' root volume must be encrypted gp3."
  }

  assert {
    condition     = aws_launch_template.host.credit_specification[0].cpu_credits == "standard"
    error_message = "Burstable hosts must use standard CPU credits so a busy month cannot surprise the bill."
  }

  assert {
    condition     = data.aws_ssm_parameter.ecs_ami.name == "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id" && aws_launch_template.host.image_id == data.aws_ssm_parameter.ecs_ami.insecure_value
    error_message = "x86 hosts must run the ECS-optimized Amazon Linux 2023 AMI from its public SSM parameter."
  }

  assert {
    condition     = aws_launch_template.host.instance_type == "t3.medium" && aws_launch_template.host.iam_instance_profile[0].arn == aws_iam_instance_profile.host.arn
    error_message = "Hosts must use the configured instance type and the host instance profile."
  }

  assert {
    condition     = toset(aws_launch_template.host.network_interfaces[0].security_groups) == toset([aws_security_group.host.id])
    error_message = "Hosts must carry only the host security group."
  }

  # user data joins the cluster without secrets
  assert {
    condition     = strcontains(base64decode(aws_launch_template.host.user_data), "ECS_CLUSTER=${aws_ecs_cluster.this.name}")
    error_message = "The user data must join the host to the platform's cluster."
  }

  assert {
    condition     = strcontains(base64decode(aws_launch_template.host.user_data), "ECS_RESERVED_MEMORY=256")
    error_message = "The user data must reserve host memory for the OS and the agent."
  }

  assert {
    condition     = !can(regex("(?i)(secret|password|aws_access_key|aws_secret)", base64decode(aws_launch_template.host.user_data)))
    error_message = "The user data must not contain secrets."
  }

  # instance role is ecs and ssm only
  assert {
    condition = toset([for a in aws_iam_role_policy_attachment.host : a.policy_arn]) == toset([
      "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ])
    error_message = "The host role must carry only the ECS container-instance and SSM core managed policies."
  }

  assert {
    condition     = jsondecode(aws_iam_role.host.assume_role_policy).Statement[0].Principal.Service == "ec2.amazonaws.com"
    error_message = "Only EC2 may assume the host role."
  }

  # autoscaling group for the capacity provider
  assert {
    condition     = aws_autoscaling_group.host.min_size == 1 && aws_autoscaling_group.host.max_size == 2 && aws_autoscaling_group.host.desired_capacity == 1
    error_message = "The Auto Scaling group sizes must come from asg_min_size, asg_max_size and asg_desired_capacity."
  }

  assert {
    condition     = aws_autoscaling_group.host.protect_from_scale_in
    error_message = "The Auto Scaling group must protect instances from scale-in (managed termination protection needs it)."
  }

  assert {
    condition     = aws_autoscaling_group.host.force_delete
    error_message = "The Auto Scaling group must be force-deleted so destroy does not wait forever on scale-in-protected hosts."
  }

  assert {
    condition     = anytrue([for t in aws_autoscaling_group.host.tag : t.key == "AmazonECSManaged" && t.value == "true" && t.propagate_at_launch])
    error_message = "The Auto Scaling group must carry the AmazonECSManaged tag, propagated at launch."
  }

  assert {
    condition     = aws_autoscaling_group.host.instance_refresh[0].preferences[0].min_healthy_percentage == 100 && aws_autoscaling_group.host.instance_refresh[0].preferences[0].max_healthy_percentage == 200
    error_message = "Instance refresh must keep one healthy host: min 100 %, max 200 %."
  }

  assert {
    condition     = aws_autoscaling_group.host.launch_template[0].id == aws_launch_template.host.id
    error_message = "The Auto Scaling group must launch from the host launch template."
  }

  # capacity provider is the cluster default
  assert {
    condition     = aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].auto_scaling_group_arn == aws_autoscaling_group.host.arn && aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_termination_protection == "ENABLED" && aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_scaling[0].status == "ENABLED"
    error_message = "The capacity provider must wrap the host Auto Scaling group with managed scaling and managed termination protection."
  }

  assert {
    condition     = aws_ecs_cluster_capacity_providers.this.cluster_name == aws_ecs_cluster.this.name && aws_ecs_cluster_capacity_providers.this.capacity_providers == toset([aws_ecs_capacity_provider.this.name])
    error_message = "The capacity provider must be attached to the cluster with aws_ecs_cluster_capacity_providers."
  }

  assert {
    condition     = one(aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy).capacity_provider == aws_ecs_capacity_provider.this.name
    error_message = "The capacity provider must be the cluster's default strategy."
  }

  # cluster uses service connect namespace
  assert {
    condition     = aws_ecs_cluster.this.service_connect_defaults[0].namespace == aws_service_discovery_http_namespace.this.arn && aws_service_discovery_http_namespace.this.name == "platform"
    error_message = "The cluster's Service Connect default must be the platform's HTTP namespace, named after name_prefix."
  }

  assert {
    condition     = anytrue([for s in aws_ecs_cluster.this.setting : s.name == "containerInsights" && s.value == "disabled"])
    error_message = "Container Insights must be off by default (cost)."
  }

  # ---- network: network rules (variants: tests/network.tftest.hcl)
  # four subnets in two azs
  assert {
    condition     = length(aws_subnet.public) == 2 && length(aws_subnet.private) == 2
    error_message = "The VPC must have exactly 2 public and 2 private subnets."
  }

  assert {
    condition     = length(distinct(aws_subnet.public[*].availability_zone)) == 2 && length(distinct(aws_subnet.private[*].availability_zone)) == 2
    error_message = "Public and private subnets must each span 2 distinct availability zones."
  }

  assert {
    condition     = toset(aws_subnet.public[*].availability_zone) == toset(aws_subnet.private[*].availability_zone)
    error_message = "Each availability zone must hold one public and one private subnet."
  }

  assert {
    condition     = alltrue([for s in concat(aws_subnet.public, aws_subnet.private) : !s.map_public_ip_on_launch])
    error_message = "No subnet may auto-assign public IPs: only resources that ask for one get one."
  }

  assert {
    condition     = aws_vpc.this.enable_dns_support && aws_vpc.this.enable_dns_hostnames
    error_message = "The VPC must have DNS support and DNS host names enabled."
  }

  # public subnets route to the internet gateway
  assert {
    condition     = aws_route.public_internet.destination_cidr_block == "0.0.0.0/0" && aws_route.public_internet.gateway_id == aws_internet_gateway.this.id && aws_route.public_internet.route_table_id == aws_route_table.public.id
    error_message = "The public route table must send 0.0.0.0/0 to the internet gateway."
  }

  assert {
    condition     = toset(aws_route_table_association.public[*].subnet_id) == toset(aws_subnet.public[*].id) && alltrue([for a in aws_route_table_association.public : a.route_table_id == aws_route_table.public.id])
    error_message = "Both public subnets must use the public route table."
  }

  assert {
    condition     = toset(aws_route_table_association.private[*].subnet_id) == toset(aws_subnet.private[*].id) && alltrue([for a in aws_route_table_association.private : a.route_table_id == aws_route_table.private.id])
    error_message = "Both private subnets must use the private route table."
  }

  # gateway mode has exactly one nat gateway
  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_eip.nat) == 1 && length(aws_instance.nat) == 0
    error_message = "nat_mode = gateway must create exactly one NAT Gateway (with its EIP) and no NAT instance."
  }

  assert {
    condition     = aws_nat_gateway.this[0].subnet_id == aws_subnet.public[0].id
    error_message = "The NAT Gateway must live in a public subnet."
  }

  assert {
    condition     = length(aws_route.private_default) == 1 && aws_route.private_default[0].nat_gateway_id == aws_nat_gateway.this[0].id && aws_route.private_default[0].destination_cidr_block == "0.0.0.0/0" && aws_route.private_default[0].route_table_id == aws_route_table.private.id
    error_message = "In gateway mode the private route table must send 0.0.0.0/0 to the NAT Gateway."
  }

  assert {
    condition     = length(aws_instance.nat) == 0
    error_message = "In gateway mode there must be no NAT instance to route to."
  }

  assert {
    condition     = toset(aws_autoscaling_group.host.vpc_zone_identifier) == toset(aws_subnet.private[*].id)
    error_message = "With a NAT the ECS hosts must live in the private subnets."
  }

  assert {
    condition     = !aws_launch_template.host.network_interfaces[0].associate_public_ip_address
    error_message = "With a NAT the ECS hosts must not get a public IP."
  }

  # s3 endpoint and closed default security group
  assert {
    condition     = aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3.service_name == "com.amazonaws.us-east-1.s3" && toset(aws_vpc_endpoint.s3.route_table_ids) == toset([aws_route_table.public.id, aws_route_table.private.id])
    error_message = "A free S3 gateway endpoint must serve both route tables."
  }

  assert {
    condition     = aws_default_security_group.this.vpc_id == aws_vpc.this.id && length(aws_default_security_group.this.ingress) == 0 && length(aws_default_security_group.this.egress) == 0
    error_message = "The VPC's default security group must have no rules."
  }

  # ---- security groups: hosts admit dynamic ports from the alb and each other (other NAT modes: tests/network.tftest.hcl)
  # Only the ALB listens on the internet (docs/decisions/0013-bridge-networking.md): every ingress rule is checked.
  assert {
    condition     = aws_vpc_security_group_ingress_rule.host_from_alb.referenced_security_group_id == aws_security_group.alb.id && aws_vpc_security_group_ingress_rule.host_from_alb.from_port == 32768 && aws_vpc_security_group_ingress_rule.host_from_alb.to_port == 65535
    error_message = "Hosts must admit the ECS dynamic port range from the ALB security group."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.host_from_hosts.referenced_security_group_id == aws_security_group.host.id && aws_vpc_security_group_ingress_rule.host_from_hosts.from_port == 32768 && aws_vpc_security_group_ingress_rule.host_from_hosts.to_port == 65535
    error_message = "Hosts must admit the ECS dynamic port range from each other (Prometheus scrapes across hosts)."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.alb_to_hosts.referenced_security_group_id == aws_security_group.host.id && aws_vpc_security_group_egress_rule.alb_https_out.from_port == 443 && aws_vpc_security_group_egress_rule.alb_https_out.to_port == 443
    error_message = "The ALB may send only to the hosts' dynamic ports and to 443 (Cognito)."
  }

  # ---- seed: every seed layer1 resource is planned
  # (applied against the mocks, so the wiring between resources can be compared)
  # Every resource of the seed architecture's Layer 1 table is in the plan (the S3 backend row is
  # terraform/bootstrap, whose own tests check the bucket and the lock table). A resource renamed or
  # removed fails this file: its reference no longer resolves, or its count is wrong.
  # Networking: VPC, 2 public + 2 private subnets, IGW, 1 NAT Gateway, route tables.
  assert {
    condition     = aws_vpc.this.enable_dns_support && length(aws_subnet.public) == 2 && length(aws_subnet.private) == 2 && aws_internet_gateway.this.vpc_id == aws_vpc.this.id
    error_message = "The seed's network (VPC, 2 public and 2 private subnets, internet gateway) must be planned."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_eip.nat) == 1 && aws_route_table.public.vpc_id == aws_vpc.this.id && aws_route_table.private.vpc_id == aws_vpc.this.id
    error_message = "The seed's NAT Gateway (with its Elastic IP) and route tables must be planned in the default profile."
  }

  # ECS cluster, capacity provider; EC2 ASG: launch template, ASG, ECS-optimized AMI, instance profile.
  assert {
    condition     = aws_ecs_cluster_capacity_providers.this.cluster_name == aws_ecs_cluster.this.name && contains(aws_ecs_cluster_capacity_providers.this.capacity_providers, aws_ecs_capacity_provider.this.name)
    error_message = "The seed's ECS cluster must be planned with the ASG capacity provider attached."
  }

  assert {
    condition     = aws_launch_template.host.image_id == data.aws_ssm_parameter.ecs_ami.insecure_value && aws_launch_template.host.iam_instance_profile[0].arn == aws_iam_instance_profile.host.arn && aws_autoscaling_group.host.max_size == 2
    error_message = "The seed's EC2 Auto Scaling group must be planned from a launch template with the ECS-optimized AMI and the instance profile."
  }

  # ALB with HTTP and HTTPS listeners and its security group.
  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_listener.https.port == 443 && contains(aws_lb.this.security_groups, aws_security_group.alb.id)
    error_message = "The seed's ALB must be planned with its HTTP and HTTPS listeners and its security group."
  }

  # DNS + SSL: Route53 hosted zone, ACM wildcard certificate.
  assert {
    condition     = aws_route53_zone.this.name == "hari328.net" && aws_acm_certificate.this.domain_name == "*.hari328.net"
    error_message = "The seed's hosted zone and wildcard certificate must be planned."
  }

  # EFS: file system, mount targets, security group.
  assert {
    condition     = aws_efs_file_system.this.encrypted && length(aws_efs_mount_target.this) == 2 && aws_security_group.efs.vpc_id == aws_vpc.this.id
    error_message = "The seed's EFS file system, its two mount targets and its security group must be planned."
  }

  # Cognito: user pool, user pool client, domain.
  assert {
    condition     = aws_cognito_user_pool_client.apps.user_pool_id == aws_cognito_user_pool.this.id && aws_cognito_user_pool_domain.this.user_pool_id == aws_cognito_user_pool.this.id
    error_message = "The seed's Cognito user pool, user pool client and domain must be planned."
  }

  # ---- ssm: ssm rules
  # seed parameters exist with the seed names
  assert {
    condition = alltrue([for name in [
      "/infra/vpc-id",
      "/infra/cluster-arn",
      "/infra/alb-arn",
      "/infra/alb-listener-arn",
      "/infra/private-subnet-ids",
      "/infra/public-subnet-ids",
      "/infra/efs-id",
    ] : contains(keys(aws_ssm_parameter.contract), name) && aws_ssm_parameter.contract[name].name == name])
    error_message = "The seed's seven /infra/* parameters must exist with exactly the seed's names."
  }

  # seed parameters hold the right values
  assert {
    condition     = aws_ssm_parameter.contract["/infra/vpc-id"].value == aws_vpc.this.id && aws_ssm_parameter.contract["/infra/vpc-id"].type == "String"
    error_message = "/infra/vpc-id must be a String holding the VPC id."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/cluster-arn"].value == aws_ecs_cluster.this.arn
    error_message = "/infra/cluster-arn must hold the ECS cluster ARN."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/alb-arn"].value == aws_lb.this.arn
    error_message = "/infra/alb-arn must hold the ALB ARN."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/alb-listener-arn"].value == aws_lb_listener.https.arn
    error_message = "/infra/alb-listener-arn must hold the HTTPS (443) listener ARN."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/private-subnet-ids"].type == "StringList" && aws_ssm_parameter.contract["/infra/private-subnet-ids"].value == join(",", aws_subnet.private[*].id)
    error_message = "/infra/private-subnet-ids must be a StringList of both private subnet ids."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/public-subnet-ids"].type == "StringList" && aws_ssm_parameter.contract["/infra/public-subnet-ids"].value == join(",", aws_subnet.public[*].id)
    error_message = "/infra/public-subnet-ids must be a StringList of both public subnet ids."
  }

  assert {
    condition     = aws_ssm_parameter.contract["/infra/efs-id"].value == aws_efs_file_system.this.id
    error_message = "/infra/efs-id must hold the EFS file system id."
  }

  # every contract parameter is a standard string or list
  assert {
    condition     = alltrue([for p in aws_ssm_parameter.contract : contains(["String", "StringList"], p.type) && p.tier == "Standard" && startswith(p.name, "/infra/")])
    error_message = "Contract parameters must be Standard-tier String or StringList values under /infra/."
  }

  # ---- apex record: the free prefix domain needs no apex record (variants: tests/apex_record.tftest.hcl)
  assert {
    condition     = length(aws_route53_record.apex) == 0
    error_message = "Without a Cognito custom domain the platform must not create an apex record."
  }

  # ---- certificate phases: phase 2 plans the listener with the validated certificate (phase 1: tests/certificate_phases.tftest.hcl)
  assert {
    condition     = length(aws_acm_certificate_validation.this) == 1 && aws_acm_certificate_validation.this[0].certificate_arn == aws_acm_certificate.this.arn
    error_message = "With wait_for_certificate = true Terraform must wait for the certificate's validation."
  }

  assert {
    condition     = toset(aws_acm_certificate_validation.this[0].validation_record_fqdns) == toset([for r in aws_route53_record.certificate_validation : r.fqdn])
    error_message = "The validation must wait on the DNS records Terraform created."
  }

  assert {
    condition     = aws_lb_listener.https.certificate_arn == aws_acm_certificate_validation.this[0].certificate_arn
    error_message = "Phase 2 must create the HTTPS listener with the validated certificate."
  }
}
