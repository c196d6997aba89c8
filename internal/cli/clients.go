package cli

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"

	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/awsdeadline"
	"github.com/hari328/platform/internal/dnscheck"
	"github.com/hari328/platform/internal/friends"
	"github.com/hari328/platform/internal/tfrun"
	"github.com/hari328/platform/internal/verify"
)

// clients holds every seam to the outside world: the one style of test seam
// in this package. Tests set fields on their Env (never package variables),
// so they can run in parallel. A nil field means the real thing.
type clients struct {
	// terraform runs Terraform; tfBinary is the name shown in messages.
	terraform tfrun.Runner
	tfBinary  string
	// lookPath finds a binary on PATH (doctor).
	lookPath func(string) (string, error)
	// tfVersion reports a binary's version (doctor).
	tfVersion func(ctx context.Context, bin string) (string, error)
	// parentDNS are host:port addresses of the domain's parent zone servers;
	// empty: discovered (env PLATFORM_DNS_PARENT, comma-separated, overrides).
	parentDNS []string

	// One per AWS service (internal/awsapi); Env.awsClients assembles them.
	sts     func(aws.Config) awsapi.STS
	s3      func(aws.Config) awsapi.S3
	ssm     func(aws.Config) awsapi.SSM
	ecs     func(aws.Config) awsapi.ECS
	elb     func(aws.Config) awsapi.ELB
	acm     func(aws.Config) awsapi.ACM
	ec2     func(aws.Config) awsapi.EC2
	iam     func(aws.Config) awsapi.IAM
	route53 func(aws.Config) awsapi.Route53
	cognito func(aws.Config) awsapi.Cognito

	// friends builds the `friends` service (friends.go); nil: over awsClients.
	friends func(aws.Config) *friends.Service

	// verify holds the network seams of `verify` (TLS, HTTP, ports): zero
	// fields are the real network (verify.Deps).
	verify verify.Deps

	// awsTimeout bounds each AWS API call, retries included; 0 means
	// awsdeadline.Default. Tests shorten it.
	awsTimeout time.Duration
}

// awsClients returns the AWS clients for cfg: the SDK's (awsapi.New), each
// replaced by its seam when a test set one.
func (e *Env) awsClients(cfg aws.Config) awsapi.Clients {
	c := awsapi.New(cfg)
	s := e.clients
	seam(&c.STS, s.sts, cfg)
	seam(&c.S3, s.s3, cfg)
	seam(&c.SSM, s.ssm, cfg)
	seam(&c.ECS, s.ecs, cfg)
	seam(&c.ELB, s.elb, cfg)
	seam(&c.ACM, s.acm, cfg)
	seam(&c.EC2, s.ec2, cfg)
	seam(&c.IAM, s.iam, cfg)
	seam(&c.Route53, s.route53, cfg)
	seam(&c.Cognito, s.cognito, cfg)
	return c
}

// seam replaces *client with what the test seam builds, when a test set one.
func seam[T any](client *T, build func(aws.Config) T, cfg aws.Config) {
	if build != nil {
		*client = build(cfg)
	}
}

// awsDeadlineOptions give every AWS call made with the loaded configuration a
// deadline, and make a call that runs out of time fail with one line naming
// the endpoint and what to check (internal/awsdeadline).
func (e *Env) awsDeadlineOptions() []func(*awsconfig.LoadOptions) error {
	d := e.clients.awsTimeout
	if d <= 0 {
		d = awsdeadline.Default
	}
	return awsdeadline.LoadOptions(d)
}

// terraformRunner returns the binary and the runner to use.
func (e *Env) terraformRunner(ctx context.Context) (string, tfrun.Runner, error) {
	if e.clients.terraform != nil {
		bin := e.clients.tfBinary
		if bin == "" {
			bin = "terraform"
		}
		return bin, e.clients.terraform, nil
	}
	bin, err := tfrun.ChooseBinary(e.Getenv, e.lookPath, func(b string) (string, error) { return e.terraformVersion(ctx, b) })
	if err != nil {
		return "", nil, err
	}
	return bin, tfrun.Exec{Bin: bin, Env: []string{"TF_IN_AUTOMATION=1"}}, nil
}

func (e *Env) terraformVersion(ctx context.Context, bin string) (string, error) {
	if e.clients.tfVersion != nil {
		return e.clients.tfVersion(ctx, bin)
	}
	return tfrun.Version(ctx, bin)
}

func (e *Env) delegationChecker() *dnscheck.Checker {
	servers := e.clients.parentDNS
	if len(servers) == 0 {
		if v := strings.TrimSpace(e.Getenv("PLATFORM_DNS_PARENT")); v != "" {
			servers = strings.Split(v, ",")
		}
	}
	return &dnscheck.Checker{ParentServers: servers}
}
