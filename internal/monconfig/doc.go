// Package monconfig checks the monitoring layer's configuration files
// (terraform/monitoring/config) with the components' own parsers where one exists:
// the Prometheus Go config package and the OpenTelemetry Collector's config loader, at the
// versions the task definitions pin. Collector components whose Go modules are not available
// here (the loadbalancing exporter, the servicegraph connector) are checked against the keys
// their pinned source accepts and replaced before the loader runs (unavailable.go).
// TemplateVars (templates.go) is the one list of the variables each template is rendered with. Grafana provisioning is parsed and cross-checked, and Loki
// and Tempo, which have no offline validator, are checked against tables of the keys their
// pinned versions require and reject.
//
// The files are Terraform templates rendered with templatefile. They use only plain ${name}
// interpolation, so Render reproduces templatefile exactly for them; Render refuses anything
// else (directives, expressions, unknown names), which keeps that claim checked.
package monconfig
