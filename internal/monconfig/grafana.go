package monconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// GrafanaFiles is Grafana's provisioning as the task receives it.
type GrafanaFiles struct {
	Datasources       []byte            // provisioning/datasources/*.yaml
	DashboardProvider []byte            // provisioning/dashboards/*.yaml
	Dashboards        map[string][]byte // dashboard file name -> JSON
	// Env lists the environment variables the Grafana container sets: a $VAR or ${VAR} in a
	// provisioning file must name one of them (Grafana expands them; a literal $ is $$).
	Env []string
}

type datasourceFile struct {
	APIVersion  int `yaml:"apiVersion"`
	Datasources []struct {
		Name     string         `yaml:"name"`
		UID      string         `yaml:"uid"`
		Type     string         `yaml:"type"`
		URL      string         `yaml:"url"`
		JSONData map[string]any `yaml:"jsonData"`
	} `yaml:"datasources"`
}

type providerFile struct {
	APIVersion int `yaml:"apiVersion"`
	Providers  []struct {
		Name    string         `yaml:"name"`
		Type    string         `yaml:"type"`
		Options map[string]any `yaml:"options"`
	} `yaml:"providers"`
}

// envReference finds Grafana's environment expansion in provisioning files: $$ is a literal $,
// ${NAME} and $NAME are variables.
var envReference = regexp.MustCompile(`\$\$|\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// CheckGrafana parses Grafana's provisioning and dashboards and checks that every datasource
// uid a dashboard or a correlation refers to is provisioned, that uids are unique and fixed,
// and that every environment reference names a variable the container sets.
func CheckGrafana(files GrafanaFiles) error {
	var errs []error
	for _, f := range []struct {
		name string
		data []byte
	}{{"datasources", files.Datasources}, {"dashboard provider", files.DashboardProvider}} {
		for _, m := range envReference.FindAllStringSubmatch(string(f.data), -1) {
			if m[0] == "$$" {
				continue
			}
			name := m[1] + m[2]
			if !contains(files.Env, name) {
				errs = append(errs, fmt.Errorf("%s: %q is expanded by Grafana from its environment but the container does not set %s: set it, or write $$ for a literal $", f.name, m[0], name))
			}
		}
	}

	var ds datasourceFile
	if err := yaml.Unmarshal(files.Datasources, &ds); err != nil {
		return fmt.Errorf("parse datasources: %w", err)
	}
	if ds.APIVersion != 1 {
		errs = append(errs, fmt.Errorf("datasources: apiVersion is %d, want 1", ds.APIVersion))
	}
	uids := map[string]string{}
	for _, d := range ds.Datasources {
		switch {
		case d.UID == "":
			errs = append(errs, fmt.Errorf("datasource %q has no uid: give it a fixed uid so dashboards and correlations can refer to it", d.Name))
		case uids[d.UID] != "":
			errs = append(errs, fmt.Errorf("datasource uid %q is used twice", d.UID))
		default:
			uids[d.UID] = d.Type
		}
	}
	// Correlations live in jsonData: every datasourceUid must exist.
	for _, d := range ds.Datasources {
		for _, ref := range datasourceRefs(d.JSONData, "datasourceUid") {
			if _, ok := uids[ref]; !ok {
				errs = append(errs, fmt.Errorf("datasource %q: correlation refers to datasource uid %q, which is not provisioned", d.Name, ref))
			}
		}
	}

	var pf providerFile
	if err := yaml.Unmarshal(files.DashboardProvider, &pf); err != nil {
		return fmt.Errorf("parse dashboard provider: %w", err)
	}
	if len(pf.Providers) == 0 {
		errs = append(errs, errors.New("dashboard provider: no providers: dashboards would not be loaded"))
	}

	if len(files.Dashboards) == 0 {
		errs = append(errs, errors.New("no dashboards: add at least the platform and app RED dashboards"))
	}
	names := make([]string, 0, len(files.Dashboards))
	for n := range files.Dashboards {
		names = append(names, n)
	}
	sort.Strings(names)
	dashUIDs := map[string]string{}
	for _, n := range names {
		var dash map[string]any
		if err := json.Unmarshal(files.Dashboards[n], &dash); err != nil {
			errs = append(errs, fmt.Errorf("dashboard %s: parse JSON: %w", n, err))
			continue
		}
		uid, _ := dash["uid"].(string)
		if uid == "" {
			errs = append(errs, fmt.Errorf("dashboard %s: no uid: set a fixed uid so links survive re-provisioning", n))
		} else if other := dashUIDs[uid]; other != "" {
			errs = append(errs, fmt.Errorf("dashboard %s: uid %q is also used by %s", n, uid, other))
		} else {
			dashUIDs[uid] = n
		}
		for _, ref := range datasourceRefs(dash, "uid") {
			if _, ok := uids[ref]; !ok {
				errs = append(errs, fmt.Errorf("dashboard %s: refers to datasource uid %q, which is not provisioned", n, ref))
			}
		}
	}
	return errors.Join(errs...)
}

// datasourceRefs walks a decoded YAML/JSON tree and returns the datasource uids it refers to:
// with key "datasourceUid", every value of that key; with key "uid", the uid of every
// "datasource" object (panels, targets, template variables).
func datasourceRefs(tree any, key string) []string {
	var refs []string
	var walk func(v any, parent string)
	walk = func(v any, parent string) {
		switch t := v.(type) {
		case map[string]any:
			for k, child := range t {
				if s, ok := child.(string); ok {
					if key == "datasourceUid" && k == key && s != "" {
						refs = append(refs, s)
					}
					if key == "uid" && parent == "datasource" && k == "uid" && !strings.HasPrefix(s, "$") && s != "-- Grafana --" {
						refs = append(refs, s)
					}
					continue
				}
				walk(child, k)
			}
		case []any:
			for _, child := range t {
				walk(child, parent)
			}
		}
	}
	walk(tree, "")
	sort.Strings(refs)
	return refs
}
