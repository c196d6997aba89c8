variable "name" {
  description = "Service name."
  type        = string
  default     = "hello"
}

variable "image" {
  description = "Container image."
  type        = string
  default     = "public.ecr.aws/nginx/nginx:1.27"
}
