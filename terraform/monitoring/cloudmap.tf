################################################################################
# Cloud Map: how each host's collector daemon finds the gateway collector without DNS and
# without a proxy. The monitoring service registers the gateway's OTLP port (service_registries,
# monitoring.tf); ECS writes the host's IP and the dynamic host port as the instance attributes
# AWS_INSTANCE_IPV4 and AWS_INSTANCE_PORT. The daemons' loadbalancing exporter reads them with
# servicediscovery:DiscoverInstances (its aws_cloud_map resolver, collector-contrib v0.165.0
# exporter/loadbalancingexporter/resolver_aws_cloudmap.go: "ipAddr :=
# instance.Attributes["AWS_INSTANCE_IPV4"]" and, without a fixed port,
# "instance.Attributes["AWS_INSTANCE_PORT"]"). An HTTP namespace: no Route53 zone, API only
# (ECS service discovery "uses AWS Cloud Map API actions to manage HTTP and DNS namespaces").
# Bridge mode is supported: "If the task definition that your service task specifies uses the
# bridge or host network mode, you must specify a containerName and containerPort combination"
# (ECS API reference, ServiceRegistry; monitoring.tf does), and since the ECS API update of
# 2018-05-22 (aws-sdk-go v1.13.54 changelog, service/ecs) ECS "can now also register instance IPs
# for active tasks using bridged and host networking". A service takes one registry ("Multiple
# service registries for each service are not supported", same page): only the gateway's port.
################################################################################

resource "aws_service_discovery_http_namespace" "monitoring" {
  name        = "${local.name_prefix}-monitoring"
  description = "The monitoring layer's gateway collector, found by the collector daemons (terraform/monitoring)."
}

resource "aws_service_discovery_service" "gateway" {
  name         = "otel-gateway"
  namespace_id = aws_service_discovery_http_namespace.monitoring.id
  description  = "OTLP gRPC of the gateway collector in the monitoring task."

  # No DNS records: an HTTP namespace is read with DiscoverInstances only.
  force_destroy = true
}
