package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/hari328/platform/internal/dnscheck"
	"github.com/hari328/platform/internal/jsonout"
	"github.com/hari328/platform/internal/layers"
	"github.com/hari328/platform/internal/status"
	"github.com/hari328/platform/internal/tfrun"
)

// dnsReport is what `platformctl dns` prints (table or --json).
type dnsReport struct {
	dnscheck.Result
	CertificateARN    string `json:"certificate_arn"`
	CertificateStatus string `json:"certificate_status"`
}

func newDNSCmd(env *Env) *cobra.Command {
	cmd := newLeaf(env, "dns", `Prints the zone's name servers (base-infra's outputs, read from its stored state: no
'terraform init'), what the parent zone delegates to (asked directly) and the certificate status.
Exit status: 0 delegated and issued, 4 not delegated or the certificate not issued yet, 5 partly
delegated.`, `  platformctl dns
  platformctl dns --json | jq .state`, awsRequired, runDNS)
	jsonFlag(env, cmd, false)
	return cmd
}

// runDNS: platformctl dns [--json]
//
// Prints the zone's name servers (base-infra outputs), what the parent zone
// delegates to (asked directly) and the certificate status (ACM). Exit
// status: 0 delegated and issued, 5 partly delegated, 4 anything else.
//
// The outputs are read from base-infra's stored state (status.ReadState),
// not with 'terraform output': that would need 'terraform init' (providers
// downloaded, the backend configured) just to read two values. The /infra/*
// SSM parameters that `status` reads are not an option here: base-infra
// writes them in phase 2, and `dns` is what a user runs between phase 1 and
// phase 2, while the registrar change propagates. The state is what
// 'terraform output' itself reads, so the two always agree.
func runDNS(ctx context.Context, env *Env, rest []string) error {
	if len(rest) > 0 {
		return usagef("dns takes no arguments (got %q): run 'platformctl dns'", rest[0])
	}
	cfg, err := env.Config()
	if err != nil {
		return err
	}
	ws, err := newWorkspace(env)
	if err != nil {
		return err
	}
	awsCfg, err := env.AWS(ctx)
	if err != nil {
		return err
	}
	outs, err := baseInfraOutputs(ctx, env, ws, awsCfg)
	if err != nil {
		return err
	}
	ns := tfrun.Strings(outs, layers.OutputNameServers)
	if len(ns) == 0 {
		return fmt.Errorf("no Route53 zone yet: base-infra has no name servers: run 'platformctl up'")
	}
	res, err := env.delegationChecker().Check(ctx, cfg.Domain, ns)
	if err != nil {
		return err
	}
	rep := dnsReport{Result: res, CertificateARN: tfrun.String(outs, layers.OutputCertificateARN), CertificateStatus: "NOT_REQUESTED"}
	if rep.CertificateARN != "" {
		cert, err := status.ReadCertificate(ctx, env.awsClients(awsCfg).ACM, rep.CertificateARN)
		if err != nil {
			return fmt.Errorf("%w: check your AWS credentials can call acm:DescribeCertificate in the platform's region", err)
		}
		rep.CertificateStatus = cert.Status
	}
	if env.JSON {
		if err := jsonout.Write(env.Stdout, rep); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "domain\t%s\n", rep.Domain)
		fmt.Fprintf(tw, "zone name servers\t%s\n", strings.Join(rep.Expected, ", "))
		fmt.Fprintf(tw, "parent zone lists\t%s\n", listOrNone(rep.Parent))
		fmt.Fprintf(tw, "delegation\t%s (asked %s)\n", rep.State, rep.Server)
		fmt.Fprintf(tw, "certificate\t%s\n", rep.CertificateStatus)
		tw.Flush()
	}
	switch {
	case rep.State == dnscheck.PartlyDelegated:
		return &ExitError{Code: ExitPartialDNS, Err: fmt.Errorf("%s is partly delegated: set exactly the zone's %d name servers at the registrar (Namecheap), then re-run 'platformctl dns'", rep.Domain, len(rep.Expected))}
	case rep.State == dnscheck.NotDelegated:
		return &ExitError{Code: ExitNotReady, Err: fmt.Errorf("%s is not delegated to its Route53 zone: set the zone's name servers at the registrar (Namecheap), then re-run 'platformctl dns'", rep.Domain)}
	case rep.CertificateStatus != "ISSUED":
		return &ExitError{Code: ExitNotReady, Err: fmt.Errorf("the certificate is %s, not ISSUED: run 'platformctl up' (it waits for validation once the domain is delegated)", rep.CertificateStatus)}
	}
	return nil
}

// baseInfraOutputs reads base-infra's outputs from its stored state: the
// local file with PLATFORM_BACKEND=local, else the object in the state bucket
// named by .platform/backend.hcl, read in the bucket's region.
func baseInfraOutputs(ctx context.Context, env *Env, ws workspace, awsCfg aws.Config) (map[string]tfrun.OutputValue, error) {
	l, _ := layers.Get(layers.BaseInfra)
	var backend tfrun.Backend
	path := ws.statePath(l)
	if path == "" {
		b, ok, err := ws.readBackend()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("no backend settings in %s: run 'platformctl bootstrap' (or 'platformctl up'), which writes them", ws.backendFile())
		}
		backend = b
		if b.Region != "" {
			awsCfg = awsCfg.Copy()
			awsCfg.Region = b.Region
		}
	}
	st, err := status.ReadState(ctx, env.awsClients(awsCfg).S3, path, backend.Bucket, l.StateKey())
	switch {
	case errors.Is(err, status.ErrEncryptedState):
		dir, rerr := filepath.Rel(ws.repo, ws.dir(l))
		if rerr != nil {
			dir = ws.dir(l)
		}
		return nil, fmt.Errorf("%w: dns does not support encrypted state: run 'tofu output' (or 'terraform output') in %s instead", err, dir)
	case errors.Is(err, status.ErrGetObject):
		// Only the S3 call itself: a state that was read but cannot be used
		// (future format, not JSON, a local file) says so on its own.
		return nil, fmt.Errorf("%w: check your AWS credentials can call s3:GetObject on the state bucket, or run 'platformctl doctor'", err)
	case err != nil:
		return nil, err
	}
	return st.Outputs, nil
}
