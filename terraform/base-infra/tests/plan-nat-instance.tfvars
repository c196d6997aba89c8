# Extra plan run by the test harness on top of platform.example.tfvars: the cheaper NAT
# instance profile on Graviton hosts (DESIGN-NOTES D9).
nat_mode      = "instance"
instance_type = "t4g.medium"
