# Loaded by `terraform test` / `tofu test` for every tests/*.tftest.hcl file (a test file's own
# variables win): the SSO inputs every run of this layer needs, so the other test files need not
# repeat them. Offline values only: the secret is a placeholder and the zip a tiny fixture
# (the real one is built by `make lambda`; see docs/sso.md).
google_client_id     = "000000000000-offlinetest.apps.googleusercontent.com"
google_client_secret = "offline-test-secret"
presignup_lambda_zip = "terraform/base-infra/tests/fixtures/presignup.zip"
