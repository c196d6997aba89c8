package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"

	"github.com/hari328/platform/internal/dnscheck"
	"github.com/hari328/platform/internal/layers"
	"github.com/hari328/platform/internal/tfrun"
)

// dnsReport is what `platformctl dns` prints (table or --json).
type dnsReport struct {
	dnscheck.Result
	CertificateARN    string `json:"certificate_arn"`
	CertificateStatus string `json:"certificate_status"`
}

// runDNS: platformctl dns [--json]
//
// Prints the zone's name servers (base-infra outputs), what the parent zone
// delegates to (asked directly) and the certificate status (ACM). Exit
// status: 0 delegated and issued, 5 partly delegated, 4 anything else.
func runDNS(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags("dns")
	rest, err := env.parse(fs, args, "platformctl dns [--json]")
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("dns takes no arguments (got %q): run 'platformctl dns'", rest[0])
	}
	d, err := newDeployer(ctx, env)
	if err != nil {
		return err
	}
	awsCfg, err := env.AWS(ctx)
	if err != nil {
		return err
	}
	if err := d.ws.prepare(); err != nil {
		return err
	}
	l, _ := layers.Get(layers.BaseInfra)
	outs, err := d.quietOutputs(ctx, l)
	if err != nil {
		return err
	}
	ns := tfrun.Strings(outs, layers.OutputNameServers)
	if len(ns) == 0 {
		return fmt.Errorf("no Route53 zone yet: base-infra has no name servers: run 'platformctl up'")
	}
	res, err := env.delegationChecker().Check(ctx, d.cfg.Domain, ns)
	if err != nil {
		return err
	}
	rep := dnsReport{Result: res, CertificateARN: tfrun.String(outs, layers.OutputCertificateARN)}
	rep.CertificateStatus, err = certificateStatus(ctx, env.acmClient(awsCfg), rep.CertificateARN)
	if err != nil {
		return err
	}
	if env.JSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return fmt.Errorf("write JSON: %w", err)
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

// quietOutputs reads outputs without streaming init's chatter to the user.
func (d *deployer) quietOutputs(ctx context.Context, l layers.Layer) (map[string]tfrun.OutputValue, error) {
	saved := d.env.Stderr
	var buf strings.Builder
	d.env.Stderr = &buf
	outs, err := d.outputs(ctx, l)
	d.env.Stderr = saved
	if err != nil {
		fmt.Fprint(saved, buf.String())
	}
	return outs, err
}

// certificateStatus is ACM's status of the certificate ("" ARN: NOT_REQUESTED).
func certificateStatus(ctx context.Context, api acmAPI, arn string) (string, error) {
	if arn == "" {
		return "NOT_REQUESTED", nil
	}
	out, err := api.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(arn)})
	if err != nil {
		return "", fmt.Errorf("describe certificate %s: %w: check your AWS credentials can call acm:DescribeCertificate in the platform's region", arn, err)
	}
	if out.Certificate == nil {
		return "UNKNOWN", nil
	}
	return string(out.Certificate.Status), nil
}
