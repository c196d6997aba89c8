# Extra plan run by the test harness on top of platform.example.tfvars: Spot hosts (issue 14)
# behind the NAT instance (itself on demand), Graviton.
host_capacity = "spot"
nat_mode      = "instance"
instance_type = "t4g.medium"
