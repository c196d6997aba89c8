package friends

import (
	"strings"
	"testing"
)

// Each malformed address gets a message that says what is wrong with it (not
// net/mail's "missing '@' or angle-addr"), and a label that DNS refuses is
// refused here too.
func TestValidateEmailSaysWhatIsWrong(t *testing.T) {
	tests := []struct {
		email string
		want  string // "" = valid
	}{
		{"friend@gmail.com", ""},
		{"first.last+tag@sub.example.co.uk", ""},
		{"o'brien@example.ie", ""},
		{"friend@xn--bcher-kva.example", ""},
		{"a-b@my-host.example.com", ""},
		{"friend@@gmail.com", "it has more than one '@'"},
		{"a@b@gmail.com", "it has more than one '@'"},
		{"friendgmail.com", "it has no '@'"},
		{"@gmail.com", "nothing comes before the '@'"},
		{"friend@", "nothing comes after the '@'"},
		{"a..b@x.com", "the part before the '@' has two dots in a row"},
		{".a@x.com", "the part before the '@' starts with a dot"},
		{"a.@x.com", "the part before the '@' ends with a dot"},
		{"a(b)@x.com", `the part before the '@' contains '('`},
		{"a\\b@x.com", `the part before the '@' contains '\\'`},
		{strings.Repeat("a", 65) + "@x.com", "the part before the '@' is 65 characters long; the limit is 64"},
		{"friend@gmail.com.", `the domain ends with a dot: write "gmail.com"`},
		{"friend@gmail..com", "the domain has two dots in a row"},
		{"friend@.gmail.com", "the domain starts with a dot"},
		{"friend@-gmail.com", `the domain label "-gmail" starts with a hyphen`},
		{"friend@gmail-.com", `the domain label "gmail-" ends with a hyphen`},
		{"friend@gm_ail.com", `the domain label "gm_ail" contains '_'`},
		{"friend@" + strings.Repeat("a", 64) + ".com", "is longer than 63 characters"},
		{"friend@localhost", `the domain "localhost" has no top-level domain`},
		{"friend@example.c", `the domain ends in "c", which is not a top-level domain`},
		{"friend@example.123", `the domain ends in "123", which is not a top-level domain`},
		{"friend@[127.0.0.1]", `the domain label "[127" contains '['`},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			t.Parallel()
			err := ValidateEmail(tt.email)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("ValidateEmail(%q) = %v, want nil", tt.email, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidateEmail(%q) = nil, want %q", tt.email, tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("ValidateEmail(%q) = %q, want it to say %q", tt.email, msg, tt.want)
			}
			if strings.Contains(msg, "angle-addr") || strings.Contains(msg, "\n") || !strings.HasSuffix(msg, "give a bare address like friend@example.com") {
				t.Errorf("ValidateEmail(%q) = %q, want one specific line ending with the fix", tt.email, msg)
			}
		})
	}
}
