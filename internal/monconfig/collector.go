package monconfig

import (
	"context"
	"fmt"
	"slices"

	"github.com/open-telemetry/opentelemetry-collector-contrib/connector/spanmetricsconnector"
	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/observer/ecsobserver"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/connector"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/nopexporter"
	"go.opentelemetry.io/collector/exporter/otlpexporter"
	"go.opentelemetry.io/collector/exporter/otlphttpexporter"
	"go.opentelemetry.io/collector/extension"
	"go.opentelemetry.io/collector/otelcol"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/batchprocessor"
	"go.opentelemetry.io/collector/processor/memorylimiterprocessor"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/nopreceiver"
	"go.opentelemetry.io/collector/receiver/otlpreceiver"
	"go.opentelemetry.io/collector/service/telemetry/otelconftelemetry"
)

// CollectorConfigEnv is the environment variable the collector reads its configuration from
// (--config=env:OTELCOL_CONFIG, docs/decisions/0020-no-custom-monitoring-images.md). The check reads it the same way.
const CollectorConfigEnv = "OTELCOL_CONFIG"

// collectorFactories holds the components the platform's collector configurations use whose Go
// modules this repository builds against (go.mod pins them to the image's release). The
// loadbalancing exporter and the servicegraph connector are in the image too, but their modules
// are not available here: unavailable.go checks their blocks by key instead.
func collectorFactories() (otelcol.Factories, error) {
	var err error
	f := otelcol.Factories{Telemetry: otelconftelemetry.NewFactory()}
	if f.Receivers, err = otelcol.MakeFactoryMap[receiver.Factory](otlpreceiver.NewFactory(), nopreceiver.NewFactory()); err != nil {
		return f, err
	}
	if f.Processors, err = otelcol.MakeFactoryMap[processor.Factory](batchprocessor.NewFactory(), memorylimiterprocessor.NewFactory()); err != nil {
		return f, err
	}
	if f.Exporters, err = otelcol.MakeFactoryMap[exporter.Factory](otlpexporter.NewFactory(), otlphttpexporter.NewFactory(), nopexporter.NewFactory()); err != nil {
		return f, err
	}
	if f.Extensions, err = otelcol.MakeFactoryMap[extension.Factory](ecsobserver.NewFactory()); err != nil {
		return f, err
	}
	if f.Connectors, err = otelcol.MakeFactoryMap[connector.Factory](spanmetricsconnector.NewFactory()); err != nil {
		return f, err
	}
	return f, nil
}

// CheckCollector validates a rendered collector configuration with the collector's own loader:
// the same path as `otelcol-contrib validate --config=env:OTELCOL_CONFIG` (resolve, unmarshal
// into each component's config, validate, build the pipelines dry). The caller must not run it
// in parallel with another CheckCollector: it sets the process environment variable.
func CheckCollector(ctx context.Context, rendered string, setenv func(key, value string)) error {
	rendered, err := stripUnavailable(rendered)
	if err != nil {
		return fmt.Errorf("validate collector config: %w: fix the template in terraform/monitoring/config", err)
	}
	setenv(CollectorConfigEnv, rendered)
	col, err := otelcol.NewCollector(otelcol.CollectorSettings{
		BuildInfo: component.BuildInfo{Command: "otelcol-contrib", Description: "config check", Version: "test"},
		Factories: collectorFactories,
		ConfigProviderSettings: otelcol.ConfigProviderSettings{
			ResolverSettings: confmap.ResolverSettings{
				URIs:              []string{"env:" + CollectorConfigEnv},
				ProviderFactories: []confmap.ProviderFactory{envprovider.NewFactory()},
			},
		},
	})
	if err != nil {
		return fmt.Errorf("create collector: %w", err)
	}
	if err := col.DryRun(ctx); err != nil {
		return fmt.Errorf("validate collector config: %w: fix the template in terraform/monitoring/config", err)
	}
	return nil
}

// CollectorComponents lists, by kind (receivers, processors, exporters, connectors,
// extensions), the component types the configuration check builds against. The live test's
// collector distribution (tools/otelcol) must hold exactly these: internal/livetest compares the
// two, so the distribution that runs and the one that validates cannot drift apart.
func CollectorComponents() (map[string][]string, error) {
	f, err := collectorFactories()
	if err != nil {
		return nil, err
	}
	out := map[string][]string{
		"receivers":  typeNames(f.Receivers),
		"processors": typeNames(f.Processors),
		"exporters":  typeNames(f.Exporters),
		"connectors": typeNames(f.Connectors),
		"extensions": typeNames(f.Extensions),
	}
	return out, nil
}

// typeNames lists each factory's own type once: the maps also hold deprecated aliases (otlp for
// otlp_grpc, spanmetrics for span_metrics) under their old names, which `otelcol components` does
// not list.
func typeNames[F component.Factory](m map[component.Type]F) []string {
	names := make([]string, 0, len(m))
	for _, f := range m {
		names = append(names, f.Type().String())
	}
	slices.Sort(names)
	return slices.Compact(names)
}
