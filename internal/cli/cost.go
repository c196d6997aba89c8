package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hari328/platform/internal/config"
	"github.com/hari328/platform/internal/cost"
	"github.com/hari328/platform/internal/jsonout"
)

func newCostCmd(env *Env) *cobra.Command {
	var o costOptions
	cmd := newLeaf(env, "cost", `Prices the configured profile line by line from rates embedded in the binary (us-east-1,
dated): no AWS call, no credentials. The flags answer "what if" without editing the config;
--compare also prices every other nat_mode and host instance type. Spot hosts are an estimate
from a dated table of typical discounts (docs/cost.md).`, `  platformctl cost
  platformctl cost --nat-mode none --hosts 2
  platformctl cost --compare --json`, awsNotNeeded, func(ctx context.Context, env *Env, args []string) error {
		return runCost(ctx, env, args, o)
	})
	f := cmd.Flags()
	f.BoolVar(&o.compare, "compare", false, "also price every other nat_mode and host instance type")
	f.StringVar(&o.natMode, "nat-mode", "", "price this nat_mode instead of the config's (gateway, instance, none)")
	f.StringVar(&o.instanceType, "instance-type", "", "price this host instance type instead of the config's")
	f.IntVar(&o.hosts, "hosts", 0, fmt.Sprintf("price this many hosts, 0 to %d, instead of the config's asg_desired_capacity", config.MaxASGSize))
	f.StringVar(&o.hostCapacity, "host-capacity", "", "price the hosts as on_demand or spot (an estimate from a dated table of typical Spot discounts) instead of the config's host_capacity")
	o.set = func(name string) bool { return f.Changed(name) }
	_ = cmd.RegisterFlagCompletionFunc("nat-mode", cobra.FixedCompletions(cost.NatModes, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("host-capacity", cobra.FixedCompletions(cost.HostCapacities, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("instance-type", cobra.FixedCompletions(cost.KnownInstanceTypes(), cobra.ShellCompDirectiveNoFileComp))
	jsonFlag(env, cmd, false)
	return cmd
}

// costOptions are cost's flags; set says whether one was given ("not set"
// differs from 0: --hosts 0 prices no host).
type costOptions struct {
	compare                             bool
	natMode, instanceType, hostCapacity string
	hosts                               int
	set                                 func(name string) bool
}

// runCost: platformctl cost [--compare] [--json] [--nat-mode M] [--instance-type T] [--hosts N] [--host-capacity C]
//
// Prices the configured profile line by line from rates embedded in the binary: no AWS call,
// no credentials. The flags answer "what if" without editing the config.
func runCost(_ context.Context, env *Env, rest []string, o costOptions) error {
	if len(rest) > 0 {
		return usagef("cost takes no arguments (got %q): run 'platformctl cost --help'", rest[0])
	}
	// Flags are checked as flags, before the file is read: a bad value is
	// blamed on the flag, and "not set" differs from 0 (--hosts 0 prices no
	// host).
	set := o.set
	if set("nat-mode") && !slices.Contains(cost.NatModes, o.natMode) {
		return usagef("--nat-mode %q is not one of %s: pass e.g. --nat-mode none", o.natMode, strings.Join(cost.NatModes, ", "))
	}
	if set("instance-type") && !slices.Contains(cost.KnownInstanceTypes(), o.instanceType) {
		return usagef("--instance-type %q has no embedded rate: pass one of %s", o.instanceType, strings.Join(cost.KnownInstanceTypes(), ", "))
	}
	if set("hosts") && (o.hosts < 0 || o.hosts > config.MaxASGSize) {
		return usagef("--hosts %d is out of range: pass 0 to %d (the most asg_max_size allows)", o.hosts, config.MaxASGSize)
	}
	if set("host-capacity") && !slices.Contains(cost.HostCapacities, o.hostCapacity) {
		return usagef("--host-capacity %q is not one of %s: pass e.g. --host-capacity spot", o.hostCapacity, strings.Join(cost.HostCapacities, ", "))
	}
	cfg, err := env.Config()
	if err != nil {
		return err
	}
	p := cost.Profile{NatMode: cfg.NATMode, InstanceType: cfg.InstanceType, DesiredCapacity: cfg.ASGDesiredCapacity, HostCapacity: cfg.HostCapacity}
	if set("nat-mode") {
		p.NatMode = o.natMode
	}
	if set("instance-type") {
		p.InstanceType = o.instanceType
	}
	if set("hosts") {
		p.DesiredCapacity = o.hosts
	}
	if set("host-capacity") {
		p.HostCapacity = o.hostCapacity
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
	if o.compare {
		if rep.Compare, err = cost.Compare(p, cost.DefaultUsage); err != nil {
			return err
		}
	}
	if env.JSON {
		return jsonout.Write(env.Stdout, rep)
	}
	return cost.WriteTable(env.Stdout, rep)
}
