package main

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const lambdaPkg = "github.com/aws/aws-lambda-go/lambda"

// The trigger uses no API its pinned aws-lambda-go marks "Deprecated:". The list
// comes from the pinned module's own source (go list finds it in the module cache).
func TestNoDeprecatedLambdaAPI(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}", lambdaPkg).Output()
	if err != nil {
		t.Skipf("go list %s: %v (needs the go command and the module cache)", lambdaPkg, err)
	}
	deprecated := deprecatedNames(t, strings.TrimSpace(string(out)))
	if len(deprecated) == 0 {
		t.Fatalf("found no deprecated identifiers in %s: the scan is broken", lambdaPkg)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		local := ""
		for _, imp := range f.Imports {
			if strings.Trim(imp.Path.Value, `"`) == lambdaPkg {
				local = "lambda"
				if imp.Name != nil {
					local = imp.Name.Name
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == local && deprecated[sel.Sel.Name] {
				t.Errorf("%s uses lambda.%s, which aws-lambda-go marks deprecated", name, sel.Sel.Name)
			}
			return true
		})
	}
}

// deprecatedNames lists the exported functions and types of the package in dir
// whose documentation has a "Deprecated:" paragraph.
func deprecatedNames(t *testing.T, dir string) map[string]bool {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, lambdaPkg)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	isDep := func(d string) bool {
		return strings.Contains(d, "\nDeprecated:") || strings.HasPrefix(d, "Deprecated:")
	}
	for _, f := range p.Funcs {
		names[f.Name] = names[f.Name] || isDep(f.Doc)
	}
	for _, ty := range p.Types {
		names[ty.Name] = names[ty.Name] || isDep(ty.Doc)
		for _, f := range ty.Funcs {
			names[f.Name] = names[f.Name] || isDep(f.Doc)
		}
	}
	for k, v := range names {
		if !v {
			delete(names, k)
		}
	}
	return names
}
