# Extra plan run by the test harness on top of platform.example.tfvars: the cheaper NAT
# instance profile on Graviton hosts (docs/decisions/0018-cost-profiles.md).
nat_mode      = "instance"
instance_type = "t4g.medium"
