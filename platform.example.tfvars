# Shared configuration for every layer of the platform (docs/contract.md).
# Copy to platform.tfvars (git-ignored), edit, and pass it to every layer:
#   cp platform.example.tfvars platform.tfvars
#   platformctl up                       # reads platform.tfvars; never falls back to this file
#   terraform plan -var-file=../../platform.tfvars
# Secrets never go in this file: export TF_VAR_google_client_secret instead.
# Every key must be a variable some layer declares: platformctl refuses a
# misspelt one (nat_mod = ...) that Terraform would silently ignore.

# --- Account and naming ---------------------------------------------------
region      = "us-east-1"
name_prefix = "platform"

# --- Domain ------------------------------------------------------------------
# The owner's domain. `platformctl doctor` fails while owner_email or
# google_client_id below are still these placeholders (it reads them from this file).
domain      = "hari328.net"
owner_email = "owner@hari328.net"

# --- Network and hosts (docs/decisions/0018-cost-profiles.md: "gateway" is the seed's profile) -----
nat_mode             = "gateway"
instance_type        = "t3.medium"
# host_capacity      = "spot" # Spot hosts: ~60 % off the host line, a few minutes down per interruption (docs/ecs-ec2-alb.md)
asg_min_size         = 1
asg_max_size         = 2
asg_desired_capacity = 1

# --- Load balancer -------------------------------------------------------------
alb_deletion_protection = true

# --- Certificate (docs/decisions/0017-certificate-two-phases.md): set true once the registrar points at Route53 --
wait_for_certificate = false

# --- SSO (docs/sso.md): the Google OAuth client; its secret goes in TF_VAR_google_client_secret --
google_client_id = "000000000000-replacewithyourclientid.apps.googleusercontent.com"

# --- Monitoring ---------------------------------------------------------------
# Days each store keeps data (docs/monitoring.md prices them). Grafana is
# https://grafana.<domain> (owner_email = admin), Prometheus https://prometheus.<domain>.
monitoring_retention_days = {
  prometheus     = 15
  loki           = 30
  tempo          = 14
  container_logs = 7
}
