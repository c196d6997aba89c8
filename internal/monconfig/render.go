package monconfig

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// interpolation matches a Terraform template interpolation: ${...} not preceded by the $${ escape.
var interpolation = regexp.MustCompile(`\$\{([^}]*)\}`)

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Render expands a template the way Terraform's templatefile does, for the subset the
// monitoring templates use: ${name} with name a key of vars, the $${ escape (a literal ${) and
// the %%{ escape (a literal %{). A directive (%{...}), an expression or an unknown name is an
// error, so a template that Render accepts renders the same with templatefile.
func Render(tmpl string, vars map[string]string) (string, error) {
	const escDollar, escPercent = "\x00dollar\x00", "\x00percent\x00"
	s := strings.ReplaceAll(tmpl, "$${", escDollar)
	s = strings.ReplaceAll(s, "%%{", escPercent)
	if i := strings.Index(s, "%{"); i >= 0 {
		return "", fmt.Errorf("render template: directive at offset %d: only ${name} is supported; write %%%%{ for a literal %%{", i)
	}
	var errs []string
	out := interpolation.ReplaceAllStringFunc(s, func(m string) string {
		name := strings.TrimSpace(m[2 : len(m)-1])
		if !identifier.MatchString(name) {
			errs = append(errs, fmt.Sprintf("expression %q is not a plain variable name", m))
			return m
		}
		v, ok := vars[name]
		if !ok {
			errs = append(errs, fmt.Sprintf("variable %q is not set", name))
			return m
		}
		return v
	})
	if len(errs) > 0 {
		sort.Strings(errs)
		return "", fmt.Errorf("render template: %s: pass every variable the template uses, or write $${ for a literal ${", strings.Join(errs, "; "))
	}
	out = strings.ReplaceAll(out, escDollar, "${")
	out = strings.ReplaceAll(out, escPercent, "%{")
	return out, nil
}

// TemplateVariables lists the distinct ${name} variables a template uses, sorted.
func TemplateVariables(tmpl string) []string {
	s := strings.ReplaceAll(tmpl, "$${", "")
	seen := map[string]bool{}
	for _, m := range interpolation.FindAllStringSubmatch(s, -1) {
		seen[strings.TrimSpace(m[1])] = true
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
