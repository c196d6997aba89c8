// Package friends edits who may sign in to the platform: the allowlist kept in the SSM
// StringList parameter /infra/sso/allowed-emails (docs/contract.md, docs/sso.md), and, when a
// friend is removed, their Cognito user, which the pre-sign-up trigger never sees again once
// it exists (DESIGN-NOTES "Auth and DNS").
package friends

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	idptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/hari328/platform/internal/allowlist"
	"github.com/hari328/platform/internal/config"
	"github.com/hari328/platform/internal/contract"
)

// Parameter names (docs/contract.md).
const (
	AllowlistParameter  = contract.AllowedEmails // StringList owned by `platformctl friends`
	UserPoolIDParameter = contract.UserPoolID
)

// ssmAPI lists the SSM calls this package makes.
type ssmAPI interface {
	GetParameter(ctx context.Context, in *ssm.GetParameterInput, optFns ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
	PutParameter(ctx context.Context, in *ssm.PutParameterInput, optFns ...func(*ssm.Options)) (*ssm.PutParameterOutput, error)
}

// cognitoAPI lists the Cognito user pool calls this package makes.
type cognitoAPI interface {
	ListUsers(ctx context.Context, in *cognitoidentityprovider.ListUsersInput, optFns ...func(*cognitoidentityprovider.Options)) (*cognitoidentityprovider.ListUsersOutput, error)
	AdminDisableUser(ctx context.Context, in *cognitoidentityprovider.AdminDisableUserInput, optFns ...func(*cognitoidentityprovider.Options)) (*cognitoidentityprovider.AdminDisableUserOutput, error)
}

// Service edits the allowlist and the user pool.
type Service struct {
	ssm   ssmAPI
	users cognitoAPI
}

// New returns a Service using the real SSM and Cognito clients.
func New(cfg aws.Config) *Service {
	return &Service{ssm: ssm.NewFromConfig(cfg), users: cognitoidentityprovider.NewFromConfig(cfg)}
}

// NewWith returns a Service over the given clients (tests pass fakes).
func NewWith(params ssmAPI, users cognitoAPI) *Service {
	return &Service{ssm: params, users: users}
}

// ValidateEmail accepts a bare address ("friend@example.com"): no display name, no angle
// brackets, no comma (the StringList separator), no quoted local part. It makes no AWS call.
func ValidateEmail(email string) error {
	fix := "give a bare address like friend@example.com"
	if strings.TrimSpace(email) == "" {
		return fmt.Errorf("invalid email: it is empty: %s", fix)
	}
	if strings.ContainsAny(email, `,"<> `+"\t\r\n") {
		return fmt.Errorf("invalid email %q: it contains a comma, quote, angle bracket or space: %s", email, fix)
	}
	addr, err := mail.ParseAddress(email)
	if err != nil {
		return fmt.Errorf("invalid email %q: %s: %s", email, strings.TrimPrefix(err.Error(), "mail: "), fix)
	}
	if addr.Name != "" || addr.Address != email {
		return fmt.Errorf("invalid email %q: it has a display name: %s", email, fix)
	}
	if !config.ValidEmail(email) {
		return fmt.Errorf("invalid email %q: its domain is not a DNS name with a top-level domain: %s", email, fix)
	}
	return nil
}

// List returns the admitted addresses, sorted.
func (s *Service) List(ctx context.Context) ([]string, error) {
	l, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	return l.Emails(), nil
}

// AddResult says what Add did.
type AddResult struct {
	Email   string   `json:"email"`
	Added   bool     `json:"added"` // false: the address was already on the list
	Friends []string `json:"friends"`
}

// Add puts email on the allowlist unless it is already there (compared case-insensitively).
func (s *Service) Add(ctx context.Context, email string) (AddResult, error) {
	if err := ValidateEmail(email); err != nil {
		return AddResult{}, err
	}
	l, err := s.read(ctx)
	if err != nil {
		return AddResult{}, err
	}
	res := AddResult{Email: allowlist.Normalize(email)}
	if l.Contains(email) {
		res.Friends = l.Emails()
		return res, nil
	}
	next := allowlist.New(append(l.Emails(), email))
	if err := s.write(ctx, next); err != nil {
		return AddResult{}, err
	}
	res.Added, res.Friends = true, next.Emails()
	return res, nil
}

// RemoveResult says what Remove did.
type RemoveResult struct {
	Email           string   `json:"email"`
	Removed         bool     `json:"removed"`          // false: the address was not on the list
	DisabledUsers   []string `json:"disabled_users"`   // Cognito usernames disabled now
	AlreadyDisabled []string `json:"already_disabled"` // Cognito usernames that were disabled before
	Friends         []string `json:"friends"`          // the list after the change
}

// ErrOwner is returned when asked to remove the owner's address.
var ErrOwner = errors.New("the owner cannot be removed")

// Remove takes email off the allowlist and disables every Cognito user with that email, so
// a friend who has signed in before cannot sign in again. The owner's address (owner_email
// in platform.tfvars) is refused: removing it would lock the platform's admin out of Grafana.
// Remove is safe to re-run: a missing address or an already disabled user is not an error.
func (s *Service) Remove(ctx context.Context, email, owner string) (RemoveResult, error) {
	if err := ValidateEmail(email); err != nil {
		return RemoveResult{}, err
	}
	if owner != "" && allowlist.Normalize(owner) == allowlist.Normalize(email) {
		return RemoveResult{}, fmt.Errorf("remove %s: %w: it is owner_email in the config; change owner_email in platform.tfvars and apply base-infra first", email, ErrOwner)
	}
	l, err := s.read(ctx)
	if err != nil {
		return RemoveResult{}, err
	}
	res := RemoveResult{Email: allowlist.Normalize(email), Friends: l.Emails()}
	if l.Contains(email) {
		var rest []string
		for _, e := range l.Emails() {
			if e != res.Email {
				rest = append(rest, e)
			}
		}
		if len(rest) == 0 {
			return RemoveResult{}, fmt.Errorf("remove %s: it is the only address on the allowlist and SSM cannot store an empty list: add another address first with 'platformctl friends add EMAIL'", email)
		}
		next := allowlist.New(rest)
		if err := s.write(ctx, next); err != nil {
			return RemoveResult{}, err
		}
		res.Removed, res.Friends = true, next.Emails()
	}

	pool, err := s.userPoolID(ctx)
	if err != nil {
		return res, err
	}
	users, err := s.usersWithEmail(ctx, pool, res.Email)
	if err != nil {
		return res, err
	}
	for _, u := range users {
		name := aws.ToString(u.Username)
		if !u.Enabled {
			res.AlreadyDisabled = append(res.AlreadyDisabled, name)
			continue
		}
		if _, err := s.users.AdminDisableUser(ctx, &cognitoidentityprovider.AdminDisableUserInput{
			UserPoolId: aws.String(pool),
			Username:   aws.String(name),
		}); err != nil {
			return res, fmt.Errorf("disable Cognito user %s: %w: re-run 'platformctl friends remove %s' (the allowlist is already updated)", name, err, email)
		}
		res.DisabledUsers = append(res.DisabledUsers, name)
	}
	return res, nil
}

func (s *Service) read(ctx context.Context) (allowlist.List, error) {
	out, err := s.ssm.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(AllowlistParameter)})
	if err != nil {
		var nf *ssmtypes.ParameterNotFound
		if errors.As(err, &nf) {
			return allowlist.List{}, fmt.Errorf("read allowlist %s: the parameter does not exist: apply base-infra first with 'platformctl up base-infra'", AllowlistParameter)
		}
		return allowlist.List{}, fmt.Errorf("read allowlist %s: %w: check your AWS credentials with 'platformctl doctor'", AllowlistParameter, err)
	}
	if out.Parameter == nil {
		return allowlist.List{}, nil
	}
	return allowlist.Parse(aws.ToString(out.Parameter.Value)), nil
}

func (s *Service) write(ctx context.Context, l allowlist.List) error {
	// Overwrite keeps the parameter Terraform created (it ignores changes to the value);
	// the type stays StringList.
	_, err := s.ssm.PutParameter(ctx, &ssm.PutParameterInput{
		Name:      aws.String(AllowlistParameter),
		Value:     aws.String(l.String()),
		Type:      ssmtypes.ParameterTypeStringList,
		Overwrite: aws.Bool(true),
	})
	if err != nil {
		return fmt.Errorf("write allowlist %s: %w: check that your credentials may call ssm:PutParameter, then re-run", AllowlistParameter, err)
	}
	return nil
}

func (s *Service) userPoolID(ctx context.Context) (string, error) {
	out, err := s.ssm.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(UserPoolIDParameter)})
	if err != nil {
		return "", fmt.Errorf("read user pool id %s: %w: apply base-infra first with 'platformctl up base-infra'", UserPoolIDParameter, err)
	}
	if out.Parameter == nil || aws.ToString(out.Parameter.Value) == "" {
		return "", fmt.Errorf("read user pool id %s: the parameter is empty: apply base-infra with 'platformctl up base-infra'", UserPoolIDParameter)
	}
	return aws.ToString(out.Parameter.Value), nil
}

// usersWithEmail lists the pool's users whose email attribute equals email. A Google user's
// username is "google_<sub>", so the email attribute is the only way to find them.
func (s *Service) usersWithEmail(ctx context.Context, pool, email string) ([]idptypes.UserType, error) {
	in := &cognitoidentityprovider.ListUsersInput{
		UserPoolId: aws.String(pool),
		Filter:     aws.String(fmt.Sprintf("email = %q", email)),
	}
	var users []idptypes.UserType
	for {
		out, err := s.users.ListUsers(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("find Cognito users with email %s: %w: check that your credentials may call cognito-idp:ListUsers, then re-run", email, err)
		}
		users = append(users, out.Users...)
		if aws.ToString(out.PaginationToken) == "" {
			return users, nil
		}
		in.PaginationToken = out.PaginationToken
	}
}
