package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/hari328/platform/internal/allowlist"
	"github.com/hari328/platform/internal/friends"
	"github.com/hari328/platform/internal/jsonout"
)

// friendsService builds the friends service from the SDK configuration
// (clients.friends in tests).
func (e *Env) friendsService(cfg aws.Config) *friends.Service {
	if e.clients.friends != nil {
		return e.clients.friends(cfg)
	}
	c := e.awsClients(cfg)
	return friends.NewWith(c.SSM, c.Cognito)
}

const friendsUsage = "platformctl friends list | add EMAIL | remove EMAIL [--json]"

func newFriendsCmd(env *Env) *cobra.Command {
	friendsCmd := newLeaf(env, "friends", `Edits the SSO allowlist (/infra/sso/allowed-emails): who may sign in with Google. 'remove' also
disables the friend's Cognito user and refuses the owner's address (owner_email in the config);
the friend's current ALB session cookie stays valid until it expires (docs/sso.md). A malformed
address is refused before any AWS call.`, `  platformctl friends list
  platformctl friends add friend@gmail.com
  platformctl friends remove friend@gmail.com --json`, awsRequired, runFriends)
	jsonFlag(env, friendsCmd, true)
	for _, sub := range []struct{ use, short string }{
		{"list", "Lists the addresses on the allowlist."},
		{"add EMAIL", "Adds EMAIL to the allowlist; they can sign in with Google at once."},
		{"remove EMAIL", "Removes EMAIL from the allowlist and disables their Cognito user."},
	} {
		verb := strings.Fields(sub.use)[0]
		c := newLeaf(env, sub.use, sub.short, "  platformctl friends "+strings.Replace(sub.use, "EMAIL", "friend@gmail.com", 1), awsRequired,
			func(ctx context.Context, env *Env, args []string) error {
				return runFriends(ctx, env, append([]string{verb}, args...))
			})
		c.Short = sub.short
		friendsCmd.AddCommand(c)
	}
	return friendsCmd
}

// runFriends: platformctl friends list | add EMAIL | remove EMAIL
//
// Edits the SSO allowlist (/infra/sso/allowed-emails). `remove` also disables the friend's
// Cognito user and refuses the owner's address (owner_email in the config). A malformed
// address is refused before any AWS call.
func runFriends(ctx context.Context, env *Env, rest []string) error {
	if len(rest) == 0 {
		return usagef("friends needs a sub-command: usage: %s", friendsUsage)
	}
	verb, rest := rest[0], rest[1:]
	var email string
	switch verb {
	case "list":
		if len(rest) != 0 {
			return usagef("friends list takes no arguments (got %q): usage: %s", rest[0], friendsUsage)
		}
	case "add", "remove":
		if len(rest) != 1 {
			return usagef("friends %s takes exactly one EMAIL: usage: %s", verb, friendsUsage)
		}
		email = rest[0]
		if err := friends.ValidateEmail(email); err != nil {
			return &UsageError{Msg: err.Error()}
		}
	default:
		return usagef("unknown friends sub-command %q: %susage: %s", verb, didYouMean(closest(verb, "list", "add", "remove"), ""), friendsUsage)
	}

	cfg, err := env.Config()
	if err != nil {
		return err
	}
	if verb == "remove" && strings.EqualFold(strings.TrimSpace(email), strings.TrimSpace(cfg.OwnerEmail)) {
		// Refused before any AWS call; friends.Remove refuses it too.
		return fmt.Errorf("remove %s: %w: it is owner_email in %s; change owner_email there and apply base-infra first", email, friends.ErrOwner, cfg.Path)
	}
	awsCfg, err := env.AWS(ctx)
	if err != nil {
		return err
	}
	svc := env.friendsService(awsCfg)

	switch verb {
	case "list":
		list, err := svc.List(ctx)
		if err != nil {
			return err
		}
		if env.JSON {
			return jsonout.Write(env.Stdout, struct {
				Friends []string `json:"friends"`
			}{Friends: nonNil(list)})
		}
		for _, e := range list {
			fmt.Fprintln(env.Stdout, e)
		}
		return nil
	case "add":
		res, err := svc.Add(ctx, email)
		if err != nil {
			return err
		}
		if res.Added {
			fmt.Fprintf(env.Stderr, "added %s: they can sign in with Google within %d minute(s) (the pre-sign-up check caches the list)\n", res.Email, int(allowlist.RefreshInterval.Minutes()))
		} else {
			fmt.Fprintf(env.Stderr, "%s is already on the allowlist: nothing changed\n", res.Email)
		}
		if env.JSON {
			return jsonout.Write(env.Stdout, res)
		}
		return nil
	default: // remove
		res, err := svc.Remove(ctx, email, cfg.OwnerEmail)
		if err != nil {
			return err
		}
		if res.Removed {
			fmt.Fprintf(env.Stderr, "removed %s from the allowlist\n", res.Email)
		} else {
			fmt.Fprintf(env.Stderr, "%s was not on the allowlist\n", res.Email)
		}
		for _, u := range res.DisabledUsers {
			// Disabling stops new sign-ins and token refreshes; a session cookie the ALB already
			// issued lives until it expires (docs/sso.md, "Adding and revoking friends").
			fmt.Fprintf(env.Stderr, "disabled Cognito user %s: no new sign-in; a browser session already open ends when its cookie expires (at most 12 h)\n", u)
		}
		for _, u := range res.AlreadyDisabled {
			fmt.Fprintf(env.Stderr, "Cognito user %s was already disabled\n", u)
		}
		if len(res.DisabledUsers)+len(res.AlreadyDisabled) == 0 {
			fmt.Fprintf(env.Stderr, "no Cognito user has the email %s (they never signed in)\n", res.Email)
		}
		if env.JSON {
			return jsonout.Write(env.Stdout, res)
		}
		return nil
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
