################################################################################
# ALB security group: 80/443 from the internet, out only to the hosts (and 443 for Cognito)
################################################################################

resource "aws_security_group" "alb" {
  name        = "${local.name_prefix}-alb"
  description = "ALB: HTTP and HTTPS from the internet, to the ECS hosts"
  vpc_id      = aws_vpc.this.id

  tags = {
    Name = "${local.name_prefix}-alb"
  }
}

# Open to the internet by design: the ALB is the platform's only entry point (80 only redirects).
resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTP from the internet (redirected to HTTPS)"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
}

# Open to the internet by design: the ALB is the platform's only entry point.
resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from the internet"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "alb_to_hosts" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the ECS dynamic host ports"
  ip_protocol                  = "tcp"
  from_port                    = local.ephemeral_from_port
  to_port                      = local.ephemeral_to_port
  referenced_security_group_id = aws_security_group.host.id
}

# The authenticate-cognito action calls the Cognito token endpoint over HTTPS (docs/decisions/0021-platform-facts.md): outbound 443 to the internet is needed by design.
#trivy:ignore:AVD-AWS-0104
resource "aws_vpc_security_group_egress_rule" "alb_https_out" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS to Cognito for the authenticate-cognito action"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

################################################################################
# Load balancer
################################################################################

# Internet-facing by design: the ALB is the platform's only entry point.
# Access logs are not enabled (cost: an S3 bucket and its requests); turn them on when needed.
#trivy:ignore:AVD-AWS-0053
resource "aws_lb" "this" {
  name               = local.name_prefix
  load_balancer_type = "application"
  internal           = false
  ip_address_type    = "ipv4"
  subnets            = aws_subnet.public[*].id
  security_groups    = [aws_security_group.alb.id]

  drop_invalid_header_fields = true
  desync_mitigation_mode     = "defensive"
  enable_deletion_protection = var.alb_deletion_protection
}

# Port 80 only redirects: no plain-HTTP content is ever served.
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

# Tenants add host-based listener rules to this listener (/infra/alb-listener-arn); anything
# no rule matches gets a plain 404.
#
# Only phase 2 may create it. ELB accepts only an issued certificate on an HTTPS listener
# (CreateListener fails with UnsupportedCertificate while ACM still shows PENDING_VALIDATION),
# and ACM issues the certificate only after the registrar delegates the domain to the zone
# (DNS validation over public DNS). A full apply with wait_for_certificate = false would build
# most of the layer and then fail here, so the precondition stops it at plan time. Phase 1
# (`platformctl up`: -target the zone, the certificate and its validation records) never plans
# this listener; phase 2 passes -var wait_for_certificate=true. docs/dns-ssl.md,
# docs/decisions/0009-full-plan-needs-phase-2.md.
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = local.certificate_arn

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Not found"
      status_code  = "404"
    }
  }

  lifecycle {
    precondition {
      condition     = var.wait_for_certificate
      error_message = "A full apply of base-infra needs wait_for_certificate = true: the HTTPS listener needs an issued certificate, and ACM issues it only after the registrar delegates the domain to the zone. Apply in the two phases of 'platformctl up': phase 1 creates the zone, the certificate request and its validation records (terraform apply -target=aws_route53_zone.this -target=aws_acm_certificate.this -target=aws_route53_record.certificate_validation); after the registrar step, phase 2 applies everything with -var wait_for_certificate=true (docs/dns-ssl.md)."
    }
  }
}
