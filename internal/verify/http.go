package verify

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxBody is how much of an answer is read (Grafana's health answer is ~100 bytes).
const maxBody = 64 << 10

// get sends one anonymous GET, as a browser without cookies would, and does not follow
// redirects: the redirect itself is what is checked. It connects directly (no proxy): the
// answer judged is the load balancer's own.
func get(ctx context.Context, d Deps, rawURL string) (*http.Response, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, d.Timeout)
	defer cancel()
	client := &http.Client{
		Transport: &http.Transport{
			DialContext:           d.Dial,
			TLSClientConfig:       &tls.Config{RootCAs: d.Roots, MinVersion: tls.VersionTLS12},
			TLSHandshakeTimeout:   d.Timeout,
			ResponseHeaderTimeout: d.Timeout,
			DisableKeepAlives:     true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       d.Timeout,
	}
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("build request for %s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", "platformctl-verify")
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return resp, nil, fmt.Errorf("read the answer of %s: %w", rawURL, err)
	}
	return resp, body, nil
}

// requestError is one line for a failed request.
func requestError(rawURL string, err error) string {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	return fmt.Sprintf("GET %s: %s", rawURL, dialHint(err))
}

// checkRedirect: port 80 only redirects, permanently (301 or 308), to https on 443
// (terraform/base-infra/alb.tf, listener "http").
func checkRedirect(ctx context.Context, host string, d Deps) Result {
	target := "http://" + host + "/"
	resp, _, err := get(ctx, d, target)
	if err != nil {
		return fail(CheckRedirect, host, ProblemUnreachable, "%s", requestError(target, err))
	}
	loc := resp.Header.Get("Location")
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusPermanentRedirect:
	case http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect:
		return fail(CheckRedirect, host, ProblemNotPermanent, "%s answers %d (a temporary redirect) to %s: make the HTTP listener's redirect permanent (HTTP_301)", target, resp.StatusCode, loc)
	default:
		return fail(CheckRedirect, host, ProblemNotRedirected, "%s answers %d, not a redirect to https: the HTTP listener must only redirect to HTTPS (terraform/base-infra/alb.tf)", target, resp.StatusCode)
	}
	u, err := url.Parse(loc)
	if err != nil || u.Scheme != "https" || !strings.EqualFold(u.Hostname(), host) || (u.Port() != "" && u.Port() != "443") {
		return fail(CheckRedirect, host, ProblemWrongLocation, "%s redirects (%d) to %q, not to https://%s on port 443: fix the HTTP listener's redirect (protocol HTTPS, port 443, host unchanged)", target, resp.StatusCode, loc, host)
	}
	return pass(CheckRedirect, host, "%s redirects permanently (%d) to %s", target, resp.StatusCode, loc)
}

// checkLogin: a gated host answers an anonymous request with a redirect to the
// authorization endpoint of this platform's user pool (the ALB's authenticate-cognito
// action with on_unauthenticated_request = authenticate "redirects the request to the IdP
// authorization endpoint":
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AuthenticateCognitoActionConfig.html;
// Cognito's is https://<user pool domain>/oauth2/authorize).
func checkLogin(ctx context.Context, host, loginHost string, d Deps) Result {
	ok, problem, detail := loginRedirect(ctx, "https://"+host+"/", loginHost, d)
	if !ok {
		return fail(CheckLogin, host, problem, "%s", detail)
	}
	return pass(CheckLogin, host, "%s", detail)
}

func loginRedirect(ctx context.Context, target, loginHost string, d Deps) (ok bool, problem, detail string) {
	if loginHost == "" {
		return false, ProblemWrongLocation, "the user pool's login URL is unknown (/infra/sso/base-url is missing): run 'platformctl up' (base-infra writes it)"
	}
	resp, _, err := get(ctx, d, target)
	if err != nil {
		return false, ProblemUnreachable, requestError(target, err)
	}
	loc := resp.Header.Get("Location")
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return false, ProblemNotRedirected, fmt.Sprintf("%s answers %d to an anonymous request instead of redirecting to the login: the host's listener rule has no authenticate-cognito action (login_gate = true in its ecs-service module)", target, resp.StatusCode)
	case resp.StatusCode == http.StatusUnauthorized:
		return false, ProblemNotRedirected, fmt.Sprintf("%s answers 401 instead of redirecting to the login: set on_unauthenticated_request = \"authenticate\" on the host's listener rule", target)
	case resp.StatusCode < 300 || resp.StatusCode >= 400 || loc == "":
		return false, ProblemNotRedirected, fmt.Sprintf("%s answers %d, not a redirect to the login of the user pool: check the host's listener rule and service (platformctl status)", target, resp.StatusCode)
	}
	u, err := url.Parse(loc)
	if err != nil || u.Scheme != "https" || !strings.EqualFold(u.Hostname(), loginHost) || u.Path != "/oauth2/authorize" {
		return false, ProblemWrongLocation, fmt.Sprintf("%s redirects to %q, not to this platform's login https://%s/oauth2/authorize: the listener rule authenticates against another user pool or domain; re-apply the layer that owns the host", target, loc, loginHost)
	}
	return true, "", fmt.Sprintf("%s redirects (%d) an anonymous request to https://%s/oauth2/authorize", target, resp.StatusCode, loginHost)
}

// checkGrafanaHealth: Grafana's /api/health answers 200 with "database": "ok"
// (https://grafana.com/docs/grafana/latest/developer-resources/api-reference/http-api/other/#health-api)
// without a login. If the ALB gates the host (terraform/monitoring leaves Grafana to its
// own OAuth login, so it does not today), a redirect to this pool's login is accepted and
// the result says that only the gate was checked.
func checkGrafanaHealth(ctx context.Context, h Host, loginHost string, d Deps) Result {
	target := "https://" + h.Name + "/api/health"
	if h.Gated {
		ok, problem, detail := loginRedirect(ctx, target, loginHost, d)
		if !ok {
			return fail(CheckHealth, h.Name, problem, "%s", detail)
		}
		return pass(CheckHealth, h.Name, "gated by the load balancer's login: %s; Grafana itself was not reached (see the service and target checks)", detail)
	}
	resp, body, err := get(ctx, d, target)
	if err != nil {
		return fail(CheckHealth, h.Name, ProblemUnreachable, "%s", requestError(target, err))
	}
	var health struct {
		Database string `json:"database"`
		Version  string `json:"version"`
	}
	jsonErr := json.Unmarshal(body, &health)
	switch {
	case resp.StatusCode != http.StatusOK:
		return fail(CheckHealth, h.Name, ProblemUnhealthy, "%s answers %d (%s): check the grafana service and its logs (platformctl status)", target, resp.StatusCode, snippet(body))
	case jsonErr != nil:
		return fail(CheckHealth, h.Name, ProblemBadAnswer, "%s answers 200 but not Grafana's health JSON (%s): check the host's listener rule forwards to Grafana", target, snippet(body))
	case health.Database != "ok":
		return fail(CheckHealth, h.Name, ProblemUnhealthy, "%s reports database %q: check Grafana's EFS volume and logs", target, health.Database)
	}
	return pass(CheckHealth, h.Name, "%s answers 200, database ok, Grafana %s", target, health.Version)
}

func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	if s == "" {
		return "empty body"
	}
	return s
}
