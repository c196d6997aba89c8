################################################################################
# Route53 zone
################################################################################

# After the first apply, copy the 4 name servers (output name_servers) to the registrar
# (Namecheap): docs/dns-ssl.md.
resource "aws_route53_zone" "this" {
  name    = var.domain
  comment = "${local.name_prefix} platform (managed by Terraform)"
}

################################################################################
# ACM certificate: *.domain + the apex, DNS-validated
################################################################################

resource "aws_acm_certificate" "this" {
  domain_name               = "*.${var.domain}"
  subject_alternative_names = [var.domain]
  validation_method         = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  # ACM asks the wildcard and the apex for the same CNAME: one record per base name. The keys
  # come from the configuration, not from the certificate, so for_each is known at plan time
  # (resource_record_name is only known after the certificate is requested).
  certificate_validation_names = toset([for name in concat([aws_acm_certificate.this.domain_name], tolist(aws_acm_certificate.this.subject_alternative_names)) : trimprefix(name, "*.")])

  certificate_validation_options = {
    for name in local.certificate_validation_names : name => [
      for option in aws_acm_certificate.this.domain_validation_options : option
      if trimprefix(option.domain_name, "*.") == name
    ][0]
  }
}

resource "aws_route53_record" "certificate_validation" {
  for_each = local.certificate_validation_names

  zone_id         = aws_route53_zone.this.zone_id
  name            = local.certificate_validation_options[each.key].resource_record_name
  type            = local.certificate_validation_options[each.key].resource_record_type
  records         = [local.certificate_validation_options[each.key].resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

# The wait is its own switch (docs/decisions/0017-certificate-two-phases.md): ACM validates over public DNS, so it only
# succeeds once the registrar delegates the domain to the zone above.
resource "aws_acm_certificate_validation" "this" {
  count = var.wait_for_certificate ? 1 : 0

  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = [for record in aws_route53_record.certificate_validation : record.fqdn]
}

################################################################################
# Apex A record (only with a Cognito custom domain)
################################################################################

# Cognito accepts a custom domain (auth.<domain>) only when its parent domain resolves to an A
# record: "Amazon Cognito ... requires the parent domain to have a DNS A record for validation"
# (Cognito developer guide, Troubleshooting, "Custom domain is not a valid subdomain",
# https://docs.aws.amazon.com/cognito/latest/developerguide/troubleshooting.html; and "Using
# your own domain for managed login", cognito-user-pools-add-custom-domain.html). The platform
# creates it so the zone only ever holds records Terraform owns: a hand-made apex record is what
# made `platformctl down` stop on HostedZoneNotEmpty. It points at the ALB, which answers the
# apex with its default 404 (the certificate covers the apex). allow_overwrite adopts a record
# made by hand under the old instructions (docs/sso.md), so the next destroy removes it too.
# aws_cognito_user_pool_domain.this depends on it (cognito.tf).
resource "aws_route53_record" "apex" {
  count = local.use_custom_domain ? 1 : 0

  zone_id         = aws_route53_zone.this.zone_id
  name            = var.domain
  type            = "A"
  allow_overwrite = true

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = false
  }
}
