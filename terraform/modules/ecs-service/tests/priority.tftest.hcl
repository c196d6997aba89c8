mock_provider "aws" {
  mock_data "aws_region" {
    defaults = { region = "us-east-1" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
}

# Listener-rule priorities are derived from the host name: unique enough
# without a central registry, and stable across plans and machines. Each run
# pins the expected value, so the same host gets the same number in every run
# and different hosts get different numbers (plain values rather than run.*
# references, which OpenTofu does not resolve inside assertions).
#   10000 + parseint(substr(sha256(fqdn), 0, 8), 16) % 40000

run "grafana_differs" {
  command = plan

  variables {
    name = "grafana"
    host = "grafana"
  }

  assert {
    condition     = output.listener_rule_priority == 27062
    error_message = "Different hosts must get different priorities (grafana.hari328.net -> 27062, api -> 45011)."
  }
}

run "prometheus_differs" {
  command = plan

  variables {
    name = "prometheus"
    host = "prometheus"
  }

  assert {
    condition     = output.listener_rule_priority == 14774
    error_message = "Different hosts must get different priorities (prometheus.hari328.net -> 14774)."
  }

  assert {
    condition     = output.listener_rule_priority >= 10000 && output.listener_rule_priority <= 49999
    error_message = "Derived priorities must stay in 10000..49999, leaving the rest for explicit overrides."
  }
}

run "override_wins" {
  command = plan

  variables {
    listener_rule_priority = 4242
  }

  assert {
    condition     = aws_lb_listener_rule.this[0].priority == 4242 && output.listener_rule_priority == 4242
    error_message = "An explicit listener_rule_priority must replace the derived one."
  }
}
