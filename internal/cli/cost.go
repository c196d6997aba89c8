package cli

import (
	"context"
	"fmt"

	"github.com/hari328/platform/internal/cost"
)

// runCost: platformctl cost [--compare] [--json] [--nat-mode M] [--instance-type T] [--hosts N]
//
// Prices the configured profile line by line from rates embedded in the binary: no AWS call,
// no credentials. The flags answer "what if" without editing the config.
func runCost(_ context.Context, env *Env, args []string) error {
	fs := env.Flags("cost")
	compare := fs.Bool("compare", false, "also price every other nat_mode and host instance type")
	natMode := fs.String("nat-mode", "", "price this nat_mode instead of the config's (gateway, instance, none)")
	instanceType := fs.String("instance-type", "", "price this host instance type instead of the config's")
	hosts := fs.Int("hosts", 0, "price this many hosts instead of the config's asg_desired_capacity")
	rest, err := env.parse(fs, args, "platformctl cost [--compare] [--json] [--nat-mode M] [--instance-type T] [--hosts N]")
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("cost takes no arguments (got %q): run 'platformctl cost --help'", rest[0])
	}
	cfg, err := env.Config()
	if err != nil {
		return err
	}
	p := cost.Profile{NatMode: cfg.NATMode, InstanceType: cfg.InstanceType, DesiredCapacity: cfg.ASGDesiredCapacity}
	if *natMode != "" {
		p.NatMode = *natMode
	}
	if *instanceType != "" {
		p.InstanceType = *instanceType
	}
	if *hosts != 0 {
		p.DesiredCapacity = *hosts
	}
	if err := p.Validate(); err != nil {
		return &UsageError{Msg: err.Error()}
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
		return cost.WriteJSON(env.Stdout, rep)
	}
	return cost.WriteTable(env.Stdout, rep)
}
