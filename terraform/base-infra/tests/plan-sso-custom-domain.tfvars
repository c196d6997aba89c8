# Extra plan of the test harness (on top of platform.example.tfvars): the SSO sign-in pages on
# a custom domain, which needs the issued certificate (docs/sso.md).
wait_for_certificate  = true
cognito_custom_domain = "auth.hari328.net"
