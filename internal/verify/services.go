package verify

import (
	"context"
	"fmt"

	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/hari328/platform/internal/status"
)

// checkStatus judges the status report (internal/status, the same as `platformctl status`):
// every ECS service runs its desired count and its last deployment did not fail, every
// registered target is healthy, and every AWS call of the report succeeded.
func checkStatus(ctx context.Context, d Deps) []Result {
	if d.Status == nil {
		return []Result{fail(CheckStatus, "status", ProblemIncomplete, "no status source configured")}
	}
	ctx, cancel := context.WithTimeout(ctx, d.Timeout)
	defer cancel()
	rep, err := d.Status(ctx)
	if err != nil {
		return []Result{fail(CheckStatus, "status", ProblemIncomplete, "collect status: %v: check your AWS credentials with 'platformctl doctor'", err)}
	}
	return judgeStatus(rep)
}

func judgeStatus(rep status.Report) []Result {
	var out []Result
	if len(rep.Services) == 0 && len(rep.Errors) == 0 {
		out = append(out, fail(CheckService, "cluster", ProblemUnhealthy, "the cluster runs no ECS service: run 'platformctl up' (monitoring deploys Grafana and Prometheus)"))
	}
	for _, s := range rep.Services {
		detail := fmt.Sprintf("desired %d, running %d, pending %d, last deployment %s", s.Desired, s.Running, s.Pending, s.Rollout)
		if s.Healthy() {
			out = append(out, pass(CheckService, s.Name, "%s", detail))
			continue
		}
		if s.RolloutReason != "" {
			detail += ": " + s.RolloutReason
		}
		out = append(out, fail(CheckService, s.Name, ProblemUnhealthy, "%s: see the service's events and logs (platformctl status, then the ECS console or 'aws ecs describe-services')", detail))
	}
	for _, t := range rep.Targets {
		target := t.Host + " " + t.Target
		if t.State == string(elbtypes.TargetHealthStateEnumHealthy) {
			out = append(out, pass(CheckTarget, target, "%s healthy", t.TargetGroup))
			continue
		}
		detail := fmt.Sprintf("%s: %s", t.TargetGroup, t.State)
		if t.Reason != "" {
			detail += " (" + t.Reason + ")"
		}
		out = append(out, fail(CheckTarget, target, ProblemUnhealthy, "%s: check the service's health check path and its logs (platformctl status)", detail))
	}
	for _, e := range rep.Errors {
		out = append(out, fail(CheckStatus, "status", ProblemIncomplete, "%s: check your AWS credentials and region with 'platformctl doctor'", e))
	}
	return out
}
