package membudget

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hari328/platform/internal/tfcheck"
	"github.com/hari328/platform/internal/tfrun"
)

// planJSON builds a minimal `terraform show -json` document.
func planJSON(t *testing.T, changes ...map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"format_version":    "1.2",
		"terraform_version": "1.11.0",
		"resource_changes":  changes,
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func taskDef(module, name, family, taskMemory string, containers ...map[string]any) map[string]any {
	cd, _ := json.Marshal(containers)
	after := map[string]any{"family": family, "container_definitions": string(cd)}
	if taskMemory != "" {
		after["memory"] = taskMemory
	}
	addr := "aws_ecs_task_definition." + name
	if module != "" {
		addr = module + "." + addr
	}
	return map[string]any{
		"address": addr, "module_address": module, "type": "aws_ecs_task_definition", "name": name,
		"change": map[string]any{"actions": []string{"create"}, "after": after, "after_unknown": map[string]any{}},
	}
}

func service(module, name string, after map[string]any) map[string]any {
	addr := "aws_ecs_service." + name
	if module != "" {
		addr = module + "." + addr
	}
	return map[string]any{
		"address": addr, "module_address": module, "type": "aws_ecs_service", "name": name,
		"change": map[string]any{"actions": []string{"create"}, "after": after, "after_unknown": map[string]any{}},
	}
}

func container(name string, reservation, limit int) map[string]any {
	c := map[string]any{"name": name}
	if reservation > 0 {
		c["memoryReservation"] = reservation
	}
	if limit > 0 {
		c["memory"] = limit
	}
	return c
}

func TestTaskReservationAndLimit(t *testing.T) {
	tests := []struct {
		name             string
		task             Task
		wantRes, wantLim int
		wantErr          string
	}{
		{name: "task-level memory wins", task: Task{TaskMemory: 608, Containers: []Container{{Reservation: 256, Limit: 512}}}, wantRes: 608, wantLim: 608},
		{name: "sum of reservations", task: Task{Containers: []Container{{Reservation: 128, Limit: 256}, {Reservation: 0, Limit: 32}}}, wantRes: 160, wantLim: 288},
		{name: "unknown containers", task: Task{Address: "x"}, wantErr: "known at plan time"},
		{name: "container without memory", task: Task{Address: "x", Containers: []Container{{Name: "c"}}}, wantErr: "neither memory nor memoryReservation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tt.task.Reservation()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Reservation() error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || res != tt.wantRes || tt.task.Limit() != tt.wantLim {
				t.Fatalf("Reservation() = %d, %v; Limit() = %d; want %d, %d", res, err, tt.task.Limit(), tt.wantRes, tt.wantLim)
			}
		})
	}
}

func TestTasksFromPlan(t *testing.T) {
	data := planJSON(t,
		taskDef("module.prometheus", "this", "platform-prometheus", "992", container("prometheus", 384, 768)),
		service("module.prometheus", "this", map[string]any{"desired_count": 1, "deployment_maximum_percent": 100}),
		taskDef("", "collector", "platform-otel-collector", "320", container("otel-collector", 128, 256)),
		service("", "collector", map[string]any{"scheduling_strategy": "DAEMON", "deployment_maximum_percent": 100}),
		taskDef("module.app", "this", "platform-api", "", container("api", 128, 256)),
		service("module.app", "this", map[string]any{"desired_count": 2, "deployment_maximum_percent": 200}),
	)
	plan, err := DecodePlan(data)
	if err != nil {
		t.Fatal(err)
	}
	tasks, err := TasksFromPlan(plan, "fixture")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int{}
	for _, tk := range tasks {
		got[tk.Family] = [2]int{tk.Copies, tk.Surge}
	}
	want := map[string][2]int{
		"platform-prometheus":     {1, 0},
		"platform-otel-collector": {1, 0},
		"platform-api":            {2, 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("copies and surge = %v, want %v", got, want)
	}
}

func TestEvaluate(t *testing.T) {
	stack := []Task{
		{Source: "monitoring", Family: "prometheus", TaskMemory: 992, Copies: 1},
		{Source: "monitoring", Family: "collector", TaskMemory: 320, Copies: 1},
		{Source: "app", Family: "api", Containers: []Container{{Reservation: 128, Limit: 256}}, Copies: 1, Surge: 1},
	}
	tests := []struct {
		name      string
		host      Host
		wantTotal int
		wantFits  bool
	}{
		{name: "fits a t3.medium", host: DefaultHost, wantTotal: 992 + 320 + 128 + 128, wantFits: true},
		{name: "too small a host", host: Host{RegisteredMiB: 1800, ReservedMiB: 256}, wantTotal: 1568, wantFits: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Evaluate(stack, tt.host, "monitoring", MonitoringGoalMiB)
			if err != nil {
				t.Fatal(err)
			}
			if r.TotalMiB != tt.wantTotal || r.Fits != tt.wantFits || r.SurgeTask != "app: api" {
				t.Fatalf("Evaluate() total %d fits %v surge %q, want %d %v %q", r.TotalMiB, r.Fits, r.SurgeTask, tt.wantTotal, tt.wantFits, "app: api")
			}
		})
	}
}

// TestMonitoringGoal: the monitoring layer alone must place in MonitoringGoalMiB, whatever else
// fits on the host (issue 11: at least 2 GiB of a t3.medium stay for apps).
func TestMonitoringGoal(t *testing.T) {
	tests := []struct {
		name        string
		reservation int
		wantWithin  bool
	}{
		{name: "at the goal", reservation: MonitoringGoalMiB, wantWithin: true},
		{name: "one MiB over", reservation: MonitoringGoalMiB + 1, wantWithin: false},
		{name: "the Service Connect design (ADR 0002)", reservation: 3008, wantWithin: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tasks := []Task{
				{Source: MonitoringSource, Family: "monitoring", Containers: []Container{{Name: "all", Reservation: tt.reservation - 96, Limit: 4000}}, Copies: 1},
				{Source: MonitoringSource, Family: "collector", Containers: []Container{{Name: "otel-collector", Reservation: 96, Limit: 192}}, Copies: 1},
				{Source: "app", Family: "api", Containers: []Container{{Reservation: 900, Limit: 1000}}, Copies: 1},
			}
			r, err := Evaluate(tasks, DefaultHost, MonitoringSource, MonitoringGoalMiB)
			if err != nil {
				t.Fatal(err)
			}
			if r.MonitoringMiB != tt.reservation || r.MonitoringWithinGoal != tt.wantWithin || r.LeftForAppsMiB != DefaultHost.AvailableMiB()-tt.reservation {
				t.Fatalf("monitoring %d MiB within %v left %d, want %d %v %d", r.MonitoringMiB, r.MonitoringWithinGoal, r.LeftForAppsMiB, tt.reservation, tt.wantWithin, DefaultHost.AvailableMiB()-tt.reservation)
			}
		})
	}
	if left := DefaultHost.AvailableMiB() - MonitoringGoalMiB; left < 2048 {
		t.Fatalf("a monitoring layer at its goal leaves %d MiB of a t3.medium for apps, want at least 2 GiB", left)
	}
}

// TestRunFailsWhenOverBudget feeds a synthetic over-budget plan to the command.
func TestRunFailsWhenOverBudget(t *testing.T) {
	dir := t.TempDir()
	over := planJSON(t,
		taskDef("module.prometheus", "this", "platform-prometheus", "3000", container("prometheus", 2048, 2900)),
		service("module.prometheus", "this", map[string]any{"desired_count": 1, "deployment_maximum_percent": 100}),
		taskDef("module.app", "this", "platform-api", "", container("api", 400, 512)),
		service("module.app", "this", map[string]any{"desired_count": 1, "deployment_maximum_percent": 200}),
	)
	fits := planJSON(t,
		taskDef("module.app", "this", "platform-api", "", container("api", 128, 256)),
		service("module.app", "this", map[string]any{"desired_count": 1, "deployment_maximum_percent": 200}),
	)
	// Fits on the host, but the monitoring layer alone is over its goal.
	heavy := planJSON(t,
		taskDef("", "monitoring", "platform-monitoring", "", container("prometheus", 1200, 1500), container("loki", 300, 512)),
		service("", "monitoring", map[string]any{"desired_count": 1, "deployment_maximum_percent": 100}),
	)
	for name, data := range map[string][]byte{"over.json": over, "fits.json": fits, "heavy.json": heavy} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name         string
		args         []string
		wantFail     bool
		wantGoalFail bool
	}{
		{name: "over budget", args: []string{"-plan-json", filepath.Join(dir, "over.json")}, wantFail: true},
		{name: "fits", args: []string{"-plan-json", filepath.Join(dir, "fits.json")}},
		{name: "fits as JSON", args: []string{"-json", "-plan-json", filepath.Join(dir, "fits.json")}},
		{name: "monitoring over its goal", args: []string{"-plan-json", filepath.Join(dir, "heavy.json"), "-monitoring-source", filepath.Join(dir, "heavy.json")}, wantGoalFail: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			err := Run(context.Background(), tt.args, &stdout, &stderr, nil)
			if tt.wantFail != errors.Is(err, ErrDoesNotFit) {
				t.Fatalf("Run() error = %v, want does-not-fit = %v\n%s", err, tt.wantFail, stdout.String())
			}
			if tt.wantFail && !strings.Contains(stdout.String(), "DOES NOT FIT") {
				t.Fatalf("the report must say it does not fit:\n%s", stdout.String())
			}
			if tt.wantGoalFail != errors.Is(err, ErrOverMonitoringGoal) {
				t.Fatalf("Run() error = %v, want over-goal = %v\n%s", err, tt.wantGoalFail, stdout.String())
			}
		})
	}
}

// TestRunPlansEachFolder checks the terraform command lines with a fake runner.
func TestRunPlansEachFolder(t *testing.T) {
	repo := t.TempDir()
	if err := os.MkdirAll(filepath.Join(repo, "terraform", "monitoring"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "terraform", "monitoring", "main.tf"), []byte("# x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fixture := planJSON(t,
		taskDef("module.loki", "this", "platform-loki", "608", container("loki", 256, 512)),
		service("module.loki", "this", map[string]any{"desired_count": 1, "deployment_maximum_percent": 100}),
	)
	var calls []string
	fake := func(_ context.Context, dir, name string, args ...string) ([]byte, error) {
		if _, err := os.Stat(filepath.Join(dir, "backend_override.tf")); err != nil {
			return nil, fmt.Errorf("no backend override in %s", dir)
		}
		calls = append(calls, name+" "+args[0])
		if args[0] == "plan" && !strings.HasSuffix(args[4], filepath.Join(repo, "platform.example.tfvars")) {
			return nil, fmt.Errorf("plan without the shared var file: %v", args)
		}
		if args[0] == "show" {
			return fixture, nil
		}
		return nil, nil
	}
	var stdout, stderr strings.Builder
	err := Run(context.Background(), []string{"-repo", repo, "-folders", "terraform/monitoring", "-terraform", "tofu"}, &stdout, &stderr, fake)
	if err != nil {
		t.Fatalf("Run() = %v", err)
	}
	if want := []string{"tofu init", "tofu plan", "tofu show"}; !reflect.DeepEqual(calls, want) {
		t.Fatalf("commands = %v, want %v", calls, want)
	}
	if !strings.Contains(stdout.String(), "platform-loki") || !strings.Contains(stdout.String(), "fits") {
		t.Fatalf("report lacks the task or the verdict:\n%s", stdout.String())
	}
}

// TestRepositoryStackFits plans terraform/monitoring and terraform/examples/tenant-app with the
// real terraform binary against the offline provider, and fails when the stack plus one
// rolling deploy of the app does not fit on a t3.medium.
func TestRepositoryStackFits(t *testing.T) {
	if testing.Short() {
		t.Skip("plans two Terraform roots: skipped with -short")
	}
	if !tfcheck.OfflineProvider() {
		t.Skip("skipped: TF_CLI_CONFIG_FILE does not point at the offline AWS provider mirror, and planning against the real provider needs an AWS account (CI sets it up)")
	}
	tf, err := tfrun.ChooseBinary(os.Getenv, exec.LookPath, func(bin string) (string, error) {
		return tfrun.Version(context.Background(), bin)
	})
	if err != nil {
		t.Fatalf("find a terraform or tofu binary: %v", err)
	}
	repo := filepath.Join("..", "..")
	folders := []string{"terraform/monitoring"}
	if app, _ := filepath.Glob(filepath.Join(repo, "terraform", "examples", "tenant-app", "*.tf")); len(app) > 0 {
		folders = append(folders, "terraform/examples/tenant-app")
	} else {
		t.Log("terraform/examples/tenant-app has no configuration yet: budgeting the monitoring stack alone")
	}
	var stdout, stderr strings.Builder
	err = Run(context.Background(), []string{"-repo", repo, "-terraform", tf, "-folders", strings.Join(folders, ",")}, &stdout, &stderr, ExecRunner)
	t.Log("\n" + stdout.String())
	if err != nil {
		t.Fatalf("membudget: %v\n%s", err, stderr.String())
	}
}

// TestUnknownContainersFallBackToModuleInputs covers an app whose image (and so its container
// definitions) is known only after apply: the budget uses the module call's memory inputs.
func TestUnknownContainersFallBackToModuleInputs(t *testing.T) {
	unknownTask := map[string]any{
		"address": "module.api.aws_ecs_task_definition.this", "module_address": "module.api", "type": "aws_ecs_task_definition", "name": "this",
		"change": map[string]any{"actions": []string{"create"}, "after": map[string]any{"family": "platform-api"}, "after_unknown": map[string]any{"container_definitions": true}},
	}
	config := func(expressions map[string]any) map[string]any {
		return map[string]any{"root_module": map[string]any{"module_calls": map[string]any{"api": map[string]any{
			"source":      "../../modules/ecs-service",
			"expressions": expressions,
			"module": map[string]any{"variables": map[string]any{
				"memory":             map[string]any{"default": 256},
				"memory_reservation": map[string]any{"default": 128},
			}},
		}}}}
	}
	tests := []struct {
		name        string
		expressions map[string]any
		wantRes     int
		wantErr     string
	}{
		{name: "constant arguments", expressions: map[string]any{"memory": map[string]any{"constant_value": 512}, "memory_reservation": map[string]any{"constant_value": 200}}, wantRes: 200},
		{name: "module defaults", expressions: map[string]any{}, wantRes: 128},
		{name: "computed argument", expressions: map[string]any{"memory_reservation": map[string]any{"references": []string{"var.x"}}}, wantErr: "not a constant"},
		{name: "sidecars", expressions: map[string]any{"sidecars": map[string]any{"references": []string{"local.s"}}}, wantErr: "cannot be estimated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := map[string]any{"format_version": "1.2", "resource_changes": []any{unknownTask}, "configuration": config(tt.expressions)}
			data, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := DecodePlan(data)
			if err != nil {
				t.Fatal(err)
			}
			tasks, err := TasksFromPlan(plan, "fixture")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("TasksFromPlan() error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res, _ := tasks[0].Reservation(); res != tt.wantRes {
				t.Fatalf("reservation = %d, want %d", res, tt.wantRes)
			}
		})
	}
}

// TestUnknownRootContainersFromOutput covers a root-module task definition (terraform/monitoring)
// whose container definitions are known only after apply: the budget reads the
// container_memory output instead.
func TestUnknownRootContainersFromOutput(t *testing.T) {
	unknownTask := map[string]any{
		"address": "aws_ecs_task_definition.monitoring", "module_address": "", "type": "aws_ecs_task_definition", "name": "monitoring",
		"change": map[string]any{"actions": []string{"create"}, "after": map[string]any{"family": "platform-monitoring"}, "after_unknown": map[string]any{"container_definitions": true}},
	}
	output := func(after any) map[string]any {
		return map[string]any{ContainerMemoryOutput: map[string]any{"actions": []string{"create"}, "after": after}}
	}
	tests := []struct {
		name    string
		outputs map[string]any
		wantRes int
		wantErr string
	}{
		{name: "from the output", outputs: output(map[string]any{"aws_ecs_task_definition.monitoring": []any{
			map[string]any{"name": "prometheus", "reservation": 384, "limit": 768},
			map[string]any{"name": "loki", "reservation": 256, "limit": 512},
		}}), wantRes: 640},
		{name: "no output", outputs: map[string]any{}, wantErr: `no "container_memory" output`},
		{name: "no entry for the task", outputs: output(map[string]any{"aws_ecs_task_definition.other": []any{}}), wantErr: "no entry for aws_ecs_task_definition.monitoring"},
		{name: "output unknown", outputs: map[string]any{ContainerMemoryOutput: map[string]any{"actions": []string{"create"}, "after": nil, "after_unknown": true}}, wantErr: "not known at plan time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := json.Marshal(map[string]any{"format_version": "1.2", "resource_changes": []any{unknownTask}, "output_changes": tt.outputs})
			if err != nil {
				t.Fatal(err)
			}
			plan, err := DecodePlan(data)
			if err != nil {
				t.Fatal(err)
			}
			tasks, err := TasksFromPlan(plan, "fixture")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("TasksFromPlan() error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res, _ := tasks[0].Reservation(); res != tt.wantRes {
				t.Fatalf("reservation = %d, want %d", res, tt.wantRes)
			}
		})
	}
}
