# The app's own settings.
image = "public.ecr.aws/nginx/nginx:1.27"
