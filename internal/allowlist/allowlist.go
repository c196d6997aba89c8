// Package allowlist holds the list of email addresses admitted to the platform's
// single sign-on (docs/sso.md): how an address is normalised, how the list is
// stored in its SSM StringList parameter, and a cached reader for that parameter.
//
// The pre-sign-up Lambda (cmd/presignup) and `platformctl friends` both use it,
// so an address written by one is matched by the other.
package allowlist

import (
	"slices"
	"strings"
)

// DefaultParameterName is the SSM parameter holding the allowlist
// (docs/contract.md). It equals contract.AllowedEmails (a test checks it); it is
// not taken from there so the Lambda binary does not link internal/contract's
// HCL parser.
const DefaultParameterName = "/infra/sso/allowed-emails"

// Normalize returns the form in which an email address is stored and compared:
// surrounding white space removed and lower-cased. Nothing else is changed:
// "first.last@gmail.com" and "firstlast@gmail.com" stay different addresses.
func Normalize(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// List is a set of normalised email addresses.
type List struct {
	emails []string // normalised, sorted, unique, no empty entries
}

// New builds a List from raw addresses, normalising each and dropping empty ones
// and duplicates.
func New(emails []string) List {
	out := make([]string, 0, len(emails))
	for _, e := range emails {
		if n := Normalize(e); n != "" {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return List{emails: slices.Compact(out)}
}

// Parse reads the value of a StringList parameter (comma-separated, as SSM stores
// lists). Empty entries and surrounding spaces are ignored.
func Parse(value string) List {
	return New(strings.Split(value, ","))
}

// Contains reports whether email, once normalised, is on the list. The empty
// address is never on the list.
func (l List) Contains(email string) bool {
	n := Normalize(email)
	if n == "" {
		return false
	}
	_, found := slices.BinarySearch(l.emails, n)
	return found
}

// Len is the number of addresses on the list.
func (l List) Len() int { return len(l.emails) }

// Emails returns the normalised addresses, sorted.
func (l List) Emails() []string { return slices.Clone(l.emails) }

// String renders the list as a StringList parameter value. SSM refuses an empty
// value, so callers must not write an empty list (docs/sso.md).
func (l List) String() string { return strings.Join(l.emails, ",") }
