package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
)

// TestJSONHasNoNullLists: every --json output gives [] for an empty list,
// never null, so `jq '.files | length'` and friends work on any answer.
func TestJSONHasNoNullLists(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(t *testing.T, te *testEnv)
		args  []string
	}{
		{"doctor", nil, []string{"doctor", "--json"}},
		{"cost", nil, []string{"cost", "--json"}},
		{"cost --compare", nil, []string{"cost", "--json", "--compare"}},
		{"status before bootstrap", func(t *testing.T, te *testEnv) { withStatusFake(t, te) }, []string{"status", "--json"}},
		{"app new", func(t *testing.T, te *testEnv) {
			if err := syncTree(filepath.Join("..", "scaffold", "testdata", "repo", "tf", "examples", "tenant-app"), filepath.Join(te.repo, "terraform", "examples", "tenant-app")); err != nil {
				t.Fatal(err)
			}
		}, []string{"app", "new", "orders", "--host", "shop", "--json"}},
		{"friends remove of someone who never signed in", func(t *testing.T, te *testEnv) {
			withFriendsFake(t, te, "me@mydomain.dev,friend@gmail.com")
		}, []string{"friends", "remove", "friend@gmail.com", "--json"}},
		{"friends add", func(t *testing.T, te *testEnv) {
			withFriendsFake(t, te, "me@mydomain.dev")
		}, []string{"friends", "add", "friend@gmail.com", "--json"}},
		{"dns, not delegated (the parent lists no name servers)", func(t *testing.T, te *testEnv) {
			writeBackendForTest(t, te)
			te.env.clients.parentDNS = []string{startParent(t).Addr} // delegates nothing
			te.aws.states[baseInfraKey] = stateWithOutputs(nameServersOutput(route53NS, "platform"))
			te.aws.certs["arn:aws:acm:us-east-1:123456789012:certificate/abc"] = acmtypes.CertificateStatusPendingValidation
		}, []string{"dns", "--json"}},
		{"status with failed checks", func(t *testing.T, te *testEnv) {
			writeBackendFile(t, te)
			withStatusFake(t, te)
		}, []string{"status", "--json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			te.usePlatformTfvars(ownConfig)
			te.env.clients.lookPath = func(name string) (string, error) { return "/usr/bin/" + name, nil }
			te.env.clients.tfVersion = func(ctxT, string) (string, error) { return "1.11.4", nil }
			if tt.setup != nil {
				tt.setup(t, te)
			}
			if strings.HasPrefix(tt.args[0], "app") {
				tt.args = append(tt.args, "--dir", filepath.Join(t.TempDir(), "orders"))
			}
			te.run(tt.args...)
			var v any
			if err := json.Unmarshal(te.stdout.Bytes(), &v); err != nil {
				t.Fatalf("%v: stdout is not JSON: %v\n%s\nstderr: %s", tt.args, err, te.stdout, te.stderr)
			}
			for _, p := range nullPaths(v, "") {
				t.Errorf("%v: %s is null; want [] (or the key left out)", tt.args, p)
			}
		})
	}
}

// nullPaths returns the JSON paths of null values in v.
func nullPaths(v any, path string) []string {
	switch x := v.(type) {
	case nil:
		return []string{path}
	case map[string]any:
		var out []string
		for k, e := range x {
			out = append(out, nullPaths(e, path+"."+k)...)
		}
		return out
	case []any:
		var out []string
		for i, e := range x {
			out = append(out, nullPaths(e, fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	}
	return nil
}
