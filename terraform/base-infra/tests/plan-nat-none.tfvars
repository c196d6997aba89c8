# Extra plan run by the test harness on top of platform.example.tfvars: no NAT, the hosts in
# the public subnets reachable only from the ALB, validated certificate (phase 2 of D8).
nat_mode             = "none"
instance_type        = "t4g.medium"
wait_for_certificate = true
