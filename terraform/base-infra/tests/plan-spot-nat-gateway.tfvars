# Extra plan run by the test harness on top of platform.example.tfvars: Spot hosts (issue 14)
# behind the NAT gateway, on the seed t3.medium.
host_capacity = "spot"
nat_mode      = "gateway"
instance_type = "t3.medium"
