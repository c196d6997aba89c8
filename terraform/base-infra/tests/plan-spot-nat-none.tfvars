# Extra plan run by the test harness on top of platform.example.tfvars: Spot hosts (issue 14)
# in the lean profile, no NAT, Graviton (docs/ecs-ec2-alb.md "Spot hosts").
host_capacity        = "spot"
nat_mode             = "none"
instance_type        = "t4g.medium"
wait_for_certificate = true
