// Package status gathers the platform's state in one report: which layers are applied, each
// ECS service and its last deployment, each host with its purchase option (on demand or Spot)
// and any pending Spot interruption, ALB target health per host, the certificate and the
// domain's delegation, the Grafana and Prometheus URLs and the estimated monthly cost. AWS
// calls run in parallel; a failed call is reported in its row, not fatal to the others.
package status

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/smithy-go"
	"golang.org/x/sync/errgroup"

	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/contract"
	"github.com/hari328/platform/internal/cost"
	"github.com/hari328/platform/internal/layers"
	"github.com/hari328/platform/internal/tfrun"
)

// SSM parameters status reads (docs/contract.md).
const (
	ParamClusterName    = contract.ClusterName
	ParamListenerARN    = contract.ALBListenerARN
	ParamCertificateARN = contract.CertificateARN
	ParamZoneName       = contract.ZoneName
	ParamZoneID         = contract.ZoneID
)

// Delegation is what a delegation check found for the zone.
type Delegation struct {
	// State is "delegated", "not delegated" or "partly delegated".
	State  string `json:"state"`
	Detail string `json:"detail,omitempty"`
}

// DelegationFunc checks whether the registrar points the zone (name and Route53 hosted zone
// id) at its Route53 name servers.
type DelegationFunc func(ctx context.Context, zone, zoneID string) (Delegation, error)

// Options say where to look.
type Options struct {
	Bucket  string       // the state bucket (bootstrap output); empty: bootstrap not applied
	Domain  string       // from the config: URLs and delegation when SSM has no zone name
	Profile cost.Profile // the configured profile, for the cost line
	// Hosts adds a row per ECS host with its purchase option (EC2 DescribeInstances and
	// DescribeSpotInstanceRequests); `platformctl status` sets it, `verify` does not need it.
	Hosts      bool
	Delegation DelegationFunc
}

// Report is the platform's status. Each section carries its own error, so one failed call
// does not hide the rest.
type Report struct {
	Layers      []LayerStatus   `json:"layers"`
	Services    []ServiceStatus `json:"services"`
	Targets     []TargetStatus  `json:"targets"`
	Hosts       []HostStatus    `json:"hosts"`
	Certificate *Certificate    `json:"certificate,omitempty"`
	Delegation  *DelegationRow  `json:"delegation,omitempty"`
	URLs        URLs            `json:"urls"`
	Cost        CostLine        `json:"cost"`
	Errors      []string        `json:"errors,omitempty"`
}

// LayerStatus says whether a layer's state exists.
type LayerStatus struct {
	Name         string     `json:"name"`
	Applied      bool       `json:"applied"`
	Where        string     `json:"where"`
	LastModified *time.Time `json:"last_modified,omitempty"`
}

// ServiceStatus is one ECS service.
type ServiceStatus struct {
	Name          string `json:"name"`
	Desired       int32  `json:"desired"`
	Running       int32  `json:"running"`
	Pending       int32  `json:"pending"`
	Rollout       string `json:"rollout_state"` // of the PRIMARY deployment, or FAILED if any failed
	RolloutReason string `json:"rollout_reason,omitempty"`
}

// Healthy is true when the service runs what it wants and its last deployment did not fail.
func (s ServiceStatus) Healthy() bool {
	return s.Running == s.Desired && s.Rollout != string(ecstypes.DeploymentRolloutStateFailed)
}

// TargetStatus is one registered target of a host's target group.
type TargetStatus struct {
	Host        string `json:"host"`
	TargetGroup string `json:"target_group"`
	Target      string `json:"target"` // instance-id:port, or "-" when none is registered
	State       string `json:"state"`
	Reason      string `json:"reason,omitempty"`
}

// Certificate is the platform's ACM certificate.
type Certificate struct {
	Domain string   `json:"domain"`
	SANs   []string `json:"subject_alternative_names,omitempty"`
	Status string   `json:"status"`
	ARN    string   `json:"arn"`
}

// DelegationRow is the delegation check of the zone.
type DelegationRow struct {
	Zone string `json:"zone"`
	Delegation
}

// URLs are the monitoring entry points.
type URLs struct {
	Grafana    string `json:"grafana,omitempty"`
	Prometheus string `json:"prometheus,omitempty"`
}

// CostLine is the estimated monthly cost of the configured profile.
type CostLine struct {
	MonthlyUSD float64      `json:"monthly_usd"`
	Profile    cost.Profile `json:"profile"`
	Error      string       `json:"error,omitempty"`
}

// Collect builds the report from c's S3, SSM, ECS, ELB and ACM clients (and EC2 for the
// host rows, skipped when nil). It returns an error only when ctx is cancelled; failed AWS
// calls land in Report.Errors.
func Collect(ctx context.Context, c awsapi.Clients, opt Options) (Report, error) {
	var (
		r  Report
		mu sync.Mutex
	)
	fail := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		r.Errors = append(r.Errors, fmt.Sprintf(format, a...))
	}

	r.Services, r.Targets, r.Hosts = []ServiceStatus{}, []TargetStatus{}, []HostStatus{} // [] rather than null in JSON
	r.Cost.Profile = opt.Profile
	if est, err := cost.Calculate(opt.Profile, cost.DefaultUsage); err != nil {
		r.Cost.Error = err.Error()
	} else {
		r.Cost.MonthlyUSD = est.Total
	}

	g, gctx := errgroup.WithContext(ctx)

	// Layers: bootstrap is applied when the bucket exists; the others when their state does.
	r.Layers = make([]LayerStatus, len(layers.All))
	for i, l := range layers.All {
		r.Layers[i] = LayerStatus{Name: l.Name}
		g.Go(func() error {
			ls, err := layerStatus(gctx, c.S3, opt.Bucket, l)
			if err != nil {
				fail("layer %s: %v", l.Name, err)
			}
			mu.Lock()
			r.Layers[i] = ls
			mu.Unlock()
			return nil
		})
	}

	// Everything else hangs off the SSM contract written by base-infra.
	g.Go(func() error {
		params, err := getParameters(gctx, c.SSM, ParamClusterName, ParamListenerARN, ParamCertificateARN, ParamZoneName, ParamZoneID)
		if err != nil {
			fail("read platform parameters: %v", err)
		}
		zone := params[ParamZoneName]
		if zone == "" {
			zone = opt.Domain
		}
		if zone != "" {
			mu.Lock()
			r.URLs = URLs{Grafana: "https://grafana." + zone, Prometheus: "https://prometheus." + zone}
			mu.Unlock()
		}
		inner, ictx := errgroup.WithContext(gctx)
		if cluster := params[ParamClusterName]; cluster != "" {
			inner.Go(func() error {
				svcs, err := services(ictx, c.ECS, cluster)
				if err != nil {
					fail("ECS services of %s: %v", cluster, err)
				}
				if svcs != nil {
					mu.Lock()
					r.Services = svcs
					mu.Unlock()
				}
				return nil
			})
		}
		if cluster := params[ParamClusterName]; cluster != "" && opt.Hosts && c.EC2 != nil {
			inner.Go(func() error {
				hs, err := hosts(ictx, c.EC2, cluster)
				if err != nil {
					fail("ECS hosts: %v", err)
				}
				if hs != nil {
					mu.Lock()
					r.Hosts = hs
					mu.Unlock()
				}
				return nil
			})
		}
		if listener := params[ParamListenerARN]; listener != "" {
			inner.Go(func() error {
				ts, err := targets(ictx, c.ELB, listener)
				if err != nil {
					fail("ALB targets: %v", err)
				}
				if ts != nil {
					mu.Lock()
					r.Targets = ts
					mu.Unlock()
				}
				return nil
			})
		}
		if arn := params[ParamCertificateARN]; arn != "" {
			inner.Go(func() error {
				cert, err := ReadCertificate(ictx, c.ACM, arn)
				if err != nil {
					fail("certificate: %v", err)
					return nil
				}
				mu.Lock()
				r.Certificate = cert
				mu.Unlock()
				return nil
			})
		}
		if zoneID := params[ParamZoneID]; opt.Delegation != nil && zone != "" && zoneID != "" {
			inner.Go(func() error {
				d, err := opt.Delegation(ictx, zone, zoneID)
				if err != nil {
					fail("delegation of %s: %v", zone, err)
					return nil
				}
				mu.Lock()
				r.Delegation = &DelegationRow{Zone: zone, Delegation: d}
				mu.Unlock()
				return nil
			})
		}
		return inner.Wait()
	})

	if err := g.Wait(); err != nil {
		return r, err
	}
	if err := ctx.Err(); err != nil {
		return r, fmt.Errorf("collect status: %w", err)
	}
	sort.Strings(r.Errors)
	return r, nil
}

func layerStatus(ctx context.Context, c awsapi.S3, bucket string, l layers.Layer) (LayerStatus, error) {
	ls := LayerStatus{Name: l.Name}
	if bucket == "" {
		ls.Where = "no state bucket recorded: run 'platformctl bootstrap'"
		return ls, nil
	}
	if l.LocalState {
		ls.Where = "s3://" + bucket
		_, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
		if isNotFound(err) {
			return ls, nil
		}
		if err != nil {
			return ls, fmt.Errorf("head bucket %s: %w", bucket, err)
		}
		ls.Applied = true
		return ls, nil
	}
	ls.Where = "s3://" + bucket + "/" + l.StateKey()
	out, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(l.StateKey())})
	if isNotFound(err) {
		return ls, nil
	}
	if err != nil {
		return ls, fmt.Errorf("head object %s: %w", ls.Where, err)
	}
	ls.LastModified = out.LastModified
	// A layer after `down` keeps its state object, with no resources in it. A large state
	// certainly holds resources; a small one is read to tell.
	if aws.ToInt64(out.ContentLength) > smallStateBytes {
		ls.Applied = true
		return ls, nil
	}
	n, err := stateResources(ctx, c, bucket, l.StateKey())
	if err != nil {
		return ls, err
	}
	ls.Applied = n > 0
	if !ls.Applied {
		ls.Where += " (empty state: destroyed)"
	}
	return ls, nil
}

// smallStateBytes: a state above this size has resources; one below is read to tell.
const smallStateBytes = 64 << 10

// stateResources counts the resources of a state object.
func stateResources(ctx context.Context, c awsapi.S3, bucket, key string) (int, error) {
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return 0, fmt.Errorf("get object s3://%s/%s: %w", bucket, key, err)
	}
	defer out.Body.Close()
	st, err := decodeState(io.LimitReader(out.Body, smallStateBytes+1))
	if err != nil {
		return 0, fmt.Errorf("read state s3://%s/%s: %w", bucket, key, err)
	}
	return len(st.Resources), nil
}

// State is the part of a stored Terraform state (the JSON object the S3 backend keeps, format
// version 4) that platformctl reads. hashicorp/terraform-json describes the output of
// `terraform show -json`, not this stored form, so it does not apply here; the stored form's
// "outputs" object has the same shape as `terraform output -json`.
type State struct {
	Version   int                          `json:"version"`
	Outputs   map[string]tfrun.OutputValue `json:"outputs"`
	Resources []json.RawMessage            `json:"resources"`
}

// stateVersion is the stored state format of Terraform 0.12 and later, OpenTofu included.
const stateVersion = 4

// ErrGetObject marks a failed S3 GetObject of a state object: the call itself failed
// (credentials, permissions, network), not the reading of what it returned. Callers
// suggest checking credentials for it alone.
var ErrGetObject = errors.New("get object")

// ErrEncryptedState: the stored state is encrypted with OpenTofu's state encryption (a JSON
// object with "encrypted_data" and no "version"); only OpenTofu, with the key, can read it.
var ErrEncryptedState = errors.New("the state is encrypted (OpenTofu state encryption)")

func decodeState(r io.Reader) (State, error) {
	var raw struct {
		State
		EncryptedData json.RawMessage `json:"encrypted_data"`
	}
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return State{}, err
	}
	st := raw.State
	if st.Version == 0 && raw.EncryptedData != nil {
		return State{}, ErrEncryptedState
	}
	if st.Version != stateVersion {
		return State{}, fmt.Errorf("state format version %d, want %d: upgrade platformctl or read it with 'terraform output'", st.Version, stateVersion)
	}
	return st, nil
}

// ReadState reads a layer's stored state, without Terraform: from the file path when it is
// not empty (local state), else from s3://bucket/key. A state that does not exist yet is an
// empty State and no error.
func ReadState(ctx context.Context, c awsapi.S3, path, bucket, key string) (State, error) {
	var body io.ReadCloser
	where := path
	if path != "" {
		f, err := os.Open(path)
		if errors.Is(err, fs.ErrNotExist) {
			return State{}, nil
		}
		if err != nil {
			return State{}, fmt.Errorf("read state %s: %w", path, err)
		}
		body = f
	} else {
		where = "s3://" + bucket + "/" + key
		out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if isNotFound(err) {
			return State{}, nil
		}
		if err != nil {
			return State{}, fmt.Errorf("%w %s: %w", ErrGetObject, where, err)
		}
		body = out.Body
	}
	defer body.Close()
	st, err := decodeState(body)
	if err != nil {
		return State{}, fmt.Errorf("read state %s: %w", where, err)
	}
	return st, nil
}

func isNotFound(err error) bool {
	if err == nil {
		return false
	}
	var nf *s3types.NotFound
	var nsk *s3types.NoSuchKey
	var nsb *s3types.NoSuchBucket
	if errors.As(err, &nf) || errors.As(err, &nsk) || errors.As(err, &nsb) {
		return true
	}
	var ae smithy.APIError
	return errors.As(err, &ae) && (ae.ErrorCode() == "NotFound" || ae.ErrorCode() == "NoSuchKey")
}

// getParameters reads names (at most 10, the API's limit); missing ones are left out.
func getParameters(ctx context.Context, c awsapi.SSM, names ...string) (map[string]string, error) {
	out, err := c.GetParameters(ctx, &ssm.GetParametersInput{Names: names})
	if err != nil {
		return map[string]string{}, fmt.Errorf("get parameters: %w", err)
	}
	m := make(map[string]string, len(out.Parameters))
	for _, p := range out.Parameters {
		m[aws.ToString(p.Name)] = aws.ToString(p.Value)
	}
	return m, nil
}

// ServiceARNs lists every service of the cluster, every page (the SDK's ListServices
// paginator). `status`, `verify` and `down` read the services through it; the caller says
// which call failed.
func ServiceARNs(ctx context.Context, c awsapi.ECS, cluster string) ([]string, error) {
	var arns []string
	pages := ecs.NewListServicesPaginator(c, &ecs.ListServicesInput{Cluster: aws.String(cluster)})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		arns = append(arns, out.ServiceArns...)
	}
	return arns, nil
}

func services(ctx context.Context, c awsapi.ECS, cluster string) ([]ServiceStatus, error) {
	arns, err := ServiceARNs(ctx, c, cluster)
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	var res []ServiceStatus
	for chunk := range slices.Chunk(arns, 10) { // DescribeServices takes at most 10
		out, err := c.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: chunk})
		if err != nil {
			return res, fmt.Errorf("describe services: %w", err)
		}
		for _, s := range out.Services {
			res = append(res, serviceStatus(s))
		}
	}
	slices.SortFunc(res, func(a, b ServiceStatus) int { return strings.Compare(a.Name, b.Name) })
	return res, nil
}

func serviceStatus(s ecstypes.Service) ServiceStatus {
	st := ServiceStatus{
		Name:    aws.ToString(s.ServiceName),
		Desired: s.DesiredCount,
		Running: s.RunningCount,
		Pending: s.PendingCount,
		Rollout: "-",
	}
	for _, d := range s.Deployments {
		if aws.ToString(d.Status) == "PRIMARY" {
			st.Rollout = string(d.RolloutState)
			st.RolloutReason = aws.ToString(d.RolloutStateReason)
		}
	}
	// A deployment the circuit breaker gave up on stays listed (ACTIVE) while the rollback
	// runs: report it, the rollback alone would look like an ordinary deploy.
	for _, d := range s.Deployments {
		if d.RolloutState == ecstypes.DeploymentRolloutStateFailed {
			st.Rollout = string(d.RolloutState)
			st.RolloutReason = aws.ToString(d.RolloutStateReason)
		}
	}
	if st.Rollout == "" {
		st.Rollout = "-"
	}
	return st
}

func targets(ctx context.Context, c awsapi.ELB, listener string) ([]TargetStatus, error) {
	type route struct{ host, tg string }
	var routes []route
	pages := elb.NewDescribeRulesPaginator(c, &elb.DescribeRulesInput{ListenerArn: aws.String(listener)})
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describe listener rules: %w", err)
		}
		for _, rule := range out.Rules {
			hosts := hostHeaders(rule.Conditions)
			if len(hosts) == 0 {
				continue
			}
			for _, tg := range forwardTargetGroups(rule.Actions) {
				for _, h := range hosts {
					routes = append(routes, route{host: h, tg: tg})
				}
			}
		}
	}

	// One DescribeTargetHealth per target group, whatever the number of hosts routed to it.
	hostsOf := map[string][]string{}
	var groups []string
	for _, rt := range routes {
		if _, seen := hostsOf[rt.tg]; !seen {
			groups = append(groups, rt.tg)
		}
		if !slices.Contains(hostsOf[rt.tg], rt.host) {
			hostsOf[rt.tg] = append(hostsOf[rt.tg], rt.host)
		}
	}
	var (
		res  []TargetStatus
		mu   sync.Mutex
		errs []error
	)
	g, gctx := errgroup.WithContext(ctx)
	for _, tg := range groups {
		g.Go(func() error {
			out, err := c.DescribeTargetHealth(gctx, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg)})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("describe target health of %s: %w", targetGroupName(tg), err))
				return nil
			}
			for _, host := range hostsOf[tg] {
				if len(out.TargetHealthDescriptions) == 0 {
					res = append(res, TargetStatus{Host: host, TargetGroup: targetGroupName(tg), Target: "-", State: "no targets"})
				}
				for _, d := range out.TargetHealthDescriptions {
					ts := TargetStatus{Host: host, TargetGroup: targetGroupName(tg), Target: "-"}
					if d.Target != nil {
						ts.Target = aws.ToString(d.Target.Id)
						if d.Target.Port != nil {
							ts.Target += fmt.Sprintf(":%d", aws.ToInt32(d.Target.Port))
						}
					}
					if d.TargetHealth != nil {
						ts.State = string(d.TargetHealth.State)
						ts.Reason = strings.TrimSpace(string(d.TargetHealth.Reason) + " " + aws.ToString(d.TargetHealth.Description))
					}
					res = append(res, ts)
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	slices.SortFunc(res, func(a, b TargetStatus) int {
		return strings.Compare(a.Host+" "+a.Target, b.Host+" "+b.Target)
	})
	return res, errors.Join(errs...)
}

func hostHeaders(conds []elbtypes.RuleCondition) []string {
	var hosts []string
	for _, c := range conds {
		if aws.ToString(c.Field) != "host-header" {
			continue
		}
		if c.HostHeaderConfig != nil && len(c.HostHeaderConfig.Values) > 0 {
			hosts = append(hosts, c.HostHeaderConfig.Values...)
		} else {
			hosts = append(hosts, c.Values...)
		}
	}
	return hosts
}

// forwardTargetGroups returns the target groups a rule forwards to (after an optional
// authenticate-cognito action, the login gate).
func forwardTargetGroups(actions []elbtypes.Action) []string {
	var tgs []string
	for _, a := range actions {
		if a.Type != elbtypes.ActionTypeEnumForward {
			continue
		}
		if a.ForwardConfig != nil && len(a.ForwardConfig.TargetGroups) > 0 {
			for _, t := range a.ForwardConfig.TargetGroups {
				tgs = append(tgs, aws.ToString(t.TargetGroupArn))
			}
		} else if a.TargetGroupArn != nil {
			tgs = append(tgs, aws.ToString(a.TargetGroupArn))
		}
	}
	return slices.Compact(tgs)
}

// targetGroupName extracts NAME from arn:...:targetgroup/NAME/ID.
func targetGroupName(arn string) string {
	parts := strings.Split(arn, "/")
	if len(parts) >= 3 && strings.HasSuffix(parts[len(parts)-3], "targetgroup") {
		return parts[len(parts)-2]
	}
	return arn
}

// ReadCertificate describes the certificate arn (`status` and `dns`).
func ReadCertificate(ctx context.Context, c awsapi.ACM, arn string) (*Certificate, error) {
	out, err := c.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(arn)})
	if err != nil {
		return nil, fmt.Errorf("describe certificate: %w", err)
	}
	if out.Certificate == nil {
		return nil, fmt.Errorf("describe certificate %s: empty answer", arn)
	}
	return &Certificate{
		Domain: aws.ToString(out.Certificate.DomainName),
		SANs:   out.Certificate.SubjectAlternativeNames,
		Status: string(out.Certificate.Status),
		ARN:    arn,
	}, nil
}
