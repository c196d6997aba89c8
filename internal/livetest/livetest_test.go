package livetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The containers of terraform/monitoring's task definitions the test runs, by name; each runs
// as the user its definition declares.
const (
	prometheusContainer = "prometheus"
	observerContainer   = "ecs-observer"
	gatewayContainer    = "gateway"
	daemonContainer     = "otel-collector"
)

// monitoringContainer returns one container of the monitoring layer and its user.
func monitoringContainer(t *testing.T, defs map[string]containerDef, name string) (containerDef, identity) {
	t.Helper()
	c, ok := defs[name]
	if !ok {
		names := make([]string, 0, len(defs))
		for n := range defs {
			names = append(names, n)
		}
		t.Fatalf("terraform/monitoring has no container %q (it has %v): update the container names in internal/livetest", name, names)
	}
	u, err := parseUser(c.User)
	if err != nil {
		t.Fatalf("container %s: %v", name, err)
	}
	return c, u
}

// prometheusFlags are the flags of Prometheus's task definition command, without the two
// paths the test replaces (config file and TSDB directory).
func prometheusFlags(c containerDef) []string {
	var flags []string
	for _, a := range c.Command {
		if strings.HasPrefix(a, "--config.file=") || strings.HasPrefix(a, "--storage.tsdb.path=") || strings.HasPrefix(a, "--web.listen-address=") {
			continue
		}
		flags = append(flags, a)
	}
	return flags
}

// timing: the intervals the test shortens so it stays bounded (docs/monitoring.md, "Live
// test"). Everything else in the configurations is as rendered for a deployment.
const (
	scrapeInterval     = "2s"
	scrapeTimeout      = "1s"
	discoveryRefresh   = "2s"
	testBudget         = 100 * time.Second // start-up and the burst
	checkTimeout       = 45 * time.Second  // each check's wait for its condition
	clusterName        = "livetest"
	defaultAWSRegion   = "us-east-1"
	collectorBinary    = "otelcol-contrib"
	prometheusBinary   = "prometheus"
	installToolsScript = "scripts/install-tools.sh"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	root, err := filepath.Abs(filepath.Join(filepath.Dir(here), "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// pinnedBinaries finds Prometheus and the collector where scripts/install-tools.sh puts them,
// and checks that they are the versions terraform/monitoring pins.
func pinnedBinaries(t *testing.T, repo string) (prometheus, collector string, versions map[string]string) {
	t.Helper()
	out, err := exec.Command(filepath.Join(repo, installToolsScript), "--bin-dir").Output()
	if err != nil {
		t.Fatalf("%s --bin-dir: %v", installToolsScript, err)
	}
	bin := strings.TrimSpace(string(out))
	versions = pinnedImageVersions(t, repo)
	prometheus = filepath.Join(bin, prometheusBinary)
	collector = filepath.Join(bin, collectorBinary)
	for _, b := range []struct{ path, want, flag string }{
		{prometheus, strings.TrimPrefix(versions["prometheus"], "v"), "--version"},
		{collector, strings.TrimPrefix(versions["collector"], "v"), "--version"},
	} {
		if _, err := os.Stat(b.path); err != nil {
			t.Fatalf("%s is not installed: run %s (make test runs it first); it builds Prometheus and the collector at the pinned versions (%v)", b.path, installToolsScript, err)
		}
		v, err := exec.Command(b.path, b.flag).CombinedOutput()
		if err != nil || !strings.Contains(string(v), "version "+b.want) {
			t.Fatalf("%s does not report version %s (terraform/monitoring/main.tf pins it): %q %v: run %s again", b.path, b.want, firstLine(string(v)), err, installToolsScript)
		}
	}
	return prometheus, collector, versions
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

var imageLine = regexp.MustCompile(`(?m)^\s*(prometheus|collector)\s*=\s*"[^"]*:([^":]+)"`)

// pinnedImageVersions reads the Prometheus and collector image tags from
// terraform/monitoring/main.tf (the `images` local).
func pinnedImageVersions(t *testing.T, repo string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repo, "terraform/monitoring/main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	v := map[string]string{}
	for _, m := range imageLine.FindAllStringSubmatch(string(b), -1) {
		v[m[1]] = m[2]
	}
	if v["prometheus"] == "" || v["collector"] == "" {
		t.Fatalf("terraform/monitoring/main.tf: no prometheus/collector image tags in the images local (found %v): update pinnedImageVersions", v)
	}
	return v
}

// appContainer is the container of the task definition that carries the scrape labels, or
// (broken input) the first container with a port mapping.
func appContainer(t *testing.T, td appTaskDefinition) containerDef {
	t.Helper()
	for _, c := range td.Containers {
		if _, ok := c.DockerLabels["PROMETHEUS_EXPORTER_PORT"]; ok {
			return c
		}
	}
	for _, c := range td.Containers {
		if len(c.PortMappings) > 0 {
			return c
		}
	}
	t.Fatalf("the tenant app's task definition has no container with a port mapping: %s", td.Raw)
	return containerDef{}
}

// withoutDockerLabel returns container definitions with one docker label removed from every
// container (the broken input "the module stops setting the label").
func withoutDockerLabel(t *testing.T, raw json.RawMessage, label string) json.RawMessage {
	t.Helper()
	var defs []map[string]any
	if err := json.Unmarshal(raw, &defs); err != nil {
		t.Fatal(err)
	}
	for _, d := range defs {
		if labels, ok := d["dockerLabels"].(map[string]any); ok {
			delete(labels, label)
		}
	}
	b, err := json.Marshal(defs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// resourceFromEnv is the resource the app's OTel SDK reports: OTEL_SERVICE_NAME and
// OTEL_RESOURCE_ATTRIBUTES from the task definition.
func resourceFromEnv(c containerDef) map[string]string {
	res := map[string]string{}
	if v, ok := c.env("OTEL_RESOURCE_ATTRIBUTES"); ok {
		for kv := range strings.SplitSeq(v, ",") {
			if k, val, ok := strings.Cut(kv, "="); ok {
				res[strings.TrimSpace(k)] = strings.TrimSpace(val)
			}
		}
	}
	if v, ok := c.env("OTEL_SERVICE_NAME"); ok {
		res["service.name"] = v
	}
	return res
}

// TestTelemetryPath runs the telemetry path for real; see the package documentation.
func TestTelemetryPath(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: the live telemetry test runs Prometheus, the collector and the sample service (about a minute)")
	}
	repo := repoRoot(t)
	promBin, colBin, versions := pinnedBinaries(t, repo)
	r := newRunner(t)
	dir := workDir(t)
	binDir := filepath.Join(dir, "bin")
	r.mkdirOwned(binDir, 0o755, identity{})
	sampleBin := filepath.Join(binDir, "sample-service")
	built := make(chan error, 1)
	go func() { // while Terraform applies
		out, err := exec.Command("go", "build", "-o", sampleBin, filepath.Join(repo, "cmd/sample-service")).CombinedOutput()
		if err != nil {
			err = fmt.Errorf("build cmd/sample-service: %w\n%s", err, out)
		}
		built <- err
	}()
	defs := offlineTaskDefinitions(t, repo)
	if err := <-built; err != nil {
		t.Fatal(err)
	}
	td := defs.App
	app := appContainer(t, td)
	promDef, prometheusUser := monitoringContainer(t, defs.Monitoring, prometheusContainer)
	_, observerUser := monitoringContainer(t, defs.Monitoring, observerContainer)
	_, gatewayUser := monitoringContainer(t, defs.Monitoring, gatewayContainer)
	_, collectorUser := monitoringContainer(t, defs.Monitoring, daemonContainer)
	appUser, err := parseUser(app.User)
	if err != nil {
		t.Fatal(err)
	}
	resource := resourceFromEnv(app)
	service := resource["service.name"]
	if service == "" {
		t.Fatalf("the app container %q sets no OTEL_SERVICE_NAME: terraform/modules/ecs-service must set it (docs/contract.md, Telemetry)", app.Name)
	}
	namePrefix := resource["deployment.environment"]
	if namePrefix == "" {
		t.Fatalf("the app container %q sets no deployment.environment in OTEL_RESOURCE_ATTRIBUTES", app.Name)
	}

	promBin = installBinary(t, promBin, binDir)
	colBin = installBinary(t, colBin, binDir)

	// Stand-ins: Loki (OTLP/HTTP on /otlp/v1/logs), Tempo (OTLP/gRPC), ECS and EC2.
	loki, lokiGot := lokiStandIn(t, "/otlp/v1/logs")
	tempoAddr, tempo := startTempoStandIn(t)

	var containerPort int
	if _, err := fmt.Sscan(app.DockerLabels["PROMETHEUS_EXPORTER_PORT"], &containerPort); err != nil {
		t.Fatalf("the app container %q has no numeric PROMETHEUS_EXPORTER_PORT docker label (labels %v): terraform/modules/ecs-service's metrics input sets it", app.Name, app.DockerLabels)
	}
	appPort := freePort(t)
	task := ecsTask{Cluster: clusterName, Service: td.Service, Family: td.Family, Revision: td.Revision,
		ContainerDefs: td.Raw, Container: app.Name, ContainerPort: containerPort, HostPort: appPort,
		HostPrivateIP: "127.0.0.1", NetworkMode: td.NetworkMode}
	ecs := newECSStandIn(t, task)
	noLabelTask := task
	noLabelTask.ContainerDefs = withoutDockerLabel(t, td.Raw, "PROMETHEUS_EXPORTER_PORT")
	ecsNoLabel := newECSStandIn(t, noLabelTask)

	// Configurations, rendered from terraform/monitoring/config.
	tmpl := templateSet{dir: filepath.Join(repo, "terraform/monitoring/config")}
	otlpGRPC, otlpHTTP := freePort(t), freePort(t)
	promPort, promWrongUserPort := freePort(t), freePort(t)
	collectorMetricsPort := freePort(t)
	vars := map[string]string{
		"name_prefix":        namePrefix,
		"prometheus_version": versions["prometheus"],
		"collector_version":  versions["collector"],
		"cluster_name":       clusterName,
		"region":             defaultAWSRegion,
	}
	// The shared task volume: mode 1777, as the monitoring task's config-init container leaves it.
	sd := func(name string) string {
		d := filepath.Join(dir, name)
		r.mkdirOwned(d, 0o777|os.ModeSticky, identity{})
		return filepath.Join(d, "targets.yaml")
	}
	sdGood, sdNoLabel, sdWrongUser := sd("ecs-sd"), sd("ecs-sd-nolabel"), sd("ecs-sd-wronguser")
	wrongObserverUser := identity{10001, 10001}
	if wrongObserverUser == prometheusUser {
		wrongObserverUser = identity{10002, 10002}
	}

	renderPrometheus := func(sdFile string) string {
		v := maps.Clone(vars)
		v["ecs_sd_file"] = sdFile
		out, err := tmpl.render("prometheus.yml.tftpl", v)
		if err != nil {
			t.Fatal(err)
		}
		for key, val := range map[string]string{"scrape_interval": scrapeInterval, "scrape_timeout": scrapeTimeout, "evaluation_interval": scrapeInterval} {
			if out, err = overrideLine(out, key, val); err != nil {
				t.Fatal(err)
			}
		}
		return writeFile(t, filepath.Join(filepath.Dir(sdFile), "prometheus.yml"), out)
	}
	renderObserver := func(sdFile string) string {
		v := maps.Clone(vars)
		v["ecs_sd_file"] = sdFile
		out, err := tmpl.render("ecs-observer.yaml.tftpl", v)
		if err != nil {
			t.Fatal(err)
		}
		return writeFile(t, filepath.Join(filepath.Dir(sdFile), "ecs-observer.yaml"), out)
	}
	gatewayGRPC := freePort(t)
	vars["gateway_resolver"] = fmt.Sprintf(`{"static":{"hostnames":["127.0.0.1:%d"]}}`, gatewayGRPC)
	vars["loki_endpoint"] = loki.URL + "/otlp"
	vars["tempo_otlp_endpoint"] = tempoAddr
	vars["prometheus_otlp_endpoint"] = fmt.Sprintf("http://127.0.0.1:%d/api/v1/otlp", promPort)
	renderCollector := func(file string, listen map[string]string) string {
		v := maps.Clone(vars)
		maps.Copy(v, listen)
		out, err := tmpl.render(file, v)
		if err != nil {
			t.Fatal(err)
		}
		out, notes, err := replaceUnbuildable(out)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, n := range notes {
			t.Logf("%s: %s", file, n)
		}
		return out
	}
	// The daemon on every host, and the gateway in the monitoring task.
	daemonCfg := renderCollector("collector.yaml.tftpl", map[string]string{
		"otlp_grpc_listen": fmt.Sprintf("127.0.0.1:%d", otlpGRPC),
		"otlp_http_listen": fmt.Sprintf("127.0.0.1:%d", otlpHTTP),
	})
	gatewayCfg := renderCollector("gateway.yaml.tftpl", map[string]string{
		"otlp_grpc_listen": fmt.Sprintf("127.0.0.1:%d", gatewayGRPC),
	})

	// Processes, each as its declared user.
	startPrometheus := func(name, cfg string, port int) promClient {
		data := filepath.Join(dir, name+"-data")
		r.mkdirOwned(data, 0o755, prometheusUser)
		r.start(name, prometheusUser, nil, promBin, append([]string{
			"--config.file=" + cfg, "--storage.tsdb.path=" + data,
			fmt.Sprintf("--web.listen-address=127.0.0.1:%d", port),
		}, prometheusFlags(promDef)...)...)
		return promClient{base: fmt.Sprintf("http://127.0.0.1:%d", port)}
	}
	awsEnv := func(endpoint string) []string {
		return []string{"AWS_ENDPOINT_URL_ECS=" + endpoint, "AWS_ENDPOINT_URL_EC2=" + endpoint,
			"AWS_ACCESS_KEY_ID=livetest", "AWS_SECRET_ACCESS_KEY=livetest", "AWS_REGION=" + defaultAWSRegion,
			"AWS_EC2_METADATA_DISABLED=true"}
	}
	startObserver := func(name, sdFile, endpoint string, user identity) *proc {
		return r.start(name, user, awsEnv(endpoint), colBin,
			"--config=file:"+renderObserver(sdFile), "--set=extensions::ecs_observer::refresh_interval="+discoveryRefresh)
	}

	// startCtx bounds the start-up; each check below has its own checkTimeout, so one failing
	// check does not starve the others.
	ctx, cancel := context.WithTimeout(context.Background(), testBudget)
	defer cancel()
	check := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.Background(), checkTimeout)
	}
	prom := startPrometheus("prometheus", renderPrometheus(sdGood), promPort)
	observer := startObserver("ecs-observer", sdGood, ecs.URL, observerUser)
	startObserver("ecs-observer-nolabel", sdNoLabel, ecsNoLabel.URL, observerUser)
	var promWrongUser promClient
	if r.root {
		promWrongUser = startPrometheus("prometheus-wronguser", renderPrometheus(sdWrongUser), promWrongUserPort)
		startObserver("ecs-observer-wronguser", sdWrongUser, ecs.URL, wrongObserverUser)
	}
	// As terraform/monitoring runs them: the configuration in an environment variable; their
	// own metrics on free loopback ports instead of 0.0.0.0:8888.
	startCollector := func(name string, user identity, cfg string, metricsPort int, extra ...string) *proc {
		args := append([]string{"--config=env:OTELCOL_CONFIG",
			fmt.Sprintf(`--config=yaml:service::telemetry::metrics::readers: [{pull: {exporter: {prometheus: {host: "127.0.0.1", port: %d}}}}]`, metricsPort),
		}, extra...)
		return r.start(name, user, []string{"OTELCOL_CONFIG=" + cfg}, colBin, args...)
	}
	gatewayMetricsPort := freePort(t)
	gateway := startCollector("gateway", gatewayUser, gatewayCfg, gatewayMetricsPort,
		"--set=connectors::spanmetrics::metrics_flush_interval="+discoveryRefresh)
	collector := startCollector("collector", collectorUser, daemonCfg, collectorMetricsPort)
	appEnv := []string{fmt.Sprintf("PORT=%d", appPort)}
	for _, e := range app.Environment {
		v := e.Value
		if e.Name == "OTEL_EXPORTER_OTLP_ENDPOINT" {
			v = fmt.Sprintf("http://127.0.0.1:%d", otlpHTTP) // the host's collector, on loopback
		}
		appEnv = append(appEnv, e.Name+"="+v)
	}
	r.start("sample-service", appUser, appEnv, sampleBin, "-addr", fmt.Sprintf("127.0.0.1:%d", appPort), "-drain", "1s")

	for _, c := range []struct {
		name  string
		ready func() error
	}{
		{"prometheus", func() error { return prom.ready(ctx) }},
		{"gateway", func() error { return httpOK(ctx, fmt.Sprintf("http://127.0.0.1:%d/metrics", gatewayMetricsPort)) }},
		{"collector", func() error { return httpOK(ctx, fmt.Sprintf("http://127.0.0.1:%d/metrics", collectorMetricsPort)) }},
		{"sample-service", func() error { return httpOK(ctx, fmt.Sprintf("http://127.0.0.1:%d/healthz", appPort)) }},
	} {
		if err := waitFor(ctx, c.ready); err != nil {
			t.Fatalf("%s did not become ready: %v", c.name, err)
		}
	}
	for _, p := range []*proc{collector, gateway} {
		if exited, err := p.Exited(); exited {
			t.Fatalf("the %s exited: %v", p.name, err)
		}
	}

	// The burst: successes, client errors (400, 404) and server errors (/fail answers 500, so
	// the RED dashboard's error panels have real error spans).
	otlpEndpoint := fmt.Sprintf("http://127.0.0.1:%d", otlpHTTP)
	burst := func() error {
		base := fmt.Sprintf("http://127.0.0.1:%d", appPort)
		for i := range 10 {
			for _, p := range []string{"/", fmt.Sprintf("/hello/livetest-%d", i), "/work?duration=5ms", "/work?duration=forever", "/no-such-route", "/fail"} {
				if err := httpStatus(ctx, base+p); err != nil {
					return err
				}
			}
		}
		return pushProbeMetric(ctx, otlpEndpoint, resource)
	}
	if err := burst(); err != nil {
		t.Fatalf("send the burst: %v", err)
	}
	stopBurst := make(chan struct{})
	burstDone := make(chan struct{})
	go func() { // keep traffic flowing so rates have two samples
		defer close(burstDone)
		for {
			select {
			case <-stopBurst:
				return
			case <-time.After(2 * time.Second):
				_ = burst()
			}
		}
	}()
	t.Cleanup(func() { close(stopBurst); <-burstDone })

	job := app.DockerLabels["PROMETHEUS_EXPORTER_JOB_NAME"]
	// Not __meta_ecs_service_name: ecs_observer v0.165.0 describes services only when its config
	// has `services` entries (service.go serviceConfigsToFilter), and the platform's has none.
	// Prometheus takes ecs_service from the task group ("service:<name>") instead.
	wantTarget := map[string]string{"prometheus_job": job, "__meta_ecs_container_name": app.Name,
		"__meta_ecs_task_definition_family": td.Family, "__meta_ecs_task_group": "service:" + td.Service}
	target := fmt.Sprintf("127.0.0.1:%d", appPort)
	upSelector := fmt.Sprintf(`{job=%q, container=%q, instance=%q, ecs_service=%q}`, job, app.Name, target, td.Service)

	t.Run("sidecar writes the app's target", func(t *testing.T) {
		ctx, cancel := check()
		defer cancel()
		err := waitFor(ctx, func() error {
			b, err := os.ReadFile(sdGood)
			if err != nil {
				return fmt.Errorf("ecs_observer wrote no targets file %s: %w (stand-in calls: %v)", sdGood, err, ecs.Calls())
			}
			return checkTargetsFile(b, target, wantTarget)
		})
		if err != nil {
			t.Fatal(err)
		}
		if exited, err := observer.Exited(); exited {
			t.Fatalf("ecs_observer exited: %v", err)
		}
	})
	t.Run("Prometheus scrapes the app: up is 1 with the dashboard labels", func(t *testing.T) {
		ctx, cancel := check()
		defer cancel()
		if err := waitFor(ctx, func() error { return checkUp(ctx, prom, upSelector) }); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("traces reach Tempo with the resource attributes", func(t *testing.T) {
		ctx, cancel := check()
		defer cancel()
		if err := waitFor(ctx, func() error { return checkResources("Tempo stand-in", tempo.Received(), resource) }); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("logs reach Loki with the resource attributes", func(t *testing.T) {
		ctx, cancel := check()
		defer cancel()
		if err := waitFor(ctx, func() error { return checkResources("Loki stand-in", lokiGot.Received(), resource) }); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("OTLP metrics land in Prometheus", func(t *testing.T) {
		ctx, cancel := check()
		defer cancel()
		sel := fmt.Sprintf(`%s{job=%q}`, probeMetric, service)
		err := waitFor(ctx, func() error {
			s, err := prom.query(ctx, sel)
			if err == nil && len(s) == 0 {
				err = fmt.Errorf("no series %s: the collector's metrics pipeline does not deliver to Prometheus's OTLP receiver", sel)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	dsYAML, err := os.ReadFile(filepath.Join(repo, "terraform/monitoring/config/grafana/provisioning/datasources/datasources.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	uids, err := prometheusUIDs(dsYAML)
	if err != nil {
		t.Fatal(err)
	}
	queries, dashVars, err := dashboardQueries(filepath.Join(repo, "terraform/monitoring/config/grafana/dashboards"), uids)
	if err != nil {
		t.Fatal(err)
	}
	if len(queries) == 0 {
		t.Fatal("no dashboard panel queries Prometheus: the check would pass vacuously")
	}
	t.Run("every dashboard query returns series", func(t *testing.T) {
		ctx, cancel := check()
		defer cancel()
		var last []string
		err := waitFor(ctx, func() error {
			values, problems := resolveVariables(ctx, prom, dashVars, service)
			last = append(problems, checkPanels(ctx, prom, queries, values)...)
			if len(last) > 0 {
				return errors.New("pending")
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%d of %d dashboard queries (and variables) return nothing after the burst:\n  %s", len(last), len(queries), strings.Join(last, "\n  "))
		}
	})

	// Each assertion fails on a broken input.
	t.Run("broken: a docker label removed from the module is detected", func(t *testing.T) {
		ctx, cancel := check()
		defer cancel()
		waitCtx, done := deadline(ctx, 15*time.Second)
		defer done()
		_ = waitFor(waitCtx, func() error { // until the broken observer has run a discovery
			if _, err := os.Stat(sdNoLabel); err != nil {
				return err
			}
			return nil
		})
		b, _ := os.ReadFile(sdNoLabel)
		err := checkTargetsFile(b, target, wantTarget)
		if err == nil {
			t.Fatal("checkTargetsFile accepted a task definition without PROMETHEUS_EXPORTER_PORT")
		}
		t.Logf("detected as expected: %v", err)
	})
	t.Run("broken: a sidecar user Prometheus cannot read is detected", func(t *testing.T) {
		ctx, cancel := check()
		defer cancel()
		if !r.root {
			t.Skip("skipped: needs root to run the sidecar as another user (the suite runs as root in CI)")
		}
		// The good Prometheus saw the target long ago; give this one the same chance.
		waitCtx, done := deadline(ctx, 10*time.Second)
		defer done()
		_ = waitFor(waitCtx, func() error { return checkUp(waitCtx, promWrongUser, upSelector) })
		err := checkUp(ctx, promWrongUser, upSelector)
		if err == nil {
			t.Fatalf("Prometheus (%s) scraped a target from a file written by %s with mode 0600: the check cannot see an unreadable sidecar user", prometheusUser, wrongObserverUser)
		}
		t.Logf("detected as expected: %v", err)
	})
	t.Run("broken: a renamed dashboard metric is detected", func(t *testing.T) {
		ctx, cancel := check()
		defer cancel()
		var q panelQuery
		var metric string
		for _, cand := range queries {
			if ms := metricsIn(cand.Expr); len(ms) > 0 {
				q, metric = cand, ms[0]
				break
			}
		}
		if metric == "" {
			t.Fatal("no dashboard query names a metric with a selector: cannot rename one")
		}
		q.Expr = strings.ReplaceAll(q.Expr, metric+"{", metric+"_renamed{")
		values, _ := resolveVariables(ctx, prom, dashVars, service)
		failures := checkPanels(ctx, prom, []panelQuery{q}, values)
		if len(failures) != 1 || !strings.Contains(failures[0], fmt.Sprintf("panel %q", q.Panel)) {
			t.Fatalf("checkPanels did not name panel %q for the renamed metric %s_renamed: %v", q.Panel, metric, failures)
		}
		t.Logf("detected as expected: %s", failures[0])
	})
}

// httpOK GETs url and wants 200.
func httpOK(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d", url, resp.StatusCode)
	}
	return nil
}

// httpStatus GETs url and accepts any HTTP answer (the burst includes 4xx on purpose).
func httpStatus(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}
