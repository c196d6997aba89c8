# Extra offline plan (the test harness adds it on top of platform.example.tfvars): longer
# retention everywhere, to prove the lifecycle rules and flags follow the variable.
monitoring_retention_days = {
  prometheus     = 30
  loki           = 90
  tempo          = 30
  container_logs = 14
}
