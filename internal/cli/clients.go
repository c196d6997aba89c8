package cli

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/hari328/platform/internal/awsdeadline"
	"github.com/hari328/platform/internal/dnscheck"
	"github.com/hari328/platform/internal/friends"
	"github.com/hari328/platform/internal/tfrun"
)

// The AWS calls part 1's commands make, one small interface per service,
// listing only the calls used (the SDK clients satisfy them; tests use fakes).
type (
	stsAPI interface {
		GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, optFns ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
	}
	s3API interface {
		HeadBucket(ctx context.Context, in *s3.HeadBucketInput, optFns ...func(*s3.Options)) (*s3.HeadBucketOutput, error)
	}
	ecsAPI interface {
		ListServices(ctx context.Context, in *ecs.ListServicesInput, optFns ...func(*ecs.Options)) (*ecs.ListServicesOutput, error)
	}
	acmAPI interface {
		DescribeCertificate(ctx context.Context, in *acm.DescribeCertificateInput, optFns ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error)
	}
)

// clients holds the seams to the outside world used by part 1's commands
// (doctor, bootstrap, plan, up, down, dns). A nil field means the real thing.
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

	sts func(aws.Config) stsAPI
	s3  func(aws.Config) s3API
	ecs func(aws.Config) ecsAPI
	acm func(aws.Config) acmAPI
	iam func(aws.Config) iamAPI // doctor_slr.go
	ec2 func(aws.Config) ec2API // doctor_nat.go

	// friends builds the `friends` service (friends.go).
	friends func(aws.Config) *friends.Service

	// awsTimeout bounds each AWS API call, retries included; 0 means
	// awsdeadline.Default. Tests shorten it.
	awsTimeout time.Duration
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

func (e *Env) stsClient(cfg aws.Config) stsAPI {
	if e.clients.sts != nil {
		return e.clients.sts(cfg)
	}
	return sts.NewFromConfig(cfg)
}

func (e *Env) s3Client(cfg aws.Config) s3API {
	if e.clients.s3 != nil {
		return e.clients.s3(cfg)
	}
	return s3.NewFromConfig(cfg)
}

func (e *Env) ecsClient(cfg aws.Config) ecsAPI {
	if e.clients.ecs != nil {
		return e.clients.ecs(cfg)
	}
	return ecs.NewFromConfig(cfg)
}

func (e *Env) acmClient(cfg aws.Config) acmAPI {
	if e.clients.acm != nil {
		return e.clients.acm(cfg)
	}
	return acm.NewFromConfig(cfg)
}
