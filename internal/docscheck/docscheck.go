// Package docscheck keeps the repository self-contained in what it cites. No file may refer
// to design notes kept outside the clone, or to the directory beside it that CI reads the
// offline provider from (only .ci/run may, it installs that provider): every decision the
// code relies on is a record in docs/decisions/. And every link to such a record, whether a
// markdown link or a docs/decisions/NNNN-*.md path in a comment, must name a file that exists.
package docscheck

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// The two names no file may mention, assembled so that this file does not mention them.
var (
	outsideNotes  = "DESIGN-" + "NOTES"
	outsideShared = "../" + "shared"
)

var (
	// outsideRef matches either name; the sibling directory only as a whole path segment
	// (a sibling named shared-config is somebody else's directory).
	outsideRef = regexp.MustCompile(`(?i)` + regexp.QuoteMeta(outsideNotes) + `|` +
		regexp.QuoteMeta(outsideShared) + `(?:[^A-Za-z0-9_-]|$)`)
	// mdLink matches a markdown inline link target: [text](target "title").
	mdLink = regexp.MustCompile(`\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	// recordName is the file name of a decision record.
	recordName = regexp.MustCompile(`^[0-9]{4}-[A-Za-z0-9._-]*\.md$`)
	// recordPath is a record cited by its path from the repository root, in any file.
	// The character before it must not continue a path ("../docs/..." is a relative link).
	recordPath = regexp.MustCompile(`(^|[^A-Za-z0-9_./-])(docs/decisions/[0-9]{4}-[A-Za-z0-9._-]*\.md)`)
)

// skipDirs are never read: version control, Terraform working data, and the ignored folders
// of built artefacts, tools and local platform settings (.gitignore).
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true}

var skipRootEntries = map[string]bool{
	"build": true, "bin": true, ".tools": true, ".platform": true,
	"platform.tfvars": true, // the user's local configuration, ignored by git
}

// allowedOutside may name the sibling directory: CI installs the offline provider from it.
const allowedOutside = ".ci/run"

// Finding is one problem, at a line of a file (path relative to the root, slash-separated).
type Finding struct {
	Path string
	Line int
	Msg  string
}

func (f Finding) String() string { return fmt.Sprintf("%s:%d: %s", f.Path, f.Line, f.Msg) }

// Check reads every text file below root and reports each mention of the outside notes or
// directory and each citation of a decision record that does not resolve to a file.
func Check(root string) ([]Finding, error) {
	var findings []Finding
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if skipRootEntries[rel] {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if skipDirs[d.Name()] {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read %s: %w", rel, err)
		}
		if bytes.IndexByte(data[:min(len(data), 8192)], 0) >= 0 {
			return nil // binary
		}
		findings = append(findings, checkFile(root, rel, string(data))...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", root, err)
	}
	sort.SliceStable(findings, func(i, j int) bool {
		if findings[i].Path != findings[j].Path {
			return findings[i].Path < findings[j].Path
		}
		return findings[i].Line < findings[j].Line
	})
	return findings, nil
}

func checkFile(root, rel, text string) []Finding {
	var out []Finding
	isMarkdown := strings.HasSuffix(rel, ".md")
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		if rel != allowedOutside {
			for _, m := range outsideRef.FindAllString(line, -1) {
				name := outsideNotes
				if strings.HasPrefix(m, "../") {
					name = outsideShared
				}
				out = append(out, Finding{rel, n, fmt.Sprintf(
					"mentions %q, which is not in this repository: cite the decision record in docs/decisions/ that holds it (write one if none does)", name)})
			}
		}
		if isMarkdown {
			for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
				if f, ok := checkLink(root, rel, n, m[1]); !ok {
					out = append(out, f)
				}
			}
		}
		for _, m := range recordPath.FindAllStringSubmatch(line, -1) {
			if !isFile(root, m[2]) {
				out = append(out, Finding{rel, n, fmt.Sprintf(
					"cites %s, which does not exist: fix the path (ls docs/decisions/) or add the record", m[2])})
			}
		}
	}
	return out
}

// checkLink resolves a markdown link target that names a decision record, relative to the
// file that holds it (or to the root when it starts with /). Other targets are not checked.
func checkLink(root, rel string, line int, target string) (Finding, bool) {
	if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") || strings.HasPrefix(target, "#") {
		return Finding{}, true
	}
	if i := strings.IndexAny(target, "#?"); i >= 0 {
		target = target[:i]
	}
	if !recordName.MatchString(path.Base(target)) {
		return Finding{}, true
	}
	resolved := path.Join(path.Dir(rel), target)
	if strings.HasPrefix(target, "/") {
		resolved = strings.TrimPrefix(path.Clean(target), "/")
	}
	if strings.HasPrefix(resolved, "../") || !isFile(root, resolved) {
		return Finding{rel, line, fmt.Sprintf(
			"links to %s, which resolves to %s, not a file of this repository: fix the link (it is relative to %s)",
			target, resolved, path.Dir(rel)+"/")}, false
	}
	return Finding{}, true
}

func isFile(root, rel string) bool {
	info, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
	return err == nil && info.Mode().IsRegular()
}
