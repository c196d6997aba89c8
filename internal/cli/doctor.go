package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/spf13/cobra"

	"github.com/hari328/platform/internal/config"
	"github.com/hari328/platform/internal/jsonout"
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

func newDoctorCmd(env *Env) *cobra.Command {
	cmd := newLeaf(env, "doctor", `Checks what 'platformctl up' needs and says how to fix each gap: Terraform >= 1.10 (or
OpenTofu), the config (parsed and validated), AWS credentials, account and region, the state
bucket, the Google client id and TF_VAR_google_client_secret, the Lambda zip ('make lambda'), the
ECS service-linked role and, with nat_mode = "instance", the NAT instance. It changes nothing.
Exit status: 0 every check passed, 1 a check failed.`, `  platformctl doctor
  platformctl doctor --json | jq '.[] | select(.status == "FAIL")'`,
		"checked, not required: without them the AWS checks fail and say how to set them up", runDoctor)
	jsonFlag(env, cmd, false)
	return cmd
}

// runDoctor: platformctl doctor [--json]
//
// Checks what `up` needs and says how to fix each gap; exits non-zero when a
// check fails.
func runDoctor(ctx context.Context, env *Env, rest []string) error {
	if len(rest) > 0 {
		return usagef("doctor takes no arguments (got %q): run 'platformctl doctor'", rest[0])
	}
	checks := doctorChecks(ctx, env)
	if env.JSON {
		if err := jsonout.Write(env.Stdout, checks); err != nil {
			return err
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
		add(exampleValuesCheck(env, cfg))
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
		id, err := env.awsClients(awsCfg).STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			detail, fix := explainAWSError("get caller identity", err)
			add(check{"aws credentials", statusFail, detail, fix})
		} else {
			add(check{"aws credentials", statusOK, fmt.Sprintf("account %s, region %s, as %s", aws.ToString(id.Account), cfg.Region, aws.ToString(id.Arn)), ""})
		}
		add(stateBucketCheck(ctx, env, awsCfg))
		add(ecsServiceLinkedRoleCheck(ctx, env.awsClients(awsCfg).IAM)) // doctor_slr.go
		add(natInstanceCheck(ctx, env.awsClients(awsCfg).EC2, cfg))     // doctor_nat.go
	}

	// Google client for Cognito.
	switch {
	case cfg != nil && cfg.GoogleClientID == "":
		add(check{"google client", statusFail, "google_client_id is not set in " + env.ConfigPath, "create an OAuth client in the Google console (docs/sso.md) and set google_client_id"})
	case cfg != nil && isPlaceholder(env, cfg, "google_client_id"):
		add(check{"google client", statusFail, "google_client_id is the placeholder of " + config.ExampleFile, "create an OAuth client in the Google console (docs/sso.md) and set its id as google_client_id in " + env.ConfigPath})
	case env.Getenv("TF_VAR_google_client_secret") == "":
		add(check{"google client", statusFail, "TF_VAR_google_client_secret is not set", "export TF_VAR_google_client_secret=<the OAuth client secret from the Google console>"})
	case strings.TrimSpace(env.Getenv("TF_VAR_google_client_secret")) != env.Getenv("TF_VAR_google_client_secret"):
		add(check{"google client", statusFail, "TF_VAR_google_client_secret has spaces or a newline around it", "export it again without them (the Google console's secret has none)"})
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
	if _, err := env.awsClients(awsCfg).S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(b.Bucket)}); err != nil {
		if detail, fix, ok := networkError("bucket "+b.Bucket, err); ok {
			return check{"state bucket", statusFail, detail, fix}
		}
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

// exampleValuesCheck fails when the configuration still holds the example
// file's domain or owner email: `up` would deploy someone else's domain and
// make the example address the Grafana admin and the first allowed friend.
// The example values are read from platform.example.tfvars itself.
func exampleValuesCheck(env *Env, cfg *config.Config) check {
	example, err := readExampleConfig(env)
	if err != nil {
		return check{"own values", statusInfo, "cannot compare with " + config.ExampleFile + ": " + err.Error(), ""}
	}
	var same []string
	for _, p := range cfg.Placeholders(example) {
		if p.Key != "google_client_id" { // the google client check reports it
			same = append(same, fmt.Sprintf("%s = %q", p.Key, p.Value))
		}
	}
	if len(same) == 0 {
		return check{"own values", statusOK, "owner_email differs from " + config.ExampleFile, ""}
	}
	fix := "set your own owner_email in " + env.ConfigPath
	if filepath.Base(env.ConfigPath) == config.ExampleFile {
		fix = "cp " + config.ExampleFile + " platform.tfvars and set your own owner_email and google_client_id there (and domain, if it is not yours)"
	}
	return check{"own values", statusFail, strings.Join(same, ", ") + " still the example's (" + config.ExampleFile + ")", fix}
}

func isPlaceholder(env *Env, cfg *config.Config, key string) bool {
	example, err := readExampleConfig(env)
	if err != nil {
		return false
	}
	for _, p := range cfg.Placeholders(example) {
		if p.Key == key {
			return true
		}
	}
	return false
}

// readExampleConfig reads platform.example.tfvars at the repository root.
func readExampleConfig(env *Env) (*config.Config, error) {
	return config.Load(filepath.Join(env.RepoRoot, config.ExampleFile))
}

// explainAWSError turns a failed AWS call into a check's detail and fix
// naming what actually failed: the network (DNS, connection, timeout) or
// the credentials. Only an authentication error means "refresh your
// credentials".
func explainAWSError(what string, err error) (detail, fix string) {
	if detail, fix, ok := networkError(what, err); ok {
		return detail, fix
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "AccessDenied", "AccessDeniedException":
			return fmt.Sprintf("%s: %s: %s", what, api.ErrorCode(), api.ErrorMessage()), "refresh your credentials ('aws sso login') or check AWS_PROFILE"
		}
	}
	return fmt.Sprintf("%s: %v", what, err), "check AWS_PROFILE and the region; run the same call with 'aws sts get-caller-identity' to see more"
}

// networkError recognises an AWS call that never reached AWS: the endpoint's
// name did not resolve, the connection failed or timed out. The SDK wraps
// these (smithy-go RequestSendError -> *url.Error -> *net.OpError ->
// *net.DNSError), so errors.As finds them.
func networkError(what string, err error) (detail, fix string, ok bool) {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("%s: cannot resolve %s: %s", what, dnsErr.Name, dnsErr.Err),
			"check this machine's network and DNS resolver (and AWS_ENDPOINT_URL or HTTPS_PROXY if set); the credentials were not tried", true
	case errors.As(err, &opErr):
		return fmt.Sprintf("%s: cannot connect to the AWS endpoint: %v", what, opErr),
			"check this machine's network, firewall and proxy (HTTPS_PROXY); the credentials were not tried", true
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("%s: no answer from the AWS endpoint in time", what),
			"check this machine's network and proxy (HTTPS_PROXY), then re-run 'platformctl doctor'", true
	}
	return "", "", false
}
