package presignup

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/hari328/platform/internal/allowlist"
)

// fakeList is the allowlist source seen by the handler.
type fakeList struct {
	list  allowlist.List
	err   error
	calls int
}

func (f *fakeList) Load(context.Context) (allowlist.List, error) {
	f.calls++
	return f.list, f.err
}

// event reads testdata/<file> and applies edit to its decoded form, so every test
// event keeps the shape Cognito really sends.
func event(t *testing.T, file string, edit func(ev map[string]any, attrs map[string]any)) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	if edit == nil {
		return raw
	}
	var ev map[string]any
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	attrs := ev["request"].(map[string]any)["userAttributes"].(map[string]any)
	edit(ev, attrs)
	out, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func setAttr(name string, value any) func(map[string]any, map[string]any) {
	return func(_ map[string]any, attrs map[string]any) { attrs[name] = value }
}

func deleteAttr(name string) func(map[string]any, map[string]any) {
	return func(_ map[string]any, attrs map[string]any) { delete(attrs, name) }
}

func TestInvoke(t *testing.T) {
	listed := allowlist.Parse("owner@example.com,friend@gmail.com")
	unreadable := errors.New("operation error SSM: GetParameter, ParameterNotFound")

	tests := []struct {
		name       string
		payload    func(t *testing.T) []byte
		list       allowlist.List
		listErr    error
		wantAdmit  bool
		wantReason Reason
		wantLoads  int // allowlist reads expected
	}{
		{
			name:      "external provider, listed email is admitted",
			payload:   func(t *testing.T) []byte { return event(t, "external-provider.json", nil) },
			list:      listed,
			wantAdmit: true, wantLoads: 1,
		},
		{
			name: "external provider, unlisted email is refused",
			payload: func(t *testing.T) []byte {
				return event(t, "external-provider.json", setAttr("email", "stranger@gmail.com"))
			},
			list:       listed,
			wantReason: ReasonNotOnAllowlist, wantLoads: 1,
		},
		{
			name: "mixed case and surrounding spaces still match",
			payload: func(t *testing.T) []byte {
				return event(t, "external-provider.json", setAttr("email", "  Friend@GMail.COM \t"))
			},
			list:      listed,
			wantAdmit: true, wantLoads: 1,
		},
		{
			name: "a longer address containing a listed one is refused",
			payload: func(t *testing.T) []byte {
				return event(t, "external-provider.json", setAttr("email", "xfriend@gmail.com"))
			},
			list:       listed,
			wantReason: ReasonNotOnAllowlist, wantLoads: 1,
		},
		{
			name: "email_verified false is refused",
			payload: func(t *testing.T) []byte {
				return event(t, "external-provider.json", setAttr("email_verified", "false"))
			},
			list:       listed,
			wantReason: ReasonEmailNotVerified,
		},
		{
			name:       "email_verified missing is refused",
			payload:    func(t *testing.T) []byte { return event(t, "external-provider.json", deleteAttr("email_verified")) },
			list:       listed,
			wantReason: ReasonEmailNotVerified,
		},
		{
			name:       "email_verified with an unexpected value is refused",
			payload:    func(t *testing.T) []byte { return event(t, "external-provider.json", setAttr("email_verified", "yes")) },
			list:       listed,
			wantReason: ReasonEmailNotVerified,
		},
		{
			name:       "missing email is refused",
			payload:    func(t *testing.T) []byte { return event(t, "external-provider.json", deleteAttr("email")) },
			list:       listed,
			wantReason: ReasonMissingEmail,
		},
		{
			name:       "blank email is refused",
			payload:    func(t *testing.T) []byte { return event(t, "external-provider.json", setAttr("email", "   ")) },
			list:       listed,
			wantReason: ReasonMissingEmail,
		},
		{
			name:       "empty allowlist refuses everyone",
			payload:    func(t *testing.T) []byte { return event(t, "external-provider.json", nil) },
			listErr:    allowlist.ErrEmpty,
			wantReason: ReasonAllowlistEmpty, wantLoads: 1,
		},
		{
			name:       "an empty list returned without error still refuses",
			payload:    func(t *testing.T) []byte { return event(t, "external-provider.json", nil) },
			list:       allowlist.List{},
			wantReason: ReasonAllowlistEmpty, wantLoads: 1,
		},
		{
			name:       "unreadable allowlist refuses everyone",
			payload:    func(t *testing.T) []byte { return event(t, "external-provider.json", nil) },
			list:       listed, // ignored: the error wins
			listErr:    unreadable,
			wantReason: ReasonAllowlistUnreadable, wantLoads: 1,
		},
		{
			name:       "malformed event (not JSON) is refused",
			payload:    func(*testing.T) []byte { return []byte(`{"triggerSource": "PreSignUp_ExternalProvider", `) },
			list:       listed,
			wantReason: ReasonMalformedEvent,
		},
		{
			name: "malformed event (attribute of the wrong type) is refused",
			payload: func(t *testing.T) []byte {
				return event(t, "external-provider.json", setAttr("email_verified", true))
			},
			list:       listed,
			wantReason: ReasonMalformedEvent,
		},
		{
			name:       "event without request is refused for its missing email",
			payload:    func(*testing.T) []byte { return []byte(`{"triggerSource": "PreSignUp_ExternalProvider"}`) },
			list:       listed,
			wantReason: ReasonMissingEmail,
		},
		{
			name: "unknown trigger source is refused",
			payload: func(t *testing.T) []byte {
				return event(t, "external-provider.json", func(ev, _ map[string]any) { ev["triggerSource"] = "PreSignUp_Something" })
			},
			list:       listed,
			wantReason: ReasonUnknownTrigger,
		},
		{
			name:       "self sign-up is refused even for a listed email",
			payload:    func(t *testing.T) []byte { return event(t, "sign-up.json", nil) },
			list:       listed,
			wantReason: ReasonSelfSignUp,
		},
		{
			name:      "admin-created user is admitted without reading the list",
			payload:   func(t *testing.T) []byte { return event(t, "admin-create-user.json", nil) },
			listErr:   unreadable,
			wantAdmit: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			list := &fakeList{list: tt.list, err: tt.listErr}
			h := New(list, slog.New(slog.NewJSONHandler(&logs, nil)))
			payload := tt.payload(t)

			out, err := h.Invoke(context.Background(), payload)

			if list.calls != tt.wantLoads {
				t.Errorf("allowlist read %d times, want %d", list.calls, tt.wantLoads)
			}
			entry := lastLogEntry(t, &logs)
			if tt.wantAdmit {
				if err != nil {
					t.Fatalf("Invoke() refused (%v), want admitted", err)
				}
				if !bytes.Equal(out, payload) {
					t.Errorf("Invoke() = %s, want the event returned unchanged", out)
				}
				if entry["msg"] != "sign-up admitted" {
					t.Errorf("log msg = %v, want %q", entry["msg"], "sign-up admitted")
				}
				return
			}
			var refusal *Refusal
			if !errors.As(err, &refusal) {
				t.Fatalf("Invoke() error = %v, want a *Refusal", err)
			}
			if refusal.Reason != tt.wantReason {
				t.Errorf("refusal reason = %q, want %q", refusal.Reason, tt.wantReason)
			}
			if out != nil {
				t.Errorf("Invoke() returned %s with a refusal, want nil", out)
			}
			if entry["msg"] != "sign-up refused" || entry["reason"] != string(tt.wantReason) || entry["level"] != "WARN" {
				t.Errorf("log entry = %v, want a WARN \"sign-up refused\" with reason %q", entry, tt.wantReason)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "sign-up refused: ") || strings.Contains(msg, "@") {
				t.Errorf("refusal message %q must start with \"sign-up refused: \" and name no address", msg)
			}
			if strings.Contains(logs.String(), "do-not-log-me") {
				t.Errorf("log %s contains client metadata; it must not", logs.String())
			}
		})
	}
}

// TestRefusalLogNamesTheEmail: the owner reads the log to learn whom to invite.
func TestRefusalLogNamesTheEmail(t *testing.T) {
	var logs bytes.Buffer
	h := New(&fakeList{list: allowlist.Parse("owner@example.com")}, slog.New(slog.NewJSONHandler(&logs, nil)))
	_, err := h.Invoke(context.Background(), event(t, "external-provider.json", setAttr("email", " Stranger@Gmail.com")))
	if err == nil {
		t.Fatal("Invoke() admitted an unlisted email")
	}
	entry := lastLogEntry(t, &logs)
	want := map[string]string{
		"email":          "stranger@gmail.com",
		"trigger_source": "PreSignUp_ExternalProvider",
		"user_pool_id":   "us-east-1_AbCdEfGhI",
		"user_name":      "Google_104593012345678901234",
		"reason":         "not_on_allowlist",
	}
	for k, v := range want {
		if entry[k] != v {
			t.Errorf("log %q = %v, want %q", k, entry[k], v)
		}
	}
}

func TestUnreadableListLogsTheError(t *testing.T) {
	var logs bytes.Buffer
	h := New(&fakeList{err: errors.New("AccessDeniedException")}, slog.New(slog.NewJSONHandler(&logs, nil)))
	if _, err := h.Invoke(context.Background(), event(t, "external-provider.json", nil)); err == nil {
		t.Fatal("Invoke() admitted with an unreadable list")
	}
	entry := lastLogEntry(t, &logs)
	if e, _ := entry["error"].(string); !strings.Contains(e, "AccessDeniedException") {
		t.Errorf("log error = %q, want the SSM error", e)
	}
}

func lastLogEntry(t *testing.T, logs *bytes.Buffer) map[string]any {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	var entry map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &entry); err != nil {
		t.Fatalf("log line %q is not JSON: %v", lines[len(lines)-1], err)
	}
	return entry
}
