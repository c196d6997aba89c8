package friends

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	idptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// fake records every AWS call as one line and answers from its fields.
type fake struct {
	calls      []string
	allowlist  *string // nil: parameter not found
	poolID     string
	users      []idptypes.UserType
	putErr     error
	disableErr error
	getErr     error
	pageSize   int // ListUsers answers this many users a page; 0: all in one
}

func (f *fake) GetParameter(_ context.Context, in *ssm.GetParameterInput, _ ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	name := aws.ToString(in.Name)
	f.calls = append(f.calls, "ssm:GetParameter "+name)
	if f.getErr != nil {
		return nil, f.getErr
	}
	switch name {
	case AllowlistParameter:
		if f.allowlist == nil {
			return nil, &ssmtypes.ParameterNotFound{Message: aws.String("not found")}
		}
		return &ssm.GetParameterOutput{Parameter: &ssmtypes.Parameter{Name: in.Name, Value: f.allowlist, Type: ssmtypes.ParameterTypeStringList}}, nil
	case UserPoolIDParameter:
		return &ssm.GetParameterOutput{Parameter: &ssmtypes.Parameter{Name: in.Name, Value: aws.String(f.poolID)}}, nil
	}
	return nil, fmt.Errorf("unexpected parameter %s", name)
}

func (f *fake) PutParameter(_ context.Context, in *ssm.PutParameterInput, _ ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
	f.calls = append(f.calls, fmt.Sprintf("ssm:PutParameter %s %s %s overwrite=%t", aws.ToString(in.Name), in.Type, aws.ToString(in.Value), aws.ToBool(in.Overwrite)))
	if f.putErr != nil {
		return nil, f.putErr
	}
	f.allowlist = in.Value
	return &ssm.PutParameterOutput{}, nil
}

func (f *fake) ListUsers(_ context.Context, in *cognitoidentityprovider.ListUsersInput, _ ...func(*cognitoidentityprovider.Options)) (*cognitoidentityprovider.ListUsersOutput, error) {
	f.calls = append(f.calls, fmt.Sprintf("cognito:ListUsers %s %s", aws.ToString(in.UserPoolId), aws.ToString(in.Filter)))
	if f.pageSize == 0 {
		return &cognitoidentityprovider.ListUsersOutput{Users: f.users}, nil
	}
	// pageSize users a page, the token being the index of the next one, as the
	// paginator must follow it.
	start := 0
	if in.PaginationToken != nil {
		fmt.Sscan(*in.PaginationToken, &start)
	}
	end := min(start+f.pageSize, len(f.users))
	out := &cognitoidentityprovider.ListUsersOutput{Users: f.users[start:end]}
	if end < len(f.users) {
		out.PaginationToken = aws.String(fmt.Sprint(end))
	}
	return out, nil
}

// GetParameters is in awsapi.SSM for status and verify; friends never calls it.
func (f *fake) GetParameters(context.Context, *ssm.GetParametersInput, ...func(*ssm.Options)) (*ssm.GetParametersOutput, error) {
	f.calls = append(f.calls, "ssm:GetParameters")
	return nil, fmt.Errorf("friends does not call GetParameters")
}

func (f *fake) AdminDisableUser(_ context.Context, in *cognitoidentityprovider.AdminDisableUserInput, _ ...func(*cognitoidentityprovider.Options)) (*cognitoidentityprovider.AdminDisableUserOutput, error) {
	f.calls = append(f.calls, fmt.Sprintf("cognito:AdminDisableUser %s %s", aws.ToString(in.UserPoolId), aws.ToString(in.Username)))
	if f.disableErr != nil {
		return nil, f.disableErr
	}
	return &cognitoidentityprovider.AdminDisableUserOutput{}, nil
}

func newFake(list string) (*fake, *Service) {
	f := &fake{allowlist: aws.String(list), poolID: "us-east-1_abc"}
	return f, &Service{ssm: f, users: f}
}

func user(name string, enabled bool) idptypes.UserType {
	return idptypes.UserType{Username: aws.String(name), Enabled: enabled}
}

func TestValidateEmail(t *testing.T) {
	tests := []struct {
		email   string
		wantErr string
	}{
		{"friend@example.com", ""},
		{"First.Last+tag@Gmail.com", ""},
		{"", "it is empty"},
		{"not-an-email", "it has no '@'"},
		{"Friend <friend@example.com>", "angle bracket"},
		{"a@b.com,c@d.com", "comma"},
		{`"john doe"@example.com`, "quote"},
		{"friend@localhost", "has no top-level domain"},
		{"friend@@example.com", "invalid email"},
		{"(comment)friend@example.com", "invalid email"},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			err := ValidateEmail(tt.email)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ValidateEmail(%q) = %v, want nil", tt.email, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ValidateEmail(%q) = %v, want an error containing %q", tt.email, err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "friend@example.com") {
				t.Errorf("error must be one line naming the fix: %q", err)
			}
		})
	}
}

func TestMalformedEmailMakesNoAWSCall(t *testing.T) {
	for _, op := range []string{"add", "remove"} {
		t.Run(op, func(t *testing.T) {
			f, s := newFake("owner@example.com")
			var err error
			if op == "add" {
				_, err = s.Add(context.Background(), "Friend <friend@example.com>")
			} else {
				_, err = s.Remove(context.Background(), "friend@", "owner@example.com")
			}
			if err == nil {
				t.Fatal("want an error for a malformed email")
			}
			if len(f.calls) != 0 {
				t.Errorf("malformed email made AWS calls: %q", f.calls)
			}
		})
	}
}

func TestAdd(t *testing.T) {
	tests := []struct {
		name      string
		list      string
		email     string
		wantAdded bool
		wantCalls []string
	}{
		{
			name: "new address is appended, normalised and sorted", list: "owner@example.com", email: "Zed@Example.com", wantAdded: true,
			wantCalls: []string{
				"ssm:GetParameter /infra/sso/allowed-emails",
				"ssm:PutParameter /infra/sso/allowed-emails StringList owner@example.com,zed@example.com overwrite=true",
			},
		},
		{
			name: "same address in other case is not added twice", list: "owner@example.com,friend@example.com", email: "FRIEND@example.com",
			wantCalls: []string{"ssm:GetParameter /infra/sso/allowed-emails"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, s := newFake(tt.list)
			res, err := s.Add(context.Background(), tt.email)
			if err != nil {
				t.Fatalf("Add: %v", err)
			}
			if res.Added != tt.wantAdded {
				t.Errorf("Added = %t, want %t", res.Added, tt.wantAdded)
			}
			if !slices.Equal(f.calls, tt.wantCalls) {
				t.Errorf("calls:\n got %q\nwant %q", f.calls, tt.wantCalls)
			}
		})
	}
}

func TestAddWithoutParameterNamesTheFix(t *testing.T) {
	f := &fake{}
	s := &Service{ssm: f, users: f}
	_, err := s.Add(context.Background(), "friend@example.com")
	if err == nil || !strings.Contains(err.Error(), "platformctl up base-infra") {
		t.Fatalf("error = %v, want it to name 'platformctl up base-infra'", err)
	}
}

// A failed read names the fix that matches its cause: a name that does not
// resolve is the network's problem, not the credentials' (issue 12 item 10).
func TestListReadFailureNamesItsCause(t *testing.T) {
	tests := []struct {
		name, want, notWant string
		err                 error
	}{
		{"dns", "check this machine's network and DNS resolver", "credentials with",
			&net.DNSError{Err: "no such host", Name: "ssm.us-east-1.amazonaws.com", IsNotFound: true}},
		{"access denied", "check your AWS credentials with 'platformctl doctor'", "DNS resolver",
			errors.New("AccessDeniedException: not authorized")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{getErr: tt.err}
			s := &Service{ssm: f, users: f}
			_, err := s.List(context.Background())
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), tt.notWant) {
				t.Fatalf("error = %v, want it to contain %q and not %q", err, tt.want, tt.notWant)
			}
		})
	}
}

func TestRemove(t *testing.T) {
	tests := []struct {
		name        string
		list        string
		users       []idptypes.UserType
		email       string
		wantRemoved bool
		wantCalls   []string
		pageSize    int // ListUsers page size; 0: one page
	}{
		{
			name: "friend on the list who signed in", list: "owner@example.com,friend@example.com", email: "Friend@example.com",
			users:       []idptypes.UserType{user("google_123", true)},
			wantRemoved: true,
			wantCalls: []string{
				"ssm:GetParameter /infra/sso/allowed-emails",
				"ssm:PutParameter /infra/sso/allowed-emails StringList owner@example.com overwrite=true",
				"ssm:GetParameter /infra/sso/user-pool-id",
				`cognito:ListUsers us-east-1_abc email = "friend@example.com"`,
				"cognito:AdminDisableUser us-east-1_abc google_123",
			},
		},
		{
			name: "friend never signed in", list: "owner@example.com,friend@example.com", email: "friend@example.com",
			wantRemoved: true,
			wantCalls: []string{
				"ssm:GetParameter /infra/sso/allowed-emails",
				"ssm:PutParameter /infra/sso/allowed-emails StringList owner@example.com overwrite=true",
				"ssm:GetParameter /infra/sso/user-pool-id",
				`cognito:ListUsers us-east-1_abc email = "friend@example.com"`,
			},
		},
		{
			name: "re-run after the list changed still disables the user, skipping disabled ones", list: "owner@example.com", email: "friend@example.com",
			users: []idptypes.UserType{user("google_123", false), user("google_456", true)},
			wantCalls: []string{
				"ssm:GetParameter /infra/sso/allowed-emails",
				"ssm:GetParameter /infra/sso/user-pool-id",
				`cognito:ListUsers us-east-1_abc email = "friend@example.com"`,
				"cognito:AdminDisableUser us-east-1_abc google_456",
			},
		},
		{
			name: "users on two pages are all found (the SDK's ListUsers paginator)", list: "owner@example.com,friend@example.com", email: "friend@example.com",
			users: []idptypes.UserType{user("google_123", true), user("google_456", true)}, pageSize: 1,
			wantRemoved: true,
			wantCalls: []string{
				"ssm:GetParameter /infra/sso/allowed-emails",
				"ssm:PutParameter /infra/sso/allowed-emails StringList owner@example.com overwrite=true",
				"ssm:GetParameter /infra/sso/user-pool-id",
				`cognito:ListUsers us-east-1_abc email = "friend@example.com"`,
				`cognito:ListUsers us-east-1_abc email = "friend@example.com"`,
				"cognito:AdminDisableUser us-east-1_abc google_123",
				"cognito:AdminDisableUser us-east-1_abc google_456",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, s := newFake(tt.list)
			f.users = tt.users
			f.pageSize = tt.pageSize
			res, err := s.Remove(context.Background(), tt.email, "owner@example.com")
			if err != nil {
				t.Fatalf("Remove: %v", err)
			}
			if res.Removed != tt.wantRemoved {
				t.Errorf("Removed = %t, want %t", res.Removed, tt.wantRemoved)
			}
			if !slices.Equal(f.calls, tt.wantCalls) {
				t.Errorf("calls:\n got %q\nwant %q", f.calls, tt.wantCalls)
			}
		})
	}
}

func TestRemoveRefusals(t *testing.T) {
	tests := []struct {
		name    string
		list    string
		email   string
		wantErr string
	}{
		{"the owner, in any case", "owner@example.com,friend@example.com", "OWNER@example.com", "owner cannot be removed"},
		{"the last address", "friend@example.com", "friend@example.com", "add another address first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, s := newFake(tt.list)
			_, err := s.Remove(context.Background(), tt.email, "owner@example.com")
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
			for _, c := range f.calls {
				if !strings.HasPrefix(c, "ssm:GetParameter") {
					t.Errorf("refused removal must not write or disable anything, made %q", c)
				}
			}
		})
	}
	f, s := newFake("owner@example.com,friend@example.com")
	if _, err := s.Remove(context.Background(), "owner@example.com", "owner@example.com"); !errors.Is(err, ErrOwner) {
		t.Errorf("error = %v, want ErrOwner", err)
	}
	if len(f.calls) != 0 {
		t.Errorf("refusing the owner made calls: %q", f.calls)
	}
}

func TestRemoveReportsDisableFailureWithRerun(t *testing.T) {
	f, s := newFake("owner@example.com,friend@example.com")
	f.users = []idptypes.UserType{user("google_123", true)}
	f.disableErr = errors.New("AccessDenied")
	_, err := s.Remove(context.Background(), "friend@example.com", "owner@example.com")
	if err == nil || !strings.Contains(err.Error(), "re-run 'platformctl friends remove friend@example.com'") {
		t.Fatalf("error = %v, want it to say how to re-run", err)
	}
}

func TestList(t *testing.T) {
	f, s := newFake("b@example.com, A@example.com,,a@example.com")
	got, err := s.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a@example.com", "b@example.com"}; !slices.Equal(got, want) {
		t.Errorf("List = %q, want %q", got, want)
	}
	if want := []string{"ssm:GetParameter /infra/sso/allowed-emails"}; !slices.Equal(f.calls, want) {
		t.Errorf("calls = %q, want %q", f.calls, want)
	}
}
