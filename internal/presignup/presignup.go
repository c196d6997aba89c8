// Package presignup is the Cognito pre-sign-up trigger (cmd/presignup): it admits
// a new user only when their email address is on the allowlist kept in SSM
// (docs/decisions/0016-login-cognito-google-allowlist.md, docs/sso.md).
//
// Cognito calls the trigger once per user, before it creates the user:
//   - PreSignUp_ExternalProvider, on a Google user's first sign-in: admitted only
//     when Google says the address is verified and the address is on the list;
//   - PreSignUp_AdminCreateUser, when someone holding IAM rights on the pool
//     created the user with the admin API: admitted (they could equally change
//     the trigger, so refusing would protect nothing);
//   - PreSignUp_SignUp, self sign-up: refused (the pool allows admin creation
//     only, so this should never happen; if it does, the pool was misconfigured).
//
// Anything else, including an event that cannot be decoded, is refused. Returning
// an error refuses the sign-up; returning the event unchanged admits it.
package presignup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hari328/platform/internal/allowlist"
)

// Trigger sources Cognito sends to a pre-sign-up trigger.
const (
	SourceExternalProvider = "PreSignUp_ExternalProvider"
	SourceAdminCreateUser  = "PreSignUp_AdminCreateUser"
	SourceSignUp           = "PreSignUp_SignUp"
)

// Reason says why a sign-up was refused. It is logged, and it is what tests assert.
type Reason string

// The reasons a sign-up is refused.
const (
	ReasonMalformedEvent      Reason = "malformed_event"
	ReasonUnknownTrigger      Reason = "unknown_trigger_source"
	ReasonSelfSignUp          Reason = "self_sign_up_disabled"
	ReasonMissingEmail        Reason = "missing_email"
	ReasonEmailNotVerified    Reason = "email_not_verified"
	ReasonAllowlistEmpty      Reason = "allowlist_empty"
	ReasonAllowlistUnreadable Reason = "allowlist_unreadable"
	ReasonNotOnAllowlist      Reason = "not_on_allowlist"
)

// Decision is the outcome for one event.
type Decision struct {
	Admit  bool
	Reason Reason // empty when admitted
}

// Refusal is the error returned to Cognito when a sign-up is refused. Its text
// reaches the person signing in (the hosted UI passes it on as error_description),
// so it says what to do and never names the list or its contents.
type Refusal struct {
	Reason Reason
}

func (r *Refusal) Error() string {
	switch r.Reason {
	case ReasonAllowlistEmpty, ReasonAllowlistUnreadable:
		return "sign-up refused: the invitation list cannot be checked right now; try again in a minute, and tell the owner if it keeps failing"
	case ReasonEmailNotVerified:
		return "sign-up refused: Google has not verified this account's email address; verify it with Google, then sign in again"
	case ReasonMissingEmail:
		return "sign-up refused: the identity provider sent no email address; sign in with a Google account that has one"
	case ReasonNotOnAllowlist:
		return "sign-up refused: this account is not invited; ask the owner to add your email address, then sign in again"
	default:
		return "sign-up refused: this way of signing up is not allowed; sign in with Google, or ask the owner"
	}
}

// listLoader is what the handler needs from the allowlist source.
type listLoader interface {
	Load(ctx context.Context) (allowlist.List, error)
}

// Handler decides on pre-sign-up events.
type Handler struct {
	list listLoader
	log  *slog.Logger
}

// New returns a Handler reading the allowlist from list (an *allowlist.Source in
// production) and logging decisions to log.
func New(list listLoader, log *slog.Logger) *Handler {
	return &Handler{list: list, log: log}
}

// Invoke implements the Lambda handler: payload is the raw Cognito event. It
// returns the payload unchanged to admit, or a *Refusal to refuse.
func (h *Handler) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	var ev events.CognitoEventUserPoolsPreSignup
	if err := json.Unmarshal(payload, &ev); err != nil {
		// Log only the decoder's message: the payload may carry client metadata.
		h.log.LogAttrs(ctx, slog.LevelWarn, "sign-up refused",
			slog.String("reason", string(ReasonMalformedEvent)),
			slog.String("error", err.Error()))
		return nil, &Refusal{Reason: ReasonMalformedEvent}
	}
	d, email, loadErr := h.Decide(ctx, &ev)
	attrs := []slog.Attr{
		slog.String("trigger_source", ev.TriggerSource),
		slog.String("user_pool_id", ev.UserPoolID),
		slog.String("user_name", ev.UserName),
		slog.String("email", email),
	}
	if !d.Admit {
		attrs = append(attrs, slog.String("reason", string(d.Reason)))
		if loadErr != nil {
			attrs = append(attrs, slog.String("error", loadErr.Error()))
		}
		h.log.LogAttrs(ctx, slog.LevelWarn, "sign-up refused", attrs...)
		return nil, &Refusal{Reason: d.Reason}
	}
	h.log.LogAttrs(ctx, slog.LevelInfo, "sign-up admitted", attrs...)
	// Admit: hand the event back untouched (no auto-confirm, no auto-verify).
	return payload, nil
}

// Decide applies the rules to a decoded event. It returns the decision, the
// normalised email it looked at (for the log), and the allowlist error if reading
// the list failed.
func (h *Handler) Decide(ctx context.Context, ev *events.CognitoEventUserPoolsPreSignup) (Decision, string, error) {
	email := allowlist.Normalize(ev.Request.UserAttributes["email"])
	switch ev.TriggerSource {
	case SourceAdminCreateUser:
		return Decision{Admit: true}, email, nil
	case SourceSignUp:
		return Decision{Reason: ReasonSelfSignUp}, email, nil
	case SourceExternalProvider:
		// handled below
	default:
		return Decision{Reason: ReasonUnknownTrigger}, email, nil
	}

	if email == "" {
		return Decision{Reason: ReasonMissingEmail}, email, nil
	}
	// Cognito passes every attribute as a string; Google's boolean claim, mapped
	// to email_verified by the identity provider's attribute mapping, arrives as
	// "true" or "false". Anything but "true" (including absent) is unverified.
	if !strings.EqualFold(strings.TrimSpace(ev.Request.UserAttributes["email_verified"]), "true") {
		return Decision{Reason: ReasonEmailNotVerified}, email, nil
	}
	list, err := h.list.Load(ctx)
	switch {
	case errors.Is(err, allowlist.ErrEmpty):
		return Decision{Reason: ReasonAllowlistEmpty}, email, err
	case err != nil:
		return Decision{Reason: ReasonAllowlistUnreadable}, email, fmt.Errorf("load allowlist: %w", err)
	case list.Len() == 0:
		return Decision{Reason: ReasonAllowlistEmpty}, email, allowlist.ErrEmpty
	}
	if !list.Contains(email) {
		return Decision{Reason: ReasonNotOnAllowlist}, email, nil
	}
	return Decision{Admit: true}, email, nil
}
