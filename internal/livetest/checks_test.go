package livetest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// promClient queries one Prometheus's HTTP API (the API Grafana's datasource uses).
type promClient struct{ base string }

type promSeries struct {
	Metric map[string]string `json:"metric"`
}

// query runs an instant PromQL query and returns its series.
func (p promClient) query(ctx context.Context, q string) ([]promSeries, error) {
	var body struct {
		Status    string `json:"status"`
		Error     string `json:"error"`
		ErrorType string `json:"errorType"`
		Data      struct {
			ResultType string          `json:"resultType"`
			Result     json.RawMessage `json:"result"`
		} `json:"data"`
	}
	if err := p.get(ctx, "/api/v1/query?query="+url.QueryEscape(q), &body); err != nil {
		return nil, err
	}
	if body.Status != "success" {
		return nil, fmt.Errorf("query %q: %s: %s", q, body.ErrorType, body.Error)
	}
	if body.Data.ResultType != "vector" && body.Data.ResultType != "matrix" {
		return nil, fmt.Errorf("query %q: result type %s, want a vector", q, body.Data.ResultType)
	}
	var series []promSeries
	if err := json.Unmarshal(body.Data.Result, &series); err != nil {
		return nil, fmt.Errorf("query %q: decode result: %w", q, err)
	}
	return series, nil
}

// labelValues answers Grafana's label_values(metric, label) template query.
func (p promClient) labelValues(ctx context.Context, match, label string) ([]string, error) {
	var body struct {
		Status string   `json:"status"`
		Error  string   `json:"error"`
		Data   []string `json:"data"`
	}
	path := "/api/v1/label/" + url.PathEscape(label) + "/values"
	if match != "" {
		path += "?match[]=" + url.QueryEscape(match)
	}
	if err := p.get(ctx, path, &body); err != nil {
		return nil, err
	}
	if body.Status != "success" {
		return nil, fmt.Errorf("label values %s{%s}: %s", label, match, body.Error)
	}
	return body.Data, nil
}

func (p promClient) get(ctx context.Context, path string, into any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.base+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		return fmt.Errorf("GET %s: HTTP %d, undecodable answer: %w", path, resp.StatusCode, err)
	}
	return nil
}

// ready reports whether Prometheus answers /-/ready.
func (p promClient) ready(ctx context.Context) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.base+"/-/ready", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/-/ready: HTTP %d", resp.StatusCode)
	}
	return nil
}

// checkTargetsFile checks a file_sd file written by ecs_observer: one target group for address
// carrying wantLabels.
func checkTargetsFile(content []byte, address string, wantLabels map[string]string) error {
	var groups []struct {
		Targets []string          `yaml:"targets"`
		Labels  map[string]string `yaml:"labels"`
	}
	if err := yaml.Unmarshal(content, &groups); err != nil {
		return fmt.Errorf("the targets file is not Prometheus file_sd YAML: %w", err)
	}
	var seen []string
	for _, g := range groups {
		seen = append(seen, g.Targets...)
		if !slices.Contains(g.Targets, address) {
			continue
		}
		var wrong []string
		for k, v := range wantLabels {
			if g.Labels[k] != v {
				wrong = append(wrong, fmt.Sprintf("%s=%q (want %q)", k, g.Labels[k], v))
			}
		}
		sort.Strings(wrong)
		if len(wrong) > 0 {
			return fmt.Errorf("the target %s has wrong labels: %s", address, strings.Join(wrong, ", "))
		}
		return nil
	}
	return fmt.Errorf("the targets file has no target %s (targets: %v): is the docker label PROMETHEUS_EXPORTER_PORT on the app's container?", address, seen)
}

// checkUp checks that Prometheus scrapes the target successfully: up == 1 with the labels.
func checkUp(ctx context.Context, p promClient, selector string) error {
	series, err := p.query(ctx, "up"+selector)
	if err != nil {
		return err
	}
	if len(series) == 0 {
		return fmt.Errorf("no series up%s: Prometheus has not discovered the target (can it read the file_sd file?)", selector)
	}
	s2, err := p.query(ctx, "up"+selector+" == 1")
	if err != nil {
		return err
	}
	if len(s2) == 0 {
		return fmt.Errorf("up%s is 0: Prometheus cannot scrape the target", selector)
	}
	return nil
}

// checkResources checks that some resource a stand-in received carries every wanted attribute
// and at least one record.
func checkResources(what string, got []received, want map[string]string) error {
	if len(got) == 0 {
		return fmt.Errorf("%s: nothing arrived", what)
	}
	var closest string
	for _, r := range got {
		if r.Attributes[syntheticAttribute] != "" {
			continue // pushed by the test itself, not the app
		}
		var wrong []string
		for k, v := range want {
			if r.Attributes[k] != v {
				wrong = append(wrong, fmt.Sprintf("%s=%q (want %q)", k, r.Attributes[k], v))
			}
		}
		if len(wrong) == 0 && r.Records > 0 {
			return nil
		}
		sort.Strings(wrong)
		closest = strings.Join(wrong, ", ")
	}
	return fmt.Errorf("%s: %d resource(s) arrived, none with the app's resource attributes intact: %s", what, len(got), closest)
}

// panelQuery is one PromQL query of one dashboard panel.
type panelQuery struct {
	Dashboard string
	Panel     string
	RefID     string
	Expr      string
}

// dashboardVar is one templating variable of a dashboard that queries Prometheus.
type dashboardVar struct {
	Dashboard string
	Name      string
	Query     string
}

// dashboard is the part of a Grafana dashboard JSON model the check reads.
type dashboard struct {
	Title  string                   `json:"title"`
	Panels []grafPanel              `json:"panels"`
	Templ  struct{ List []grafVar } `json:"templating"`
}

type grafDS struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

type grafPanel struct {
	Title      string       `json:"title"`
	Datasource *grafDS      `json:"datasource"`
	Targets    []grafTarget `json:"targets"`
	Panels     []grafPanel  `json:"panels"` // rows
}

type grafTarget struct {
	RefID      string  `json:"refId"`
	Expr       string  `json:"expr"`
	Datasource *grafDS `json:"datasource"`
}

type grafVar struct {
	Name       string          `json:"name"`
	Type       string          `json:"type"`
	Datasource *grafDS         `json:"datasource"`
	Query      json.RawMessage `json:"query"`
}

// prometheusUIDs reads the uids of the provisioned datasources of type prometheus.
func prometheusUIDs(datasourcesYAML []byte) (map[string]bool, error) {
	var doc struct {
		Datasources []struct {
			UID  string `yaml:"uid"`
			Type string `yaml:"type"`
		} `yaml:"datasources"`
	}
	if err := yaml.Unmarshal(datasourcesYAML, &doc); err != nil {
		return nil, fmt.Errorf("parse datasources: %w", err)
	}
	uids := map[string]bool{}
	for _, d := range doc.Datasources {
		if d.Type == "prometheus" {
			uids[d.UID] = true
		}
	}
	if len(uids) == 0 {
		return nil, fmt.Errorf("no provisioned datasource of type prometheus")
	}
	return uids, nil
}

// dashboardQueries lists every Prometheus query of every dashboard in dir, and the variables.
func dashboardQueries(dir string, promUIDs map[string]bool) ([]panelQuery, []dashboardVar, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		return nil, nil, fmt.Errorf("no dashboards in %s", dir)
	}
	isProm := func(ds *grafDS) bool {
		return ds != nil && (promUIDs[ds.UID] || (ds.UID == "" && ds.Type == "prometheus"))
	}
	var qs []panelQuery
	var vars []dashboardVar
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		var d dashboard
		if err := json.Unmarshal(b, &d); err != nil {
			return nil, nil, fmt.Errorf("parse %s: %w", filepath.Base(f), err)
		}
		name := d.Title
		if name == "" {
			name = filepath.Base(f)
		}
		var walk func([]grafPanel)
		walk = func(ps []grafPanel) {
			for _, p := range ps {
				for _, tg := range p.Targets {
					ds := tg.Datasource
					if ds == nil {
						ds = p.Datasource
					}
					if isProm(ds) && strings.TrimSpace(tg.Expr) != "" {
						qs = append(qs, panelQuery{Dashboard: name, Panel: p.Title, RefID: tg.RefID, Expr: tg.Expr})
					}
				}
				walk(p.Panels)
			}
		}
		walk(d.Panels)
		for _, v := range d.Templ.List {
			if v.Type != "query" || !isProm(v.Datasource) {
				continue
			}
			var q string
			if err := json.Unmarshal(v.Query, &q); err != nil {
				var obj struct {
					Query string `json:"query"`
				}
				_ = json.Unmarshal(v.Query, &obj)
				q = obj.Query
			}
			vars = append(vars, dashboardVar{Dashboard: name, Name: v.Name, Query: q})
		}
	}
	return qs, vars, nil
}

var labelValuesQuery = regexp.MustCompile(`^\s*label_values\(\s*(?:(.+?)\s*,\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$`)

// resolveVariables gives every dashboard variable the sample app's value: the variable's own
// query must offer it (else the dashboard would show nothing for the app).
func resolveVariables(ctx context.Context, p promClient, vars []dashboardVar, want string) (map[string]map[string]string, []string) {
	values := map[string]map[string]string{}
	var problems []string
	for _, v := range vars {
		if values[v.Dashboard] == nil {
			values[v.Dashboard] = map[string]string{}
		}
		values[v.Dashboard][v.Name] = want
		m := labelValuesQuery.FindStringSubmatch(v.Query)
		if m == nil {
			problems = append(problems, fmt.Sprintf("dashboard %q variable $%s: query %q is not label_values(...): the live test cannot resolve it", v.Dashboard, v.Name, v.Query))
			continue
		}
		got, err := p.labelValues(ctx, m[1], m[2])
		if err != nil {
			problems = append(problems, fmt.Sprintf("dashboard %q variable $%s: %v", v.Dashboard, v.Name, err))
			continue
		}
		if !slices.Contains(got, want) {
			problems = append(problems, fmt.Sprintf("dashboard %q variable $%s: %s offers %v, not the app %q", v.Dashboard, v.Name, v.Query, got, want))
		}
	}
	return values, problems
}

// grafanaBuiltins are the global variables Grafana substitutes in queries, with the values the
// live test uses (a short run: one minute windows).
var grafanaBuiltins = map[string]string{
	"__rate_interval": "1m",
	"__interval":      "15s",
	"__range":         "5m",
	"__range_s":       "300",
	"__range_ms":      "300000",
	"__interval_ms":   "15000",
}

var varRef = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)(?::[a-z]+)?\}|\[\[([A-Za-z0-9_]+)\]\]|\$([A-Za-z0-9_]+)`)

// substitute replaces Grafana variable references; an unknown variable stays and is reported.
func substitute(expr string, vars map[string]string) (string, []string) {
	var unknown []string
	out := varRef.ReplaceAllStringFunc(expr, func(m string) string {
		sub := varRef.FindStringSubmatch(m)
		name := sub[1] + sub[2] + sub[3]
		if v, ok := vars[name]; ok {
			return v
		}
		if v, ok := grafanaBuiltins[name]; ok {
			return v
		}
		unknown = append(unknown, "$"+name)
		return m
	})
	return out, unknown
}

// checkPanels runs every panel query and returns one line per panel query that returns no
// series (or fails), naming the dashboard and the panel title.
func checkPanels(ctx context.Context, p promClient, qs []panelQuery, values map[string]map[string]string) []string {
	var failures []string
	for _, q := range qs {
		expr, unknown := substitute(q.Expr, values[q.Dashboard])
		where := fmt.Sprintf("dashboard %q panel %q (query %s)", q.Dashboard, q.Panel, q.RefID)
		if len(unknown) > 0 {
			failures = append(failures, fmt.Sprintf("%s: unknown variables %v in %s", where, unknown, q.Expr))
			continue
		}
		series, err := p.query(ctx, expr)
		switch {
		case err != nil:
			failures = append(failures, fmt.Sprintf("%s: %v", where, err))
		case len(series) == 0:
			failures = append(failures, fmt.Sprintf("%s: no series for %s%s", where, expr, missingMetrics(ctx, p, expr)))
		}
	}
	return failures
}

var metricName = regexp.MustCompile(`([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{`)

// metricsIn lists the metric names written with a selector (name{...}) in expr.
func metricsIn(expr string) []string {
	var names []string
	for _, m := range metricName.FindAllStringSubmatch(expr, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	return names
}

// missingMetrics names the metrics of expr that have no series at all, the usual cause.
func missingMetrics(ctx context.Context, p promClient, expr string) string {
	var missing []string
	for _, name := range metricsIn(expr) {
		if s, err := p.query(ctx, "count("+name+")"); err == nil && len(s) == 0 {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return fmt.Sprintf(" (no series at all named %s)", strings.Join(missing, ", "))
}

// deadline gives ctx a timeout relative to now.
func deadline(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, d)
}
