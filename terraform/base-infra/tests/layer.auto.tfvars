# Loaded by `terraform test` / `tofu test` for every tests/*.tftest.hcl file (a test file's or a
# run's own variables win): the seed profile every run of this layer starts from, so the test
# files need not repeat it. wait_for_certificate = true is phase 2: a full plan with false stops
# at the HTTPS listener (tests/certificate_phases.tftest.hcl). The mock_provider blocks cannot be
# shared the same way: OpenTofu 1.12 has no `source` argument for mock_provider.
region                  = "us-east-1"
name_prefix             = "platform"
domain                  = "hari328.net"
owner_email             = "owner@hari328.net"
nat_mode                = "gateway"
instance_type           = "t3.medium"
asg_min_size            = 1
asg_max_size            = 2
asg_desired_capacity    = 1
alb_deletion_protection = true
wait_for_certificate    = true
