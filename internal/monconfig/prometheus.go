package monconfig

import (
	"errors"
	"fmt"
	"io"
	"log/slog"

	promconfig "github.com/prometheus/prometheus/config"
	// Registers file_sd_configs, the only discovery mechanism the platform's config uses.
	"github.com/prometheus/prometheus/discovery/file"
)

// CheckPrometheus loads a rendered prometheus.yml with the Prometheus config package (the same
// code as the pinned image) and checks the platform's own rules: app targets come from the
// ecs_observer file_sd file, and exemplars are kept.
func CheckPrometheus(rendered, ecsSDFile string) error {
	cfg, err := promconfig.Load(rendered, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return fmt.Errorf("load prometheus config: %w: fix terraform/monitoring/config/prometheus.yml.tftpl", err)
	}
	found := false
	for _, sc := range cfg.ScrapeConfigs {
		for _, sd := range sc.ServiceDiscoveryConfigs {
			if fsd, ok := sd.(*file.SDConfig); ok && contains(fsd.Files, ecsSDFile) {
				found = true
			}
		}
	}
	if !found {
		return fmt.Errorf("check prometheus config: no scrape job reads the ecs_observer targets file %s: add a file_sd_configs job for it", ecsSDFile)
	}
	if cfg.StorageConfig.ExemplarsConfig == nil || cfg.StorageConfig.ExemplarsConfig.MaxExemplars <= 0 {
		return errors.New("check prometheus config: storage.exemplars.max_exemplars is not set: exemplars link metrics to traces, set it above zero")
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
