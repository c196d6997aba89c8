# Inputs every test file here starts from (terraform test and tofu test load *.auto.tfvars in
# tests/ for each file; a file's or a run's own variables still win): a whole platform contract
# as modules/platform would output it, and the sample service at api.<domain>.
platform = {
  vpc_id                        = "vpc-0123456789abcdef0"
  cluster_arn                   = "arn:aws:ecs:us-east-1:123456789012:cluster/platform"
  cluster_name                  = "platform"
  alb_arn                       = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/platform/0123456789abcdef"
  alb_listener_arn              = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/platform/0123456789abcdef/0123456789abcdef"
  private_subnet_ids            = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  public_subnet_ids             = ["subnet-0cccccccccccccccc", "subnet-0dddddddddddddddd"]
  efs_id                        = "fs-0123456789abcdef0"
  efs_arn                       = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0"
  capacity_provider_name        = "platform-asg"
  alb_dns_name                  = "platform-123456789.us-east-1.elb.amazonaws.com"
  alb_zone_id                   = "Z35SXDOTRQ7X7K"
  alb_security_group_id         = "sg-0aaaaaaaaaaaaaaaa"
  instance_security_group_id    = "sg-0bbbbbbbbbbbbbbbb"
  zone_id                       = "Z0123456789ABCDEFGHIJ"
  zone_name                     = "hari328.net"
  certificate_arn               = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  service_connect_namespace_arn = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef"
  user_pool_id                  = "us-east-1_AbCdEfGhI"
  user_pool_arn                 = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEfGhI"
  user_pool_domain              = "platform-auth"
  sso_base_url                  = "https://platform-auth.auth.us-east-1.amazoncognito.com"
  allowed_emails_parameter      = "/infra/sso/allowed-emails"
  name_prefix                   = "platform"
}
name  = "api"
image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/platform/api:1.0.0"
host  = "api"
