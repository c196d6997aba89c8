package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/hari328/platform/internal/awsapi"
)

// stateBucketS3 is S3 as bootstrap sees it: HeadBucket answers from exists
// (or headErr); anything else goes to the shared fake.
type stateBucketS3 struct {
	awsapi.S3
	exists  map[string]bool
	headErr error
}

func (f stateBucketS3) HeadBucket(ctx context.Context, in *s3.HeadBucketInput, opts ...func(*s3.Options)) (*s3.HeadBucketOutput, error) {
	if f.S3 != nil {
		_, _ = f.S3.HeadBucket(ctx, in, opts...) // records the call
	}
	switch {
	case f.headErr != nil:
		return nil, f.headErr
	case f.exists[aws.ToString(in.Bucket)]:
		return &s3.HeadBucketOutput{}, nil
	}
	return nil, &s3types.NotFound{}
}

// withStateBucket makes HeadBucket say whether the state bucket exists.
func withStateBucket(te *testEnv, buckets map[string]bool, headErr error) {
	te.env.clients.s3 = func(aws.Config) awsapi.S3 { return stateBucketS3{S3: te.aws, exists: buckets, headErr: headErr} }
}

// overrideWatch wraps the fake Terraform: it notes, per call, whether
// terraform/bootstrap/backend_override.tf existed, and makes `apply` leave a
// local terraform.tfstate when the local backend is in use, as Terraform would.
type overrideWatch struct {
	next     *fakeTerraform
	override string
	state    string
	seen     []bool
}

func (w *overrideWatch) Run(ctx context.Context, dir string, args []string, stdout, stderr io.Writer) error {
	_, err := os.Stat(w.override)
	w.seen = append(w.seen, err == nil)
	if err == nil && args[0] == "apply" {
		if werr := os.WriteFile(w.state, []byte(`{"version":4}`), 0o600); werr != nil {
			return werr
		}
	}
	return w.next.Run(ctx, dir, args, stdout, stderr)
}

const (
	bootstrapInitLocal = "bootstrap init -input=false -reconfigure -no-color"
	bootstrapS3Config  = "-input=false -backend-config=bucket=platform-tfstate-123456789012 -backend-config=key=bootstrap/terraform.tfstate -backend-config=region=us-east-1 -backend-config=use_lockfile=true -backend-config=encrypt=true -no-color"
	bootstrapMigrate   = "bootstrap init -migrate-state -force-copy " + bootstrapS3Config
	bootstrapReconf    = "bootstrap init -reconfigure " + bootstrapS3Config
	bootstrapApply     = "bootstrap apply -input=false -compact-warnings -auto-approve -var-file={repo}/platform.example.tfvars -no-color"
	bootstrapOutput    = "bootstrap output -json -no-color"
	bootstrapStateList = "bootstrap state list"
)

// The bootstrap layer's state lives in the bucket it creates
// (bootstrap/terraform.tfstate), so any clone with credentials can run
// bootstrap: the first run applies with a local state and moves it into the
// new bucket; every later run, from any machine, uses the bucket.
func TestBootstrapKeepsItsStateInTheBucket(t *testing.T) {
	t.Parallel()
	const bucket = "platform-tfstate-123456789012"
	tests := []struct {
		name          string
		bucketExists  bool
		backendHCL    bool // .platform/backend.hcl already written
		localState    bool // terraform/bootstrap/terraform.tfstate from an older platformctl
		stateList     []string
		want          []string
		wantOverride  []bool // backend_override.tf present, per call
		wantMigrated  bool   // the local state moved to .platform/ as a backup
		wantCode      int
		wantErr       string
		wantAWSPrefix []string
	}{
		{
			name: "first run: local state, then moved into the new bucket",
			want: []string{bootstrapInitLocal, bootstrapApply, bootstrapOutput, bootstrapMigrate},
			// local init, apply and output with the override; the migration without it
			wantOverride:  []bool{true, true, true, false},
			wantMigrated:  true,
			wantAWSPrefix: []string{"sts:GetCallerIdentity", "s3:HeadBucket " + bucket},
		},
		{
			name:          "fresh clone: the state is read from the bucket",
			bucketExists:  true,
			stateList:     []string{"aws_dynamodb_table.lock", "aws_s3_bucket.state"},
			want:          []string{bootstrapReconf, bootstrapStateList, bootstrapApply, bootstrapOutput},
			wantOverride:  []bool{false, false, false, false},
			wantAWSPrefix: []string{"sts:GetCallerIdentity", "s3:HeadBucket " + bucket},
		},
		{
			name:          "re-run with the backend settings: no account lookup",
			bucketExists:  true,
			backendHCL:    true,
			stateList:     []string{"aws_s3_bucket.state"},
			want:          []string{bootstrapReconf, bootstrapStateList, bootstrapApply, bootstrapOutput},
			wantOverride:  []bool{false, false, false, false},
			wantAWSPrefix: []string{"s3:HeadBucket " + bucket},
		},
		{
			name:          "upgrade: a laptop's local state moves into the bucket",
			bucketExists:  true,
			backendHCL:    true,
			localState:    true,
			want:          []string{bootstrapMigrate, bootstrapApply, bootstrapOutput},
			wantOverride:  []bool{false, false, false},
			wantMigrated:  true,
			wantAWSPrefix: []string{"s3:HeadBucket " + bucket},
		},
		{
			name:          "bucket without bootstrap state: import first, nothing applied",
			bucketExists:  true,
			want:          []string{bootstrapReconf, bootstrapStateList},
			wantOverride:  []bool{false, false},
			wantCode:      ExitFailed,
			wantErr:       "import -var-file={repo}/platform.example.tfvars aws_s3_bucket.state platform-tfstate-123456789012",
			wantAWSPrefix: []string{"sts:GetCallerIdentity", "s3:HeadBucket " + bucket},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			dir := filepath.Join(te.repo, "terraform", "bootstrap")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			w := &overrideWatch{next: te.tf, override: filepath.Join(dir, "backend_override.tf"), state: filepath.Join(dir, "terraform.tfstate")}
			te.env.clients.terraform = w
			withStateBucket(te, map[string]bool{bucket: tt.bucketExists}, nil)
			te.tf.state["bootstrap"] = tt.stateList
			if tt.backendHCL {
				writeBackendForTest(t, te)
			}
			if tt.localState {
				writeFile(t, w.state, `{"version":4}`)
			}
			wantCode := tt.wantCode
			if code := te.run("bootstrap"); code != wantCode {
				t.Fatalf("exit code = %d, want %d; stderr:\n%s", code, wantCode, te.stderr)
			}
			assertCalls(t, te.tf.Calls(), expand(te.repo, tt.want...))
			if strings.Join(boolStrings(w.seen), " ") != strings.Join(boolStrings(tt.wantOverride), " ") {
				t.Errorf("backend_override.tf present per call = %v, want %v", w.seen, tt.wantOverride)
			}
			if _, err := os.Stat(w.override); err == nil {
				t.Errorf("backend_override.tf left behind")
			}
			if calls := te.aws.Calls(); !hasPrefix(calls, tt.wantAWSPrefix) {
				t.Errorf("AWS calls = %v, want them to start with %v", calls, tt.wantAWSPrefix)
			}
			_, localErr := os.Stat(w.state)
			backup := filepath.Join(te.repo, ".platform", "bootstrap.local.tfstate.migrated")
			_, backupErr := os.Stat(backup)
			switch {
			case tt.wantMigrated && (localErr == nil || backupErr != nil):
				t.Errorf("after the move into the bucket, %s must be gone (%v) and kept as %s (%v)", w.state, localErr, backup, backupErr)
			case !tt.wantMigrated && backupErr == nil:
				t.Errorf("%s written although nothing was migrated", backup)
			}
			if tt.wantErr != "" {
				if !strings.Contains(te.stderr.String(), strings.ReplaceAll(tt.wantErr, "{repo}", te.repo)) {
					t.Errorf("stderr lacks %q:\n%s", tt.wantErr, te.stderr)
				}
				return
			}
			b, err := os.ReadFile(filepath.Join(te.repo, ".platform", "backend.hcl"))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{`bucket       = "platform-tfstate-123456789012"`, `region       = "us-east-1"`, "use_lockfile = true", "encrypt      = true"} {
				if !strings.Contains(string(b), want) {
					t.Errorf("backend.hcl lacks %q:\n%s", want, b)
				}
			}
		})
	}
}

func TestBootstrapStopsWhenTheBucketCannotBeChecked(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	withStateBucket(te, nil, &smithy.GenericAPIError{Code: "Forbidden", Message: "Forbidden"})
	if code := te.run("bootstrap"); code != ExitFailed {
		t.Fatalf("exit code = %d, want %d", code, ExitFailed)
	}
	if calls := te.tf.Calls(); len(calls) != 0 {
		t.Errorf("terraform ran: %v", calls)
	}
	if !strings.Contains(te.stderr.String(), "check the state bucket platform-tfstate-123456789012") || !strings.Contains(te.stderr.String(), "change name_prefix") {
		t.Errorf("stderr = %s", te.stderr)
	}
}

func TestBootstrapWithoutBucketOutput(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	withStateBucket(te, nil, nil)
	te.tf.outputs["bootstrap"] = `{}`
	if code := te.run("bootstrap"); code != ExitFailed {
		t.Fatalf("exit code = %d, want 1", code)
	}
	if !strings.Contains(te.stderr.String(), `no "bucket_name" output: check terraform/bootstrap/outputs.tf`) {
		t.Errorf("stderr = %s", te.stderr)
	}
	if _, err := os.Stat(filepath.Join(te.repo, ".platform", "backend.hcl")); err == nil {
		t.Errorf("backend.hcl written without a bucket")
	}
	if code := te.run("bootstrap", "base-infra"); code != ExitUsage {
		t.Errorf("bootstrap with an argument: exit %d, want %d", code, ExitUsage)
	}
}

// Reading the bootstrap layer (plan) goes to the bucket, and refuses while a
// local state still waits to be moved there.
func TestPlanBootstrapReadsTheBucket(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	writeBackendForTest(t, te)
	if code := te.run("plan", "bootstrap"); code != ExitOK {
		t.Fatalf("exit code = %d; stderr:\n%s", code, te.stderr)
	}
	assertCalls(t, te.tf.Calls(), expand(te.repo,
		"bootstrap init "+bootstrapS3Config,
		"bootstrap plan -input=false -compact-warnings -var-file={repo}/platform.example.tfvars -no-color",
	))

	te = newTestEnv(t)
	writeBackendForTest(t, te)
	writeFile(t, filepath.Join(te.repo, "terraform", "bootstrap", "terraform.tfstate"), `{"version":4}`)
	if code := te.run("plan", "bootstrap"); code != ExitFailed {
		t.Fatalf("exit code = %d, want %d", code, ExitFailed)
	}
	if !strings.Contains(te.stderr.String(), "run 'platformctl bootstrap' to move it into the state bucket") || len(te.tf.Calls()) != 0 {
		t.Errorf("stderr = %s, terraform calls %v", te.stderr, te.tf.Calls())
	}
}

func boolStrings(bs []bool) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = map[bool]string{true: "yes", false: "no"}[b]
	}
	return out
}

func hasPrefix(got, prefix []string) bool {
	if len(got) < len(prefix) {
		return false
	}
	for i := range prefix {
		if got[i] != prefix[i] {
			return false
		}
	}
	return true
}
func TestLocalModeWorkspace(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	te.vars["PLATFORM_BACKEND"] = "local"
	writeFile(t, filepath.Join(te.repo, "terraform", "base-infra", "main.tf"), "# v1\n")
	writeFile(t, filepath.Join(te.repo, "terraform", "base-infra", "backend_override.tf"), "# a developer's own override\n")
	ws := mustWorkspace(t, te)
	if err := ws.prepare(); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(te.repo, ".platform", "work", "terraform", "base-infra")
	// Terraform's working data survives the next copy; stale files do not.
	writeFile(t, filepath.Join(work, ".terraform", "providers", "p"), "cached")
	writeFile(t, filepath.Join(work, "stale.tf"), "# removed from the repository\n")
	writeFile(t, filepath.Join(te.repo, "terraform", "base-infra", "main.tf"), "# v2\n")
	if err := ws.prepare(); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		path, want string
		exists     bool
	}{
		{filepath.Join(work, "main.tf"), "# v2\n", true},
		{filepath.Join(work, ".terraform", "providers", "p"), "cached", true},
		{filepath.Join(work, "stale.tf"), "", false},
		{filepath.Join(work, "backend_override.tf"), `path = "` + filepath.Join(te.repo, ".platform", "state", "base-infra.tfstate") + `"`, true},
	}
	for _, c := range checks {
		b, err := os.ReadFile(c.path)
		switch {
		case !c.exists && err == nil:
			t.Errorf("%s should not exist", c.path)
		case c.exists && (err != nil || !strings.Contains(string(b), c.want)):
			t.Errorf("%s = %q (%v), want it to contain %q", c.path, b, err, c.want)
		}
	}
	if got := ws.dir(bootstrapLayer()); got != filepath.Join(te.repo, ".platform", "work", "terraform", "bootstrap") {
		t.Errorf("dir(bootstrap) = %s", got)
	}
	// The repository's own folders are untouched.
	if b, _ := os.ReadFile(filepath.Join(te.repo, "terraform", "base-infra", "backend_override.tf")); string(b) != "# a developer's own override\n" {
		t.Errorf("the repository's backend_override.tf changed: %q", b)
	}
}
