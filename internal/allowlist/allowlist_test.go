package allowlist

import (
	"slices"
	"testing"

	"github.com/hari328/platform/internal/contract"
)

func TestDefaultParameterNameIsTheContracts(t *testing.T) {
	if DefaultParameterName != contract.AllowedEmails {
		t.Errorf("DefaultParameterName = %q, want contract.AllowedEmails %q", DefaultParameterName, contract.AllowedEmails)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"friend@example.com", "friend@example.com"},
		{"  Friend@Example.COM\t", "friend@example.com"},
		{"\n", ""},
		{"first.last+tag@gmail.com", "first.last+tag@gmail.com"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		value string
		want  []string
	}{
		{"one", "owner@example.com", []string{"owner@example.com"}},
		{"several with spaces and case", " B@example.com, a@Example.com ,c@example.com", []string{"a@example.com", "b@example.com", "c@example.com"}},
		{"empty entries dropped", ",a@example.com,,", []string{"a@example.com"}},
		{"duplicates after normalising dropped", "a@example.com,A@EXAMPLE.COM", []string{"a@example.com"}},
		{"empty", "", []string{}},
		{"only commas and spaces", " , ,", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := Parse(tt.value)
			if got := l.Emails(); !slices.Equal(got, tt.want) {
				t.Errorf("Parse(%q).Emails() = %q, want %q", tt.value, got, tt.want)
			}
			if l.Len() != len(tt.want) {
				t.Errorf("Len() = %d, want %d", l.Len(), len(tt.want))
			}
		})
	}
}

func TestContains(t *testing.T) {
	l := Parse("owner@example.com, Friend@Gmail.com")
	tests := []struct {
		email string
		want  bool
	}{
		{"owner@example.com", true},
		{"friend@gmail.com", true},
		{"  FRIEND@gmail.COM ", true},
		{"friend@gmail.co", false},
		{"riend@gmail.com", false},
		{"friend@gmail.com.evil.example", false},
		{"", false},
		{"   ", false},
	}
	for _, tt := range tests {
		if got := l.Contains(tt.email); got != tt.want {
			t.Errorf("Contains(%q) = %v, want %v", tt.email, got, tt.want)
		}
	}
	if (List{}).Contains("owner@example.com") {
		t.Error("the zero List must contain nothing")
	}
}

func TestString(t *testing.T) {
	l := New([]string{"b@example.com", " A@example.com"})
	if got, want := l.String(), "a@example.com,b@example.com"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := Parse(l.String()).Emails(); !slices.Equal(got, l.Emails()) {
		t.Errorf("Parse(String()) = %q, want %q", got, l.Emails())
	}
}
