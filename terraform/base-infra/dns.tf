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

# The wait is its own switch (DESIGN-NOTES D8): ACM validates over public DNS, so it only
# succeeds once the registrar delegates the domain to the zone above.
resource "aws_acm_certificate_validation" "this" {
  count = var.wait_for_certificate ? 1 : 0

  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = [for record in aws_route53_record.certificate_validation : record.fqdn]
}
