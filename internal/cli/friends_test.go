package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	idptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/hari328/platform/internal/friends"
)

// friendsFake answers the SSM and Cognito calls of `friends` and records them.
type friendsFake struct {
	mu        sync.Mutex
	calls     []string
	allowlist string
	version   int64 // of the allowlist parameter; each PutParameter adds one, as SSM does
	users     []idptypes.UserType
}

// GetParameters is in awsapi.SSM for status and verify; friends never calls it.
func (f *friendsFake) GetParameters(context.Context, *ssm.GetParametersInput, ...func(*ssm.Options)) (*ssm.GetParametersOutput, error) {
	return nil, errors.New("friends does not call GetParameters")
}

func (f *friendsFake) record(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
}

func (f *friendsFake) GetParameter(_ context.Context, in *ssm.GetParameterInput, _ ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	f.record("GetParameter " + aws.ToString(in.Name))
	switch aws.ToString(in.Name) {
	case friends.AllowlistParameter:
		return &ssm.GetParameterOutput{Parameter: &ssmtypes.Parameter{Value: aws.String(f.allowlist), Version: f.version}}, nil
	case friends.UserPoolIDParameter:
		return &ssm.GetParameterOutput{Parameter: &ssmtypes.Parameter{Value: aws.String("us-east-1_pool")}}, nil
	}
	return nil, errors.New("ParameterNotFound")
}

func (f *friendsFake) PutParameter(_ context.Context, in *ssm.PutParameterInput, _ ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
	f.record(fmt.Sprintf("PutParameter %s %s %s", aws.ToString(in.Name), in.Type, aws.ToString(in.Value)))
	f.allowlist = aws.ToString(in.Value)
	f.version++
	return &ssm.PutParameterOutput{Version: f.version}, nil
}

func (f *friendsFake) ListUsers(_ context.Context, in *cognitoidentityprovider.ListUsersInput, _ ...func(*cognitoidentityprovider.Options)) (*cognitoidentityprovider.ListUsersOutput, error) {
	f.record(fmt.Sprintf("ListUsers %s %s", aws.ToString(in.UserPoolId), aws.ToString(in.Filter)))
	return &cognitoidentityprovider.ListUsersOutput{Users: f.users}, nil
}

func (f *friendsFake) AdminDisableUser(_ context.Context, in *cognitoidentityprovider.AdminDisableUserInput, _ ...func(*cognitoidentityprovider.Options)) (*cognitoidentityprovider.AdminDisableUserOutput, error) {
	f.record(fmt.Sprintf("AdminDisableUser %s %s", aws.ToString(in.UserPoolId), aws.ToString(in.Username)))
	return &cognitoidentityprovider.AdminDisableUserOutput{}, nil
}

// withFriendsFake points `friends` at a fake and counts the AWS configurations loaded.
func withFriendsFake(t *testing.T, te *testEnv, allowlist string) (*friendsFake, *int) {
	t.Helper()
	f := &friendsFake{allowlist: allowlist}
	te.env.clients.friends = func(aws.Config) *friends.Service { return friends.NewWith(f, f) }
	loads := 0
	awsConfig := te.env.AWS
	te.env.AWS = func(ctx context.Context) (aws.Config, error) {
		loads++
		return awsConfig(ctx)
	}
	return f, &loads
}

func TestFriendsCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		users      []idptypes.UserType
		wantStdout string
		wantStderr string
		wantCalls  []string
	}{
		{
			name: "list", args: []string{"friends", "list"},
			wantStdout: "friend@example.com\nowner@hari328.net\n",
			wantCalls:  []string{"GetParameter /infra/sso/allowed-emails"},
		},
		{
			name: "add", args: []string{"friends", "add", "New.Friend@Example.com"},
			wantStderr: "added new.friend@example.com",
			wantCalls: []string{
				"GetParameter /infra/sso/allowed-emails",
				"PutParameter /infra/sso/allowed-emails StringList friend@example.com,new.friend@example.com,owner@hari328.net",
			},
		},
		{
			name: "add twice is a no-op", args: []string{"friends", "add", "FRIEND@example.com"},
			wantStderr: "friend@example.com is already on the allowlist: nothing changed",
			wantCalls:  []string{"GetParameter /infra/sso/allowed-emails"},
		},
		{
			name: "remove", args: []string{"friends", "remove", "friend@example.com"},
			users:      []idptypes.UserType{{Username: aws.String("google_1093"), Enabled: true}},
			wantStderr: "disabled Cognito user google_1093: no new sign-in; a browser session already open ends when its cookie expires",
			wantCalls: []string{
				"GetParameter /infra/sso/allowed-emails",
				"PutParameter /infra/sso/allowed-emails StringList owner@hari328.net",
				"GetParameter /infra/sso/user-pool-id",
				`ListUsers us-east-1_pool email = "friend@example.com"`,
				"AdminDisableUser us-east-1_pool google_1093",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			f, _ := withFriendsFake(t, te, "owner@hari328.net,friend@example.com")
			f.users = tt.users
			if code := te.run(tt.args...); code != ExitOK {
				t.Fatalf("exit %d, stderr %q", code, te.stderr.String())
			}
			if tt.wantStdout != "" && te.stdout.String() != tt.wantStdout {
				t.Errorf("stdout = %q, want %q", te.stdout.String(), tt.wantStdout)
			}
			if !strings.Contains(te.stderr.String(), tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", te.stderr.String(), tt.wantStderr)
			}
			if !slices.Equal(f.calls, tt.wantCalls) {
				t.Errorf("calls:\n got %q\nwant %q", f.calls, tt.wantCalls)
			}
		})
	}
}

func TestFriendsListJSON(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	withFriendsFake(t, te, "b@example.com,a@example.com")
	if code := te.run("friends", "list", "--json"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, te.stderr.String())
	}
	var got struct{ Friends []string }
	if err := json.Unmarshal(te.stdout.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Friends, []string{"a@example.com", "b@example.com"}) {
		t.Errorf("friends = %q", got.Friends)
	}
}

// Bad input: one line naming the fix, no AWS configuration loaded, no AWS call.
func TestFriendsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string
	}{
		{"malformed email on add", []string{"friends", "add", "not-an-email"}, ExitUsage, `invalid email "not-an-email"`},
		{"display name on add", []string{"friends", "add", "Bob <bob@example.com>"}, ExitUsage, "give a bare address like friend@example.com"},
		{"two addresses on remove", []string{"friends", "remove", "a@example.com,b@example.com"}, ExitUsage, "comma"},
		{"no email", []string{"friends", "add"}, ExitUsage, "takes exactly one EMAIL"},
		{"no sub-command", []string{"friends"}, ExitUsage, "friends needs a sub-command"},
		{"unknown sub-command", []string{"friends", "invite", "a@example.com"}, ExitUsage, `unknown friends sub-command "invite"`},
		{"the owner", []string{"friends", "remove", "Owner@Hari328.net"}, ExitFailed, "the owner cannot be removed: it is owner_email in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			f, loads := withFriendsFake(t, te, "owner@hari328.net")
			code := te.run(tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d", code, tt.wantCode)
			}
			msg := te.stderr.String()
			if !strings.Contains(msg, tt.want) || strings.Count(msg, "\n") != 1 {
				t.Errorf("stderr = %q, want one line containing %q", msg, tt.want)
			}
			if *loads != 0 || len(f.calls) != 0 {
				t.Errorf("bad input loaded AWS config %d time(s) and made calls %q", *loads, f.calls)
			}
		})
	}
}

func TestFriendsWithoutCredentials(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	f, _ := withFriendsFake(t, te, "owner@hari328.net")
	te.aws.noCreds = true
	if code := te.run("friends", "add", "friend@example.com"); code != ExitFailed {
		t.Errorf("exit %d, want %d", code, ExitFailed)
	}
	if !strings.Contains(te.stderr.String(), "no AWS credentials") || len(f.calls) != 0 {
		t.Errorf("stderr %q, calls %q", te.stderr.String(), f.calls)
	}
}
