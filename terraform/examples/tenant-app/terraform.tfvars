# This app's own settings. The shared platform settings come from
# -var-file=../../platform.example.tfvars (or your platform.tfvars).
#
# The last released tag. CI deploys with -var image_tag=<git sha>, which
# overrides this; keep it at a tag that exists in the repository so a local
# plan shows no surprise (docs/tenant-apps.md, "Deploying a new image").
image_tag = "0.1.0"
