package membudget

import (
	"fmt"
	"regexp"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// moduleStep matches one "module.<name>" step of a module address, with an optional index.
var moduleStep = regexp.MustCompile(`^module\.([^.\[]+)(\[[^\]]*\])?\.?`)

// estimateFromModuleInputs fills in the containers of a task definition whose
// container_definitions are unknown at plan time (e.g. an image built from an ECR repository
// URL that exists only after apply). It works for task definitions made by
// terraform/modules/ecs-service: the main container's memory and memory_reservation are the
// module call's constant arguments, else the module's defaults. A call that passes config files
// or sidecars (more containers) cannot be estimated this way and is an error.
func estimateFromModuleInputs(cfg *tfjson.Config, moduleAddress string) ([]Container, error) {
	if cfg == nil || cfg.RootModule == nil || moduleAddress == "" {
		return nil, fmt.Errorf("no configuration in the plan for %q", moduleAddress)
	}
	mod := cfg.RootModule
	var call *tfjson.ModuleCall
	for rest := moduleAddress; rest != ""; {
		m := moduleStep.FindStringSubmatch(rest)
		if m == nil {
			return nil, fmt.Errorf("cannot parse module address %q", moduleAddress)
		}
		call = mod.ModuleCalls[m[1]]
		if call == nil || call.Module == nil {
			return nil, fmt.Errorf("module call %q not in the plan's configuration", m[1])
		}
		mod = call.Module
		rest = strings.TrimPrefix(rest, m[0])
	}
	for _, more := range []string{"config_files", "sidecars"} {
		if e, ok := call.Expressions[more]; ok && !isEmptyConstant(e) {
			return nil, fmt.Errorf("%s passes %s: its containers cannot be estimated from the module inputs", moduleAddress, more)
		}
	}
	value := func(name string) (int, error) {
		if e, ok := call.Expressions[name]; ok {
			if n, ok := number(e.ConstantValue); ok {
				return n, nil
			}
			return 0, fmt.Errorf("%s: %s is not a constant: set it to a number in the module call", moduleAddress, name)
		}
		if v, ok := mod.Variables[name]; ok {
			if n, ok := number(v.Default); ok {
				return n, nil
			}
		}
		return 0, fmt.Errorf("%s: no value or default for %s", moduleAddress, name)
	}
	limit, err := value("memory")
	if err != nil {
		return nil, err
	}
	reservation, err := value("memory_reservation")
	if err != nil {
		return nil, err
	}
	name := "main (from module inputs)"
	if e, ok := call.Expressions["name"]; ok {
		if s, ok := e.ConstantValue.(string); ok {
			name = s + " (from module inputs)"
		}
	}
	return []Container{{Name: name, Reservation: reservation, Limit: limit}}, nil
}

func isEmptyConstant(e *tfjson.Expression) bool {
	if e == nil || e.ExpressionData == nil {
		return true
	}
	switch v := e.ConstantValue.(type) {
	case nil:
		return len(e.References) == 0
	case map[string]any:
		return len(v) == 0
	case []any:
		return len(v) == 0
	}
	return false
}

func number(v any) (int, bool) {
	switch n := v.(type) {
	case float64:
		return int(n), true
	case int:
		return n, true
	}
	if s := fmt.Sprint(v); v != nil {
		var i int
		if _, err := fmt.Sscanf(s, "%d", &i); err == nil && fmt.Sprint(i) == s {
			return i, true
		}
	}
	return 0, false
}

// ContainerMemoryOutput is the root-module output a Terraform folder may declare so that
// membudget can read the memory of a task definition whose container_definitions are known
// only after apply (terraform/monitoring declares it): task definition address -> list of
// {name, reservation, limit} in MiB, all known at plan time.
const ContainerMemoryOutput = "container_memory"

// containersFromOutput reads the containers of the task definition at address from the plan's
// ContainerMemoryOutput output.
func containersFromOutput(plan *tfjson.Plan, address string) ([]Container, error) {
	oc, ok := plan.OutputChanges[ContainerMemoryOutput]
	if !ok || oc == nil {
		return nil, fmt.Errorf("the root module has no %q output to read them from", ContainerMemoryOutput)
	}
	all, ok := oc.After.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("output %q is not known at plan time", ContainerMemoryOutput)
	}
	list, ok := all[address].([]any)
	if !ok {
		return nil, fmt.Errorf("output %q has no entry for %s", ContainerMemoryOutput, address)
	}
	var cs []Container
	for _, item := range list {
		m, _ := item.(map[string]any)
		c := Container{Name: fmt.Sprint(m["name"]), Reservation: toInt(m["reservation"]), Limit: toInt(m["limit"])}
		if c.Reservation == 0 && c.Limit == 0 {
			return nil, fmt.Errorf("output %q: container %s of %s has no known memory", ContainerMemoryOutput, c.Name, address)
		}
		cs = append(cs, c)
	}
	return cs, nil
}
