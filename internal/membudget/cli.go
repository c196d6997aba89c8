package membudget

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// DefaultFolders are the roots whose tasks share the host: the monitoring layer and the
// runnable tenant app (what an app repo deploys).
var DefaultFolders = []string{"terraform/monitoring", "terraform/examples/tenant-app"}

// Options are the parsed command-line flags.
type Options struct {
	RepoRoot  string
	VarFile   string
	Folders   []string
	PlanJSON  []string // plan JSON files to read instead of running terraform
	Terraform string
	Host      Host
	JSON      bool
	// MonitoringSource names the folder (or plan file) whose tasks are the monitoring layer;
	// MonitoringGoalMiB is the most they may reserve.
	MonitoringSource  string
	MonitoringGoalMiB int
}

// ParseArgs parses the membudget command line.
func ParseArgs(args []string, stderr io.Writer) (Options, error) {
	o := Options{Host: DefaultHost}
	fs := flag.NewFlagSet("membudget", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: membudget [flags]\n\nPlans the monitoring layer and the example tenant app offline, reads each ECS task\ndefinition's memory from the plan and checks that all of them, plus one rolling deploy, fit\non one t3.medium. Exit status 1 when they do not fit or the plan fails.\n\nFlags:")
		fs.PrintDefaults()
	}
	fs.StringVar(&o.RepoRoot, "repo", ".", "repository root")
	fs.StringVar(&o.VarFile, "var-file", "platform.example.tfvars", "shared configuration, relative to -repo")
	folders := fs.String("folders", strings.Join(DefaultFolders, ","), "comma-separated Terraform roots to plan, relative to -repo")
	planJSON := fs.String("plan-json", "", "comma-separated files of `terraform show -json <plan>` output to read instead of planning")
	fs.StringVar(&o.Terraform, "terraform", "terraform", "terraform (or tofu) binary")
	fs.IntVar(&o.Host.RegisteredMiB, "registered-mib", DefaultHost.RegisteredMiB, "memory the ECS agent registers on the host, MiB (t3.medium estimate; see docs/monitoring.md)")
	fs.IntVar(&o.Host.ReservedMiB, "reserved-mib", DefaultHost.ReservedMiB, "ECS_RESERVED_MEMORY on the host, MiB (terraform/base-infra/ecs.tf)")
	fs.BoolVar(&o.JSON, "json", false, "print the report as JSON")
	fs.StringVar(&o.MonitoringSource, "monitoring-source", MonitoringSource, "folder (or -plan-json file) whose tasks are the monitoring layer")
	fs.IntVar(&o.MonitoringGoalMiB, "monitoring-goal-mib", MonitoringGoalMiB, "most the monitoring layer may reserve on the host, MiB (docs/decisions/0004-monitoring-single-task.md)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q: run membudget -h", fs.Arg(0))
	}
	o.Folders = splitList(*folders)
	o.PlanJSON = splitList(*planJSON)
	if o.Host.RegisteredMiB <= 0 || o.Host.ReservedMiB < 0 || o.Host.ReservedMiB >= o.Host.RegisteredMiB {
		return o, errors.New("invalid host memory: -registered-mib must be positive and above -reserved-mib")
	}
	return o, nil
}

// Run executes membudget: parse, plan (or read plans), evaluate, render.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, run Runner) error {
	o, err := ParseArgs(args, stderr)
	if err != nil {
		return err
	}
	var tasks []Task
	if len(o.PlanJSON) > 0 {
		for _, f := range o.PlanJSON {
			data, err := os.ReadFile(f)
			if err != nil {
				return fmt.Errorf("read plan JSON: %w", err)
			}
			plan, err := DecodePlan(data)
			if err != nil {
				return fmt.Errorf("read %s: %w", f, err)
			}
			ts, err := TasksFromPlan(plan, f)
			if err != nil {
				return err
			}
			tasks = append(tasks, ts...)
		}
	} else {
		for _, folder := range o.Folders {
			fmt.Fprintf(stderr, "planning %s offline...\n", folder)
			var plan *tfjson.Plan
			plan, err = PlanFolder(ctx, run, o.Terraform, o.RepoRoot, folder, o.VarFile)
			if err != nil {
				return fmt.Errorf("%w: check that %s plans with `terraform plan -var-file=%s` (TF_CLI_CONFIG_FILE must point at the offline provider mirror)", err, folder, o.VarFile)
			}
			ts, err := TasksFromPlan(plan, folder)
			if err != nil {
				return err
			}
			tasks = append(tasks, ts...)
		}
	}
	if len(tasks) == 0 {
		return errors.New("no ECS task definitions found in the plans: check -folders or -plan-json")
	}
	report, err := Evaluate(tasks, o.Host, o.MonitoringSource, o.MonitoringGoalMiB)
	if err != nil {
		return err
	}
	if o.JSON {
		err = WriteJSON(stdout, report)
	} else {
		err = WriteTable(stdout, report)
	}
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if !report.Fits {
		return fmt.Errorf("%w: %d MiB needed, %d MiB available: lower memory reservations (terraform/monitoring/main.tf local.memory) or use a larger instance type", ErrDoesNotFit, report.TotalMiB, report.AvailableMiB)
	}
	if !report.MonitoringWithinGoal {
		return fmt.Errorf("%w: %s reserves %d MiB, the goal is %d MiB: lower its containers' memoryReservation (terraform/monitoring/main.tf local.memory) or revisit docs/decisions/0004-monitoring-single-task.md", ErrOverMonitoringGoal, o.MonitoringSource, report.MonitoringMiB, report.MonitoringGoalMiB)
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
