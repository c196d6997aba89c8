// Package friends edits who may sign in to the platform: the allowlist kept in the SSM
// StringList parameter /infra/sso/allowed-emails (docs/contract.md, docs/sso.md), and, when a
// friend is removed, their Cognito user, which the pre-sign-up trigger never sees again once
// it exists (docs/decisions/0016-login-cognito-google-allowlist.md).
package friends

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	idptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/hari328/platform/internal/allowlist"
	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/awsdeadline"
	"github.com/hari328/platform/internal/config"
	"github.com/hari328/platform/internal/contract"
)

// Parameter names (docs/contract.md).
const (
	AllowlistParameter  = contract.AllowedEmails // StringList owned by `platformctl friends`
	UserPoolIDParameter = contract.UserPoolID
)

// Service edits the allowlist and the user pool (the SSM and Cognito
// interfaces of internal/awsapi).
type Service struct {
	ssm   awsapi.SSM
	users awsapi.Cognito
}

// New returns a Service using the real SSM and Cognito clients.
func New(cfg aws.Config) *Service {
	c := awsapi.New(cfg)
	return NewWith(c.SSM, c.Cognito)
}

// NewWith returns a Service over the given clients (tests pass fakes).
func NewWith(params awsapi.SSM, users awsapi.Cognito) *Service {
	return &Service{ssm: params, users: users}
}

// ValidateEmail accepts a bare address ("friend@example.com"): no display name, no angle
// brackets, no comma (the StringList separator), no quoted local part. Each way an address
// can be wrong gets its own message. It makes no AWS call.
//
// The rules: the local part is a dot-atom (RFC 5322 section 3.4.1 and 3.2.3: atext
// characters in dot-separated non-empty runs, so no leading, trailing or doubled dot) of at
// most 64 octets (RFC 5321 section 4.5.3.1.1); the domain is a host name (RFC 1123 section
// 2.1, RFC 1035 section 2.3.1: labels of 1-63 letters, digits and hyphens that neither start
// nor end with a hyphen, at most 253 characters) written without the root's trailing dot,
// with an alphabetic top-level domain.
func ValidateEmail(email string) error {
	const fix = "give a bare address like friend@example.com"
	bad := func(why string, a ...any) error {
		return fmt.Errorf("invalid email %q: %s: %s", email, fmt.Sprintf(why, a...), fix)
	}
	if strings.TrimSpace(email) == "" {
		return fmt.Errorf("invalid email: it is empty: %s", fix)
	}
	if strings.ContainsAny(email, `,"<> `+"\t\r\n") {
		return bad("it contains a comma, quote, angle bracket or space")
	}
	local, domain, found := strings.Cut(email, "@")
	switch {
	case !found:
		return bad("it has no '@'")
	case strings.Contains(domain, "@"):
		return bad("it has more than one '@'")
	case local == "":
		return bad("nothing comes before the '@'")
	case domain == "":
		return bad("nothing comes after the '@'")
	}
	if err := checkLocalPart(local); err != "" {
		return bad("the part before the '@' %s", err)
	}
	if err := checkDomain(domain); err != "" {
		return bad("the domain %s", err)
	}
	addr, err := mail.ParseAddress(email)
	if err != nil {
		return bad("%s", strings.TrimPrefix(err.Error(), "mail: "))
	}
	if addr.Name != "" || addr.Address != email {
		return bad("it has a display name")
	}
	if !config.ValidEmail(email) {
		return bad("its domain is not a DNS name with a top-level domain")
	}
	return nil
}

// checkLocalPart returns what is wrong with an unquoted local part, or "".
func checkLocalPart(local string) string {
	switch {
	case len(local) > 64:
		return fmt.Sprintf("is %d characters long; the limit is 64", len(local))
	case strings.HasPrefix(local, "."):
		return "starts with a dot"
	case strings.HasSuffix(local, "."):
		return "ends with a dot"
	case strings.Contains(local, ".."):
		return "has two dots in a row"
	}
	for _, r := range local {
		if !isAtext(r) && r != '.' {
			return fmt.Sprintf("contains %q, which an address cannot have unquoted", r)
		}
	}
	return ""
}

// isAtext reports whether r may appear in a dot-atom (RFC 5322 section 3.2.3).
func isAtext(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", r)
}

// checkDomain returns what is wrong with the domain of an address, or "".
func checkDomain(domain string) string {
	switch {
	case strings.HasSuffix(domain, "."):
		return fmt.Sprintf("ends with a dot: write %q", strings.TrimRight(domain, "."))
	case strings.HasPrefix(domain, "."):
		return "starts with a dot"
	case strings.Contains(domain, ".."):
		return "has two dots in a row"
	case len(domain) > 253:
		return fmt.Sprintf("is %d characters long; the limit is 253", len(domain))
	case !strings.Contains(domain, "."):
		return fmt.Sprintf("%q has no top-level domain (like .com)", domain)
	}
	labels := strings.Split(domain, ".")
	for _, l := range labels {
		switch {
		case len(l) > 63:
			return fmt.Sprintf("label %q is longer than 63 characters", l)
		case strings.HasPrefix(l, "-"):
			return fmt.Sprintf("label %q starts with a hyphen", l)
		case strings.HasSuffix(l, "-"):
			return fmt.Sprintf("label %q ends with a hyphen", l)
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return fmt.Sprintf("label %q contains %q; only letters, digits and hyphens are allowed", l, r)
			}
		}
	}
	if tld := labels[len(labels)-1]; len(tld) < 2 || strings.ContainsAny(tld, "0123456789-") {
		return fmt.Sprintf("ends in %q, which is not a top-level domain (like .com)", tld)
	}
	return ""
}

// List returns the admitted addresses, sorted.
func (s *Service) List(ctx context.Context) ([]string, error) {
	cur, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	return cur.list.Emails(), nil
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
	cur, err := s.read(ctx)
	if err != nil {
		return AddResult{}, err
	}
	res := AddResult{Email: allowlist.Normalize(email)}
	if cur.list.Contains(email) {
		res.Friends = cur.list.Emails()
		return res, nil
	}
	next, err := s.update(ctx, cur, func(l allowlist.List) (allowlist.List, error) {
		return allowlist.New(append(l.Emails(), email)), nil
	})
	if err != nil {
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
	cur, err := s.read(ctx)
	if err != nil {
		return RemoveResult{}, err
	}
	// [] rather than null in --json when no Cognito user had the address.
	res := RemoveResult{Email: allowlist.Normalize(email), Friends: cur.list.Emails(), DisabledUsers: []string{}, AlreadyDisabled: []string{}}
	if cur.list.Contains(email) {
		next, err := s.update(ctx, cur, func(l allowlist.List) (allowlist.List, error) {
			var rest []string
			for _, e := range l.Emails() {
				if e != res.Email {
					rest = append(rest, e)
				}
			}
			if len(rest) == 0 {
				return allowlist.List{}, fmt.Errorf("remove %s: it is the only address on the allowlist and SSM cannot store an empty list: add another address first with 'platformctl friends add EMAIL'", email)
			}
			return allowlist.New(rest), nil
		})
		if err != nil {
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

// snapshot is the allowlist as stored in one version of its parameter.
type snapshot struct {
	list    allowlist.List
	version int64
}

func (s *Service) read(ctx context.Context) (snapshot, error) {
	out, err := s.ssm.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(AllowlistParameter)})
	if err != nil {
		var nf *ssmtypes.ParameterNotFound
		if errors.As(err, &nf) {
			return snapshot{}, fmt.Errorf("read allowlist %s: the parameter does not exist: apply base-infra first with 'platformctl up base-infra'", AllowlistParameter)
		}
		if _, timedOut := errors.AsType[*awsdeadline.TimeoutError](err); timedOut {
			return snapshot{}, fmt.Errorf("read allowlist %s: %w", AllowlistParameter, err) // names its own fix
		}
		if _, unresolved := errors.AsType[*net.DNSError](err); unresolved {
			return snapshot{}, fmt.Errorf("read allowlist %s: %w: check this machine's network and DNS resolver (and AWS_ENDPOINT_URL if set); the credentials were not tried", AllowlistParameter, err)
		}
		return snapshot{}, fmt.Errorf("read allowlist %s: %w: check your AWS credentials with 'platformctl doctor'", AllowlistParameter, err)
	}
	if out.Parameter == nil {
		return snapshot{}, nil
	}
	return snapshot{list: allowlist.Parse(aws.ToString(out.Parameter.Value)), version: out.Parameter.Version}, nil
}

// readVersion reads one earlier version of the allowlist: GetParameter accepts
// "name:version" as the name (SSM API reference, GetParameter, Name).
func (s *Service) readVersion(ctx context.Context, version int64) (allowlist.List, error) {
	name := fmt.Sprintf("%s:%d", AllowlistParameter, version)
	out, err := s.ssm.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name)})
	if err != nil {
		return allowlist.List{}, fmt.Errorf("read allowlist version %s written by someone else meanwhile: %w: check the list with 'platformctl friends list' and re-run", name, err)
	}
	if out.Parameter == nil {
		return allowlist.List{}, fmt.Errorf("read allowlist version %s: the response has no value: check the list with 'platformctl friends list' and re-run", name)
	}
	return allowlist.Parse(aws.ToString(out.Parameter.Value)), nil
}

// maxWrites bounds how often update writes while others keep writing too.
const maxWrites = 5

// update writes change(base.list) so that no edit made meanwhile by someone
// else (another `friends add` or `remove`) is lost.
//
// SSM has no conditional write: PutParameter with Overwrite replaces whatever
// is there. But every write creates the next version, numbered one more than
// the last ("Working with parameter versions in Parameter Store", Systems
// Manager user guide, which also keeps the last 100 versions readable), and
// PutParameter returns its number (SSM API reference, PutParameter, response
// element Version), so a write that got version base+1 replaced exactly the
// version it was based on.
// A higher number means others wrote versions base+1..got-1 in between, and our
// write replaced their edits. update then reads those versions ("name:version"),
// replays each one's change (what it added, what it removed) on top of its
// own, applies its own change again and writes once more; bounded by maxWrites.
// The other writer needs no repair of its own: its version was base+1 for it.
func (s *Service) update(ctx context.Context, base snapshot, change func(allowlist.List) (allowlist.List, error)) (allowlist.List, error) {
	want, err := change(base.list)
	if err != nil {
		return allowlist.List{}, err
	}
	stored := base
	for range maxWrites {
		got, err := s.write(ctx, want)
		if err != nil {
			return allowlist.List{}, err
		}
		if got == stored.version+1 {
			return want, nil
		}
		merged, prev := want, stored.list
		for v := stored.version + 1; v < got; v++ {
			other, err := s.readVersion(ctx, v)
			if err != nil {
				return allowlist.List{}, err
			}
			merged = replay(merged, prev, other)
			prev = other
		}
		stored = snapshot{list: want, version: got}
		if want, err = change(merged); err != nil {
			return allowlist.List{}, err
		}
		if slices.Equal(want.Emails(), stored.list.Emails()) {
			return want, nil // the edits made meanwhile are already in what we wrote
		}
	}
	return allowlist.List{}, fmt.Errorf("write allowlist %s: others kept changing it at the same time (%d attempts): check it with 'platformctl friends list' and re-run", AllowlistParameter, maxWrites)
}

// replay makes on l the change that turned before into after.
func replay(l, before, after allowlist.List) allowlist.List {
	out := l.Emails()
	for _, e := range after.Emails() {
		if !before.Contains(e) {
			out = append(out, e)
		}
	}
	out = slices.DeleteFunc(out, func(e string) bool { return before.Contains(e) && !after.Contains(e) })
	return allowlist.New(out)
}

// write stores l and returns the version SSM gave it.
func (s *Service) write(ctx context.Context, l allowlist.List) (int64, error) {
	// Overwrite keeps the parameter Terraform created (it ignores changes to the value);
	// the type stays StringList.
	out, err := s.ssm.PutParameter(ctx, &ssm.PutParameterInput{
		Name:      aws.String(AllowlistParameter),
		Value:     aws.String(l.String()),
		Type:      ssmtypes.ParameterTypeStringList,
		Overwrite: aws.Bool(true),
	})
	if err != nil {
		return 0, fmt.Errorf("write allowlist %s: %w: check that your credentials may call ssm:PutParameter, then re-run", AllowlistParameter, err)
	}
	return out.Version, nil
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
	pages := cognitoidentityprovider.NewListUsersPaginator(s.users, in)
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("find Cognito users with email %s: %w: check that your credentials may call cognito-idp:ListUsers, then re-run", email, err)
		}
		users = append(users, out.Users...)
	}
	return users, nil
}
