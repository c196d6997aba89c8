package sampleservice

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// The image and the task definition must agree on port, user and health
// check; this test reads both files and fails when they drift apart.
const (
	dockerfilePath = "../../cmd/sample-service/Dockerfile"
	exampleMainTF  = "../../terraform/examples/tenant-app/main.tf"
)

// dockerInstructions returns the Dockerfile's final-stage instructions by
// keyword, continuation lines joined.
func dockerInstructions(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	joined := strings.ReplaceAll(string(b), "\\\n", " ")
	got := map[string]string{}
	for line := range strings.SplitSeq(joined, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kw, rest, _ := strings.Cut(line, " ")
		kw = strings.ToUpper(kw)
		if kw == "FROM" {
			clear(got) // only the final stage counts
		}
		got[kw] = strings.Join(strings.Fields(rest), " ")
	}
	return got
}

// moduleArgs evaluates the literal arguments of one module block.
func moduleArgs(t *testing.T, path, module string) map[string]cty.Value {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	f, diags := hclsyntax.ParseConfig(src, filepath.Base(path), hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse %s: %v", path, diags)
	}
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		if b.Type != "module" || len(b.Labels) != 1 || b.Labels[0] != module {
			continue
		}
		args := map[string]cty.Value{}
		for name, attr := range b.Body.Attributes {
			if v, diags := attr.Expr.Value(nil); !diags.HasErrors() {
				args[name] = v // only literals evaluate without context
			}
		}
		return args
	}
	t.Fatalf("%s has no module %q", path, module)
	return nil
}

func TestImageMatchesTaskDefinition(t *testing.T) {
	docker := dockerInstructions(t, dockerfilePath)
	args := moduleArgs(t, exampleMainTF, "api")

	_, hcCmd, ok := strings.Cut(docker["HEALTHCHECK"], "CMD ")
	var dockerHC []string
	if err := json.Unmarshal([]byte(hcCmd), &dockerHC); !ok || err != nil || len(dockerHC) == 0 {
		t.Fatalf("HEALTHCHECK %q is not exec-form CMD [...]: %v", docker["HEALTHCHECK"], err)
	}
	var tfHC []string
	if v, ok := args["health_check_command"]; ok {
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			tfHC = append(tfHC, e.AsString())
		}
	}
	var tfPort string
	if v, ok := args["container_port"]; ok {
		tfPort = v.AsBigFloat().Text('f', 0)
	}
	var tfUser string
	if v, ok := args["user"]; ok {
		tfUser = v.AsString()
	}

	tests := []struct {
		name      string
		image, tf string
	}{
		{name: "port: EXPOSE = container_port = DefaultPort", image: docker["EXPOSE"], tf: tfPort},
		{name: "port: the binary's default", image: DefaultPort, tf: tfPort},
		{name: "user: USER = user", image: docker["USER"], tf: tfUser},
		{name: "health check: HEALTHCHECK CMD = health_check_command", image: strings.Join(dockerHC, " "), tf: strings.Join(tfHC[min(1, len(tfHC)):], " ")},
		{name: "health check: exec form in ECS", image: "CMD", tf: strings.Join(tfHC[:min(1, len(tfHC))], "")},
		{name: "entrypoint is the binary the health check runs", image: docker["ENTRYPOINT"], tf: `["` + dockerHC[0] + `"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.image == "" || tt.image != tt.tf {
				t.Errorf("image says %q, task definition says %q: change %s and %s together", tt.image, tt.tf, dockerfilePath, exampleMainTF)
			}
		})
	}
}
