# Layer 1 of the platform (docs/architecture.md). Resources live in one file per concern:
#   network.tf  VPC, subnets, routes, S3 endpoint      nat.tf    NAT Gateway / NAT instance
#   ecs.tf      cluster, hosts, capacity provider      alb.tf    load balancer and listeners
#   dns.tf      Route53 zone, ACM certificate          efs.tf    shared file system
#   ssm.tf      the /infra/* contract                  cognito.tf  SSO (issue 3)
#   dependencies.tf  everything read from outside this layer

locals {
  name_prefix = var.name_prefix

  # Network plan: one /16, /24 subnets; public 10.0.0-1.0, private 10.0.10-11.0.
  vpc_cidr = "10.0.0.0/16"

  # Two AZs that offer every instance type this layer launches (issue 10): in older accounts
  # the first AZ names can include one that offers neither t3.medium nor t4g, and the launch
  # fails with "Unsupported ... instance type ... Availability Zone". One offerings query per
  # AZ (dependencies.tf); an AZ qualifies when it offers all of them. Fewer than 2: the
  # precondition on aws_subnet.public names the fix. The first two qualifying names, sorted,
  # so the choice is stable (a different choice would replace the subnets).
  nat_instance_type       = "t4g.nano"
  required_instance_types = distinct(compact([var.instance_type, var.nat_mode == "instance" ? local.nat_instance_type : ""]))
  qualifying_azs = [
    for az in sort(data.aws_availability_zones.available.names) : az
    if length(distinct(data.aws_ec2_instance_type_offerings.az[az].instance_types)) >= length(local.required_instance_types)
  ]
  # Padded so the subnets still evaluate when fewer qualify and the precondition can speak.
  azs                  = slice(concat(local.qualifying_azs, ["none", "none"]), 0, 2)
  public_subnet_cidrs  = [for i in range(2) : cidrsubnet(local.vpc_cidr, 8, i)]
  private_subnet_cidrs = [for i in range(2) : cidrsubnet(local.vpc_cidr, 8, i + 10)]

  # nat_mode = "none": the hosts live in the public subnets with a public IP (their security
  # group still admits only the ALB and each other), so no NAT is paid for.
  hosts_in_public_subnets = var.nat_mode == "none"

  # Graviton families carry a "g" right after the generation digit: t4g, m7g, c6gn, r8gd...
  host_is_graviton = can(regex("^[a-z]+[0-9]+g[a-z]*\\.", var.instance_type))
  # Burstable families (t2, t3, t3a, t4g) get CPU credits "standard" (docs/decisions/0018-cost-profiles.md).
  host_is_burstable = can(regex("^t[0-9]", var.instance_type))

  # The validated certificate once wait_for_certificate is on (docs/decisions/0017-certificate-two-phases.md).
  certificate_arn = var.wait_for_certificate ? aws_acm_certificate_validation.this[0].certificate_arn : aws_acm_certificate.this.arn

  # The ECS dynamic host port range (bridge mode, docs/decisions/0013-bridge-networking.md).
  ephemeral_from_port = 32768
  ephemeral_to_port   = 65535
}
