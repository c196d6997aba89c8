// Package scaffold writes the Terraform folder of a new app repo (Layer 2a) from the
// runnable example terraform/examples/tenant-app: the module sources become git sources
// pointing at this repository, and the service name and host are set to the app's.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/hari328/platform/internal/layers"
)

// DefaultModuleSource is where an app repo fetches the platform's modules; <m> is replaced by
// the module folder name (ecs-service, platform, ...).
const DefaultModuleSource = "git::https://github.com/hari328/platform.git//terraform/modules/<m>?ref=main"

// ModulePlaceholder is replaced by the module folder name in a module source template.
const ModulePlaceholder = "<m>"

// serviceModule is the module whose name and host inputs are the app's.
const serviceModule = "ecs-service"

// NamePattern is the app name rule, the same as the validation of the name
// variable of terraform/modules/ecs-service (name_test.go checks that the
// module uses this exact pattern). The name becomes the ECR repository
// <name_prefix>/<name>, whose components must match ECR's own rule, from the
// CreateRepository API reference
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html):
// `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`, so a
// separator only ever sits between two letters or digits: "orders-" and "a--b"
// are refused by ECR at apply time. The name is also the ECS service name,
// the target group name prefix and part of IAM role names, which allow no
// "." or "_", so hyphen is the only separator kept, and it starts with a
// letter like the rest of the platform's names.
const NamePattern = `^[a-z][a-z0-9]*(-[a-z0-9]+)*$`

// NameMinLen and NameMaxLen bound the app name: ECR needs at least 2
// characters; 31 is the module's limit (names derived from it, such as the
// target group's, are length-limited).
const (
	NameMinLen = 2
	NameMaxLen = 31
)

var (
	nameRE = regexp.MustCompile(NamePattern)
	hostRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
)

// ValidateName checks an app name with NamePattern and the reserved service
// names, and says what exactly is wrong.
func ValidateName(name string) error {
	bad := func(why string) error {
		return fmt.Errorf("invalid app name %q: %s (e.g. orders or order-api)", name, why)
	}
	switch {
	case len(name) < NameMinLen || len(name) > NameMaxLen:
		return bad(fmt.Sprintf("use %d to %d characters", NameMinLen, NameMaxLen))
	case name[0] < 'a' || name[0] > 'z':
		return bad("start with a lowercase letter")
	case strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != "":
		return bad("use only lowercase letters, digits and hyphens")
	case strings.HasSuffix(name, "-"):
		return bad("do not end with a hyphen (ECR repository names allow a hyphen only between letters or digits)")
	case strings.Contains(name, "--"):
		return bad("use single hyphens (ECR repository names allow a hyphen only between letters or digits)")
	case !nameRE.MatchString(name):
		return bad("use lowercase letters and digits separated by single hyphens")
	case slices.Contains(layers.PlatformServices, name):
		return fmt.Errorf("app name %q is taken by the platform's own %s service in the shared cluster: pick another name", name, name)
	}
	return nil
}

// ValidateHost checks an app's host label: one DNS label, not one the
// platform serves itself (layers.PlatformHosts, the Cognito sign-in host
// layers.ReservedAuthHost) nor one of reserved (e.g. the label of the
// configured cognito_custom_domain).
func ValidateHost(host string, reserved ...string) error {
	if !hostRE.MatchString(host) {
		return fmt.Errorf("invalid --host %q: use one DNS label such as api (the wildcard certificate covers one level under the domain)", host)
	}
	if slices.Contains(layers.PlatformHosts, host) || host == layers.ReservedAuthHost || slices.Contains(reserved, host) {
		return fmt.Errorf("--host %q is a host the platform serves itself (%s.<domain>): pick another host such as api", host, host)
	}
	return nil
}

// Options describe one app folder to write.
type Options struct {
	ExampleDir string // terraform/examples/tenant-app
	DestDir    string // the app repo's terraform/ folder; must not exist yet (or be empty)
	Name       string // ECS service name
	Host       string // DNS label under the platform domain
	// ReservedHosts are further host labels the platform uses in this
	// configuration (the label of cognito_custom_domain).
	ReservedHosts []string
	ModuleSource  string // template with <m>; empty means DefaultModuleSource
}

// Validate checks the options with the rules of terraform/modules/ecs-service; it touches
// no file.
func (o Options) Validate() error {
	if err := ValidateName(o.Name); err != nil {
		return err
	}
	if err := ValidateHost(o.Host, o.ReservedHosts...); err != nil {
		return err
	}
	if o.ModuleSource != "" && !strings.Contains(o.ModuleSource, ModulePlaceholder) {
		return fmt.Errorf("invalid --module-source %q: it must contain %s where the module folder name goes, e.g. %s", o.ModuleSource, ModulePlaceholder, DefaultModuleSource)
	}
	return nil
}

// Result lists what was written.
type Result struct {
	Dir      string   `json:"dir"`
	Files    []string `json:"files"`    // relative to Dir
	Modules  []string `json:"modules"`  // module sources rewritten, as written
	Rewrites []string `json:"rewrites"` // where the name and host were set
}

// skip reports files of the example that must not be copied: Terraform working data,
// state, lock files made offline, local overrides, and the example's own tests, which
// assert the example's name, host and the rule priority derived from it.
func skip(rel string, d fs.DirEntry) bool {
	base := d.Name()
	if d.IsDir() {
		return base == ".terraform" || filepath.ToSlash(rel) == "tests"
	}
	return base == ".terraform.lock.hcl" ||
		strings.HasSuffix(base, ".tfstate") || strings.Contains(base, ".tfstate.") ||
		strings.HasSuffix(base, "_override.tf") || base == "override.tf" ||
		strings.HasSuffix(base, ".tfplan")
}

// New writes the app folder. It writes nothing unless every file could be rewritten.
func New(o Options) (Result, error) {
	if err := o.Validate(); err != nil {
		return Result{}, err
	}
	if o.ModuleSource == "" {
		o.ModuleSource = DefaultModuleSource
	}
	if err := checkDest(o.DestDir); err != nil {
		return Result{}, err
	}
	example, err := filepath.Abs(o.ExampleDir)
	if err != nil {
		return Result{}, fmt.Errorf("resolve example folder %s: %w", o.ExampleDir, err)
	}
	files, err := readTree(example)
	if err != nil {
		return Result{}, err
	}
	if !slices.ContainsFunc(files, func(f file) bool { return strings.HasSuffix(f.rel, ".tf") }) {
		return Result{}, fmt.Errorf("read example %s: it holds no .tf file: pass the platform repository with --repo", example)
	}

	res := Result{Dir: o.DestDir, Files: []string{}, Modules: []string{}, Rewrites: []string{}} // [] rather than null in JSON
	if err := rewrite(example, files, o, &res); err != nil {
		return Result{}, err
	}
	if err := writeTree(o.DestDir, files); err != nil {
		return Result{}, err
	}
	for _, f := range files {
		res.Files = append(res.Files, f.rel)
	}
	return res, nil
}

func checkDest(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check %s: %w: pass another folder with --dir", dir, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("refusing to overwrite %s: the folder exists and is not empty: pass another folder with --dir, or move it away", dir)
	}
	return nil
}

type file struct {
	rel  string // slash-separated, relative to the example
	data []byte
	hcl  *hclwrite.File // .tf files
}

func readTree(root string) ([]file, error) {
	var files []file
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		if skip(rel, d) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f := file{rel: filepath.ToSlash(rel), data: data}
		if strings.HasSuffix(rel, ".tf") {
			hf, diags := hclwrite.ParseConfig(data, rel, hcl.InitialPos)
			if diags.HasErrors() {
				return fmt.Errorf("parse %s: %s", rel, diags.Error())
			}
			f.hcl = hf
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read example %s: %w: pass the platform repository with --repo", root, err)
	}
	return files, nil
}

// rewrite changes module sources, then the name and host of every ecs-service call.
func rewrite(example string, files []file, o Options, res *Result) error {
	setVars := map[string]string{}   // variable feeding name/host -> value
	setLocals := map[string]string{} // local feeding name/host -> value
	fixes := map[int][]commentFix{}  // per file: comments beside rewritten values

	for i := range files {
		f := &files[i]
		if f.hcl == nil {
			continue
		}
		dir := path.Dir(f.rel)
		for _, mod := range moduleBlocks(f.hcl.Body()) {
			src, ok := literal(mod.Body().GetAttribute("source"))
			if !ok {
				continue
			}
			m, ok := platformModule(example, dir, src)
			if !ok {
				continue
			}
			newSrc := strings.ReplaceAll(o.ModuleSource, ModulePlaceholder, m)
			mod.Body().SetAttributeValue("source", cty.StringVal(newSrc))
			if !slices.Contains(res.Modules, newSrc) {
				res.Modules = append(res.Modules, newSrc)
			}
			if m != serviceModule {
				continue
			}
			for _, kv := range [][2]string{{"name", o.Name}, {"host", o.Host}} {
				attr, value := kv[0], kv[1]
				a := mod.Body().GetAttribute(attr)
				if a == nil {
					return fmt.Errorf("rewrite %s: module %q sets no %s: the example must pass %s to %s", f.rel, labelOf(mod), attr, attr, serviceModule)
				}
				if old, ok := literal(a); ok {
					fixes[i] = append(fixes[i], commentFix{attr: attr, old: old, new: value})
					mod.Body().SetAttributeValue(attr, cty.StringVal(value))
					res.Rewrites = append(res.Rewrites, fmt.Sprintf("%s: module.%s.%s = %q", f.rel, labelOf(mod), attr, value))
					continue
				}
				kind, name, ok := reference(a)
				if !ok {
					return fmt.Errorf("rewrite %s: module %q sets %s from an expression platformctl cannot rewrite: set it to a literal, var.X or local.X in the example", f.rel, labelOf(mod), attr)
				}
				if kind == "var" {
					setVars[name] = value
				} else {
					setLocals[name] = value
				}
			}
		}
	}

	for i := range files {
		f := &files[i]
		if f.hcl == nil {
			continue
		}
		for _, b := range f.hcl.Body().Blocks() {
			switch {
			case b.Type() == "variable" && len(b.Labels()) == 1:
				if v, ok := setVars[b.Labels()[0]]; ok {
					if old, ok := literal(b.Body().GetAttribute("default")); ok {
						fixes[i] = append(fixes[i], commentFix{attr: "default", old: old, new: v})
					}
					b.Body().SetAttributeValue("default", cty.StringVal(v))
					res.Rewrites = append(res.Rewrites, fmt.Sprintf("%s: variable %q default = %q", f.rel, b.Labels()[0], v))
					delete(setVars, b.Labels()[0])
				}
			case b.Type() == "locals":
				for _, name := range slices.Sorted(maps.Keys(setLocals)) {
					v := setLocals[name]
					if a := b.Body().GetAttribute(name); a != nil {
						if old, ok := literal(a); ok {
							fixes[i] = append(fixes[i], commentFix{attr: name, old: old, new: v})
						}
						b.Body().SetAttributeValue(name, cty.StringVal(v))
						res.Rewrites = append(res.Rewrites, fmt.Sprintf("%s: local.%s = %q", f.rel, name, v))
						delete(setLocals, name)
					}
				}
			}
		}
	}
	for name := range setVars {
		return fmt.Errorf("rewrite example: variable %q feeds the service but is not declared in a .tf file of the example", name)
	}
	for name := range setLocals {
		return fmt.Errorf("rewrite example: local %q feeds the service but is not defined in a locals block of the example", name)
	}
	if len(res.Modules) == 0 {
		return fmt.Errorf("rewrite example %s: no module block calls terraform/modules/*: is it the tenant-app example?", example)
	}
	for i := range files {
		if files[i].hcl != nil {
			files[i].data = fixComments(hclwrite.Format(files[i].hcl.Bytes()), fixes[i])
		}
	}
	// The backend comment names the app's state key (docs/contract.md, "Backend").
	for _, list := range fixes {
		for _, fx := range list {
			if fx.new != o.Name || fx.old == "" || fx.old == fx.new {
				continue
			}
			oldKey, newKey := "apps/"+fx.old+"/terraform.tfstate", "apps/"+fx.new+"/terraform.tfstate"
			for i := range files {
				if files[i].hcl != nil {
					files[i].data = []byte(strings.ReplaceAll(string(files[i].data), oldKey, newKey))
				}
			}
		}
	}
	return nil
}

// commentFix is a rewritten value whose line may carry a comment naming the old value
// (`host = "api" # -> api.<domain>`).
type commentFix struct{ attr, old, new string }

// fixComments replaces the old value by the new one, as a whole word, in the comment at the
// end of each rewritten line, so the comment does not describe the example any more.
func fixComments(src []byte, fixes []commentFix) []byte {
	if len(fixes) == 0 {
		return src
	}
	lines := strings.Split(string(src), "\n")
	for _, fx := range fixes {
		if fx.old == "" || fx.old == fx.new {
			continue
		}
		line := regexp.MustCompile(`^(\s*` + regexp.QuoteMeta(fx.attr) + `\s*=\s*"` + regexp.QuoteMeta(fx.new) + `"\s*(?:#|//))(.*)$`)
		word := regexp.MustCompile(`\b` + regexp.QuoteMeta(fx.old) + `\b`)
		for j, l := range lines {
			if m := line.FindStringSubmatch(l); m != nil {
				lines[j] = m[1] + word.ReplaceAllLiteralString(m[2], fx.new)
			}
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

func moduleBlocks(body *hclwrite.Body) []*hclwrite.Block {
	var mods []*hclwrite.Block
	for _, b := range body.Blocks() {
		if b.Type() == "module" {
			mods = append(mods, b)
		}
	}
	return mods
}

func labelOf(b *hclwrite.Block) string {
	if l := b.Labels(); len(l) > 0 {
		return l[0]
	}
	return b.Type()
}

// platformModule reports whether a local module source, written in a file of folder dir
// (relative to the example), points at terraform/modules/<m> outside the example, and
// returns <m>.
func platformModule(example, dir, src string) (string, bool) {
	if !strings.HasPrefix(src, "./") && !strings.HasPrefix(src, "../") {
		return "", false
	}
	target := filepath.Clean(filepath.Join(example, filepath.FromSlash(dir), filepath.FromSlash(src)))
	if rel, err := filepath.Rel(example, target); err == nil && !strings.HasPrefix(rel, "..") {
		return "", false // a helper module inside the example is copied with it
	}
	if filepath.Base(filepath.Dir(target)) != "modules" {
		return "", false
	}
	return filepath.Base(target), true
}

// literal returns the value of an attribute that is a plain string literal.
func literal(a *hclwrite.Attribute) (string, bool) {
	if a == nil {
		return "", false
	}
	expr, diags := hclsyntax.ParseExpression(a.Expr().BuildTokens(nil).Bytes(), "", hcl.InitialPos)
	if diags.HasErrors() {
		return "", false
	}
	if len(expr.Variables()) > 0 {
		return "", false
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() || !v.Type().Equals(cty.String) || v.IsNull() {
		return "", false
	}
	return v.AsString(), true
}

// reference returns ("var"|"local", name) for an attribute that is exactly var.X or local.X.
func reference(a *hclwrite.Attribute) (string, string, bool) {
	expr, diags := hclsyntax.ParseExpression(a.Expr().BuildTokens(nil).Bytes(), "", hcl.InitialPos)
	if diags.HasErrors() {
		return "", "", false
	}
	st, ok := expr.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(st.Traversal) != 2 {
		return "", "", false
	}
	root := st.Traversal.RootName()
	attr, ok := st.Traversal[1].(hcl.TraverseAttr)
	if !ok || (root != "var" && root != "local") {
		return "", "", false
	}
	return root, attr.Name, true
}

func writeTree(dest string, files []file) (err error) {
	created := false
	if _, statErr := os.Stat(dest); errors.Is(statErr, fs.ErrNotExist) {
		created = true
	}
	defer func() {
		if err != nil && created {
			os.RemoveAll(dest)
		}
	}()
	for _, f := range files {
		p := filepath.Join(dest, filepath.FromSlash(f.rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
	}
	return nil
}
