# Loaded by the test harness (internal/tfcheck) on top of platform.example.tfvars for every
# offline plan of this layer: a full plan is phase 2 of `platformctl up`, which passes
# -var wait_for_certificate=true. With the example's false the plan stops at the HTTPS listener's
# precondition, as it must (tests/certificate_phases.tftest.hcl, docs/dns-ssl.md).
wait_for_certificate = true
