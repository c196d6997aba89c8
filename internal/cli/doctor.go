package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/hari328/platform/internal/config"
	"github.com/hari328/platform/internal/tfrun"
)

// check is one line of `platformctl doctor`.
type check struct {
	Name   string `json:"check"`
	Status string `json:"status"` // ok, FAIL, skip, info
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`
}

const (
	statusOK   = "ok"
	statusFail = "FAIL"
	statusSkip = "skip"
	statusInfo = "info"
)

// runDoctor: platformctl doctor [--json]
//
// Checks what `up` needs and says how to fix each gap; exits non-zero when a
// check fails.
func runDoctor(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags("doctor")
	rest, err := env.parse(fs, args, "platformctl doctor [--json]")
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("doctor takes no arguments (got %q): run 'platformctl doctor'", rest[0])
	}
	checks := doctorChecks(ctx, env)
	if env.JSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(checks); err != nil {
			return fmt.Errorf("write JSON: %w", err)
		}
	} else {
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CHECK\tSTATUS\tDETAIL")
		for _, c := range checks {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Name, c.Status, c.Detail)
			if c.Fix != "" {
				fmt.Fprintf(tw, "\t\t-> %s\n", c.Fix)
			}
		}
		tw.Flush()
	}
	failed := 0
	for _, c := range checks {
		if c.Status == statusFail {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("doctor: %d check(s) failed: fix them as shown above, then re-run 'platformctl doctor'", failed)
	}
	return nil
}

func doctorChecks(ctx context.Context, env *Env) []check {
	var checks []check
	add := func(c check) { checks = append(checks, c) }

	// Terraform.
	{
		bin, err := tfrun.ChooseBinary(env.Getenv, env.lookPath, func(b string) (string, error) { return env.terraformVersion(ctx, b) })
		if err != nil {
			add(check{"terraform", statusFail, err.Error(), "install Terraform >= " + tfrun.MinVersion + " or OpenTofu, or set PLATFORM_TF"})
		} else if v, err := env.terraformVersion(ctx, bin); err != nil {
			add(check{"terraform", statusFail, err.Error(), "check that " + bin + " runs"})
		} else {
			add(check{"terraform", statusOK, fmt.Sprintf("%s %s", bin, v), ""})
		}
	}

	// Config.
	cfg, err := env.Config()
	if err != nil {
		add(check{"config", statusFail, err.Error(), "edit " + env.ConfigPath})
	} else {
		add(check{"config", statusOK, fmt.Sprintf("%s: domain %s, region %s, nat_mode %s, %s", env.ConfigPath, cfg.Domain, cfg.Region, cfg.NATMode, cfg.InstanceType), ""})
	}

	// AWS credentials, account and region, state bucket.
	if cfg == nil {
		add(check{"aws credentials", statusSkip, "needs a valid config (for the region)", ""})
		add(check{"state bucket", statusSkip, "needs a valid config", ""})
	} else if awsCfg, err := env.AWS(ctx); err != nil {
		detail := err.Error()
		if i := strings.LastIndex(detail, ": run "); i > 0 {
			detail = detail[:i] // the fix is on its own line
		}
		add(check{"aws credentials", statusFail, detail, "run 'aws configure' (or 'aws sso login') or export AWS_PROFILE"})
		add(check{"state bucket", statusSkip, "needs AWS credentials", ""})
	} else {
		id, err := env.stsClient(awsCfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			add(check{"aws credentials", statusFail, fmt.Sprintf("get caller identity: %v", err), "refresh your credentials ('aws sso login') or check AWS_PROFILE"})
		} else {
			add(check{"aws credentials", statusOK, fmt.Sprintf("account %s, region %s, as %s", aws.ToString(id.Account), cfg.Region, aws.ToString(id.Arn)), ""})
		}
		add(stateBucketCheck(ctx, env, awsCfg))
	}

	// Google client for Cognito.
	switch {
	case cfg != nil && cfg.GoogleClientID == "":
		add(check{"google client", statusFail, "google_client_id is not set in " + env.ConfigPath, "create an OAuth client in the Google console (docs/sso.md) and set google_client_id"})
	case env.Getenv("TF_VAR_google_client_secret") == "":
		add(check{"google client", statusFail, "TF_VAR_google_client_secret is not set", "export TF_VAR_google_client_secret=<the OAuth client secret from the Google console>"})
	default:
		add(check{"google client", statusOK, "client id in the config, secret in TF_VAR_google_client_secret", ""})
	}

	// The pre-sign-up Lambda zip.
	zip := config.Defaults().PresignupLambdaZip
	if cfg != nil {
		zip = cfg.PresignupLambdaZip
	}
	if !filepath.IsAbs(zip) {
		zip = filepath.Join(env.RepoRoot, zip)
	}
	if st, err := os.Stat(zip); err != nil || st.Size() == 0 {
		add(check{"lambda zip", statusFail, zip + " is missing", "run 'make lambda'"})
	} else {
		add(check{"lambda zip", statusOK, fmt.Sprintf("%s (%d bytes)", zip, st.Size()), ""})
	}
	return checks
}

func stateBucketCheck(ctx context.Context, env *Env, awsCfg aws.Config) check {
	ws, err := newWorkspace(env)
	if err != nil {
		return check{"state bucket", statusFail, err.Error(), "unset PLATFORM_BACKEND"}
	}
	b, ok, err := ws.readBackend()
	switch {
	case err != nil:
		return check{"state bucket", statusFail, err.Error(), "delete " + ws.backendFile() + " and run 'platformctl bootstrap'"}
	case !ok:
		return check{"state bucket", statusInfo, "not bootstrapped yet (no " + ws.backendFile() + ")", "'platformctl up' runs bootstrap first, or run 'platformctl bootstrap'"}
	}
	if _, err := env.s3Client(awsCfg).HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(b.Bucket)}); err != nil {
		return check{"state bucket", statusFail, fmt.Sprintf("bucket %s: %v", b.Bucket, err), "check the credentials' account; if the bucket was deleted, delete " + ws.backendFile() + " and run 'platformctl bootstrap'"}
	}
	return check{"state bucket", statusOK, fmt.Sprintf("%s (%s) reachable", b.Bucket, b.Region), ""}
}

func (e *Env) lookPath(name string) (string, error) {
	if e.clients.lookPath != nil {
		return e.clients.lookPath(name)
	}
	return exec.LookPath(name)
}
