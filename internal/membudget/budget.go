// Package membudget adds up the memory the platform's ECS tasks reserve on one host, from the
// task definitions themselves (the container_definitions of a Terraform plan), and compares
// the sum with what a t3.medium registers with ECS.
package membudget

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"

	tfjson "github.com/hashicorp/terraform-json"
)

// Host describes the memory ECS can place tasks into on one container instance.
type Host struct {
	// RegisteredMiB is the memory the ECS agent registers: the instance's MemTotal, which is
	// below the nominal size (AWS, "Reserving Amazon ECS Linux container instance memory",
	// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html:
	// an m4.large's 8 GiB registers as 7985 MiB).
	RegisteredMiB int
	// ReservedMiB is ECS_RESERVED_MEMORY from the instance user data
	// (terraform/base-infra/ecs.tf): memory ECS keeps for the OS and the agent.
	ReservedMiB int
}

// AvailableMiB is what tasks may reserve.
func (h Host) AvailableMiB() int { return h.RegisteredMiB - h.ReservedMiB }

// DefaultHost is a t3.medium (4 GiB nominal). AWS publishes no registered-memory figure per
// instance type; the documented m4.large example registers 97.5 % of its nominal memory.
// 95 % of 4096 MiB (3891 MiB) is the conservative estimate used here; after the first apply,
// read the real value with
//
//	aws ecs describe-container-instances --cluster <cluster> --container-instances <id> \
//	  --query 'containerInstances[0].registeredResources[?name==`MEMORY`].integerValue'
//
// and pass it with -registered-mib.
var DefaultHost = Host{RegisteredMiB: 3891, ReservedMiB: 256}

// Container is one container definition's memory settings, MiB (0 = not set).
type Container struct {
	Name        string `json:"name"`
	Reservation int    `json:"reservation_mib"`
	Limit       int    `json:"limit_mib"`
}

// Task is one task definition and the service that runs it.
type Task struct {
	Source  string `json:"source"`  // the Terraform folder it was planned from
	Address string `json:"address"` // the task definition's resource address
	Family  string `json:"family"`
	// TaskMemory is the task-level memory, MiB (0 = not set; Service Connect needs it).
	TaskMemory int `json:"task_memory_mib"`
	// Containers is nil when the container definitions are unknown until apply.
	Containers []Container `json:"containers"`
	// Copies is how many of these tasks run on the host in steady state (desired_count, 1 for
	// a DAEMON service); Surge is how many more a rolling deployment starts before stopping
	// old ones (desired_count * (maximum_percent - 100) / 100, rounded up).
	Copies int `json:"copies"`
	Surge  int `json:"surge"`

	key string // module address + resource name, to find the task's service
}

// Reservation is what the ECS scheduler places the task by: the task-level memory when set,
// else the sum of each container's memoryReservation (or memory when no reservation is set).
func (t Task) Reservation() (int, error) {
	if t.TaskMemory > 0 {
		return t.TaskMemory, nil
	}
	if t.Containers == nil {
		return 0, fmt.Errorf("task %s: neither task-level memory nor the container definitions are known at plan time: set a task-level memory or make the container definitions known", t.Address)
	}
	sum := 0
	for _, c := range t.Containers {
		switch {
		case c.Reservation > 0:
			sum += c.Reservation
		case c.Limit > 0:
			sum += c.Limit
		default:
			return 0, fmt.Errorf("task %s: container %s sets neither memory nor memoryReservation: ECS refuses it; set both", t.Address, c.Name)
		}
	}
	return sum, nil
}

// Limit is the most memory the task can use: the task-level memory when set, else the sum of
// the containers' hard limits (a container without one is bounded only by the host).
func (t Task) Limit() int {
	if t.TaskMemory > 0 {
		return t.TaskMemory
	}
	sum := 0
	for _, c := range t.Containers {
		if c.Limit > 0 {
			sum += c.Limit
		} else {
			sum += c.Reservation
		}
	}
	return sum
}

// MonitoringGoalMiB is the most the monitoring layer (terraform/monitoring) may reserve on a
// t3.medium: 40 % of it, so that at least 2 GiB stay for apps and their rolling deploys
// (docs/decisions/0004-monitoring-single-task.md).
const MonitoringGoalMiB = 1450

// MonitoringSource is the folder whose tasks are the monitoring layer.
const MonitoringSource = "terraform/monitoring"

// Report is the budget for one host.
type Report struct {
	// MonitoringMiB is the steady reservation of the monitoring layer's tasks (Source ==
	// MonitoringSource) and LeftForAppsMiB what remains of the host for everything else.
	MonitoringMiB        int  `json:"monitoring_reservation_mib"`
	MonitoringGoalMiB    int  `json:"monitoring_goal_mib"`
	MonitoringWithinGoal bool `json:"monitoring_within_goal"`
	LeftForAppsMiB       int  `json:"left_for_apps_mib"`

	Host          Host   `json:"host"`
	Tasks         []Task `json:"tasks"`
	SteadyMiB     int    `json:"steady_reservation_mib"`
	SurgeMiB      int    `json:"largest_deploy_surge_mib"`
	SurgeTask     string `json:"largest_deploy_surge_task"`
	TotalMiB      int    `json:"total_mib"`
	AvailableMiB  int    `json:"available_mib"`
	Fits          bool   `json:"fits"`
	TotalLimitMiB int    `json:"steady_limit_mib"`
}

// ErrDoesNotFit is returned (wrapped) by Evaluate's caller when the tasks do not fit.
var ErrDoesNotFit = errors.New("the tasks do not fit on one host")

// ErrOverMonitoringGoal is returned (wrapped) when the monitoring layer reserves more than its
// goal.
var ErrOverMonitoringGoal = errors.New("the monitoring layer reserves more than its goal")

// Evaluate sums the steady-state reservations of every task and adds the largest surge of a
// single rolling deployment (deployments are applied one service at a time), then compares the
// total with the host's available memory.
//
// The monitoring layer's own steady reservation (tasks whose Source is monitoringSource) is
// compared with goalMiB.
func Evaluate(tasks []Task, host Host, monitoringSource string, goalMiB int) (Report, error) {
	r := Report{Host: host, Tasks: tasks, AvailableMiB: host.AvailableMiB(), MonitoringGoalMiB: goalMiB}
	for _, t := range tasks {
		res, err := t.Reservation()
		if err != nil {
			return r, err
		}
		r.SteadyMiB += res * t.Copies
		if t.Source == monitoringSource {
			r.MonitoringMiB += res * t.Copies
		}
		r.TotalLimitMiB += t.Limit() * t.Copies
		if surge := res * t.Surge; surge > r.SurgeMiB {
			r.SurgeMiB, r.SurgeTask = surge, t.Source+": "+t.Family
		}
	}
	r.TotalMiB = r.SteadyMiB + r.SurgeMiB
	r.Fits = r.TotalMiB <= r.AvailableMiB
	r.MonitoringWithinGoal = r.MonitoringMiB <= goalMiB
	r.LeftForAppsMiB = r.AvailableMiB - r.MonitoringMiB
	return r, nil
}

// TasksFromPlan reads the ECS task definitions and services a plan would create or keep.
// A service is matched to the task definition of the same module and resource name
// (module.x.aws_ecs_service.this <-> module.x.aws_ecs_task_definition.this).
func TasksFromPlan(plan *tfjson.Plan, source string) ([]Task, error) {
	type svc struct {
		daemon       bool
		desired, max int
	}
	services := map[string]svc{}
	var tasks []Task
	for _, rc := range plan.ResourceChanges {
		if rc.Change == nil || rc.Change.Actions.Delete() && !rc.Change.Actions.Replace() {
			continue
		}
		after, _ := rc.Change.After.(map[string]any)
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		key := rc.ModuleAddress + "/" + rc.Name
		switch rc.Type {
		case "aws_ecs_service":
			s := svc{daemon: after["scheduling_strategy"] == "DAEMON", desired: toInt(after["desired_count"]), max: toInt(after["deployment_maximum_percent"])}
			services[key] = s
		case "aws_ecs_task_definition":
			t := Task{Source: source, Address: rc.Address, Family: fmt.Sprint(after["family"]), key: key}
			if m, ok := after["memory"].(string); ok && m != "" {
				n, err := strconv.Atoi(m)
				if err != nil {
					return nil, fmt.Errorf("read %s: task memory %q is not a number: %w", rc.Address, m, err)
				}
				t.TaskMemory = n
			}
			if cd, ok := after["container_definitions"].(string); ok {
				cs, err := parseContainers(cd)
				if err != nil {
					return nil, fmt.Errorf("read %s: %w", rc.Address, err)
				}
				t.Containers = cs
			} else if unknown["container_definitions"] == true {
				if t.TaskMemory == 0 {
					var cs []Container
					var err error
					if rc.ModuleAddress == "" {
						cs, err = containersFromOutput(plan, rc.Address)
					} else {
						cs, err = estimateFromModuleInputs(plan.Config, rc.ModuleAddress)
					}
					if err != nil {
						return nil, fmt.Errorf("read %s: the container definitions are known only after apply and %w", rc.Address, err)
					}
					t.Containers = cs
				}
			} else {
				return nil, fmt.Errorf("read %s: no container_definitions in the plan", rc.Address)
			}
			tasks = append(tasks, t)
		}
	}
	for i, t := range tasks {
		s, ok := services[t.key]
		if !ok {
			// A task definition without a service (run on demand): count it once.
			tasks[i].Copies = 1
			continue
		}
		if s.daemon {
			tasks[i].Copies = 1 // one per host; a daemon deploys stop-then-start
			continue
		}
		tasks[i].Copies = s.desired
		if s.max > 100 {
			tasks[i].Surge = int(math.Ceil(float64(s.desired) * float64(s.max-100) / 100))
		}
	}
	sort.SliceStable(tasks, func(i, j int) bool { return tasks[i].Address < tasks[j].Address })
	return tasks, nil
}

func parseContainers(defs string) ([]Container, error) {
	var raw []struct {
		Name              string `json:"name"`
		Memory            int    `json:"memory"`
		MemoryReservation int    `json:"memoryReservation"`
	}
	if err := json.Unmarshal([]byte(defs), &raw); err != nil {
		return nil, fmt.Errorf("parse container_definitions: %w", err)
	}
	cs := make([]Container, 0, len(raw))
	for _, c := range raw {
		cs = append(cs, Container{Name: c.Name, Reservation: c.MemoryReservation, Limit: c.Memory})
	}
	return cs, nil
}

func toInt(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case json.Number:
		i, _ := n.Int64()
		return int(i)
	case int:
		return n
	}
	return 0
}
