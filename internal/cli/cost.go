package cli

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/hari328/platform/internal/config"
	"github.com/hari328/platform/internal/cost"
	"github.com/hari328/platform/internal/jsonout"
)

// runCost: platformctl cost [--compare] [--json] [--nat-mode M] [--instance-type T] [--hosts N] [--host-capacity C]
//
// Prices the configured profile line by line from rates embedded in the binary: no AWS call,
// no credentials. The flags answer "what if" without editing the config.
func runCost(_ context.Context, env *Env, args []string) error {
	fs := env.Flags("cost")
	compare := fs.Bool("compare", false, "also price every other nat_mode and host instance type")
	natMode := fs.String("nat-mode", "", "price this nat_mode instead of the config's (gateway, instance, none)")
	instanceType := fs.String("instance-type", "", "price this host instance type instead of the config's")
	hosts := fs.Int("hosts", 0, fmt.Sprintf("price this many hosts, 0 to %d, instead of the config's asg_desired_capacity", config.MaxASGSize))
	hostCapacity := fs.String("host-capacity", "", "price the hosts as on_demand or spot (an estimate from a dated table of typical Spot discounts) instead of the config's host_capacity")
	rest, err := env.parse(fs, args, "platformctl cost [--compare] [--json] [--nat-mode M] [--instance-type T] [--hosts N] [--host-capacity C]")
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("cost takes no arguments (got %q): run 'platformctl cost --help'", rest[0])
	}
	// Flags are checked as flags, before the file is read: a bad value is
	// blamed on the flag, and "not set" differs from 0 (--hosts 0 prices no
	// host).
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["nat-mode"] && !slices.Contains(cost.NatModes, *natMode) {
		return usagef("--nat-mode %q is not one of %s: pass e.g. --nat-mode none", *natMode, strings.Join(cost.NatModes, ", "))
	}
	if set["instance-type"] && !slices.Contains(cost.KnownInstanceTypes(), *instanceType) {
		return usagef("--instance-type %q has no embedded rate: pass one of %s", *instanceType, strings.Join(cost.KnownInstanceTypes(), ", "))
	}
	if set["hosts"] && (*hosts < 0 || *hosts > config.MaxASGSize) {
		return usagef("--hosts %d is out of range: pass 0 to %d (the most asg_max_size allows)", *hosts, config.MaxASGSize)
	}
	if set["host-capacity"] && !slices.Contains(cost.HostCapacities, *hostCapacity) {
		return usagef("--host-capacity %q is not one of %s: pass e.g. --host-capacity spot", *hostCapacity, strings.Join(cost.HostCapacities, ", "))
	}
	cfg, err := env.Config()
	if err != nil {
		return err
	}
	p := cost.Profile{NatMode: cfg.NATMode, InstanceType: cfg.InstanceType, DesiredCapacity: cfg.ASGDesiredCapacity, HostCapacity: cfg.HostCapacity}
	if set["nat-mode"] {
		p.NatMode = *natMode
	}
	if set["instance-type"] {
		p.InstanceType = *instanceType
	}
	if set["hosts"] {
		p.DesiredCapacity = *hosts
	}
	if set["host-capacity"] {
		p.HostCapacity = *hostCapacity
	}
	if err := p.Validate(); err != nil {
		// Only the file's values are left to fail here.
		return &UsageError{Msg: fmt.Sprintf("%v (%s)", err, cfg.Path)}
	}
	if cfg.Region != cost.Region {
		fmt.Fprintf(env.Stderr, "warning: the embedded rates are %s list prices; %s usually costs a little more\n", cost.Region, cfg.Region)
	}
	est, err := cost.Calculate(p, cost.DefaultUsage)
	if err != nil {
		return err
	}
	rep := cost.Report{Estimate: est}
	if *compare {
		if rep.Compare, err = cost.Compare(p, cost.DefaultUsage); err != nil {
			return err
		}
	}
	if env.JSON {
		return jsonout.Write(env.Stdout, rep)
	}
	return cost.WriteTable(env.Stdout, rep)
}
