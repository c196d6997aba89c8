package tfcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// TFLint runs tflint with the repository's configuration on one folder of the workspace.
func TFLint(ctx context.Context, ws string, f Folder, config string) []Finding {
	path, err := exec.LookPath("tflint")
	if err != nil {
		return []Finding{{Folder: f.Rel, Step: "tflint", Message: "tflint is not on PATH: run `make tools` (make test does) and put its bin dir on PATH"}}
	}
	dir := filepath.Join(ws, filepath.FromSlash(f.Rel))
	cmd := exec.CommandContext(ctx, path, "--config="+config, "--format=json", "--no-color")
	cmd.Dir = dir // findings then name files relative to the folder
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var doc struct {
		Issues []struct {
			Rule struct {
				Name     string `json:"name"`
				Severity string `json:"severity"`
			} `json:"rule"`
			Message string `json:"message"`
			Range   struct {
				Filename string `json:"filename"`
				Start    struct {
					Line int `json:"line"`
				} `json:"start"`
			} `json:"range"`
		} `json:"issues"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		msg := strings.TrimSpace(stderr.String() + stdout.String())
		if runErr == nil {
			return nil
		}
		return []Finding{{Folder: f.Rel, Step: "tflint", Message: fmt.Sprintf("%v: %s", runErr, msg)}}
	}
	var found []Finding
	for _, e := range doc.Errors {
		found = append(found, Finding{Folder: f.Rel, Step: "tflint", Message: e.Message})
	}
	for _, is := range doc.Issues {
		found = append(found, Finding{
			Folder:  f.Rel,
			Step:    "tflint",
			File:    relTo(dir, is.Range.Filename),
			Line:    is.Range.Start.Line,
			Message: fmt.Sprintf("%s (%s, %s)", is.Message, is.Rule.Name, is.Rule.Severity),
		})
	}
	return found
}

// Trivy scans ws/terraform with trivy's built-in checks, offline, and returns every
// unsuppressed HIGH or CRITICAL misconfiguration, attributed to the folder that holds the file.
func Trivy(ctx context.Context, ws string, folders []Folder, cacheDir string) []Finding {
	path, err := exec.LookPath("trivy")
	if err != nil {
		return []Finding{{Folder: "terraform", Step: "trivy", Message: "trivy is not on PATH: run `make tools` (make test does) and put its bin dir on PATH"}}
	}
	target := filepath.Join(ws, "terraform")
	cmd := exec.CommandContext(ctx, path, "config",
		"--skip-check-update", "--quiet", "--format=json",
		"--severity=HIGH,CRITICAL", "--cache-dir="+cacheDir, target)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return []Finding{{Folder: "terraform", Step: "trivy", Message: fmt.Sprintf("%v: %s", err, strings.TrimSpace(stderr.String()))}}
	}
	return parseTrivy(stdout.Bytes(), folders)
}

func parseTrivy(out []byte, folders []Folder) []Finding {
	var doc struct {
		Results []struct {
			Target            string `json:"Target"`
			Misconfigurations []struct {
				ID            string `json:"ID"`
				AVDID         string `json:"AVDID"`
				Title         string `json:"Title"`
				Message       string `json:"Message"`
				Resolution    string `json:"Resolution"`
				Severity      string `json:"Severity"`
				Status        string `json:"Status"`
				CauseMetadata struct {
					Resource  string `json:"Resource"`
					StartLine int    `json:"StartLine"`
				} `json:"CauseMetadata"`
			} `json:"Misconfigurations"`
		} `json:"Results"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		return []Finding{{Folder: "terraform", Step: "trivy", Message: "read trivy's JSON report: " + err.Error()}}
	}
	// Longest folder first, so a file is attributed to its own folder and not a parent.
	sorted := append([]Folder(nil), folders...)
	sort.Slice(sorted, func(i, j int) bool { return len(sorted[i].Rel) > len(sorted[j].Rel) })
	var found []Finding
	for _, r := range doc.Results {
		target := "terraform/" + filepath.ToSlash(r.Target)
		folder, file := "terraform", target
		for _, f := range sorted {
			if strings.HasPrefix(target, f.Rel+"/") {
				folder, file = f.Rel, strings.TrimPrefix(target, f.Rel+"/")
				break
			}
		}
		for _, m := range r.Misconfigurations {
			if m.Status != "FAIL" {
				continue
			}
			id := m.ID
			if m.AVDID != "" && m.AVDID != m.ID {
				id += "/" + m.AVDID
			}
			found = append(found, Finding{
				Folder: folder,
				Step:   "trivy",
				File:   file,
				Line:   m.CauseMetadata.StartLine,
				Message: fmt.Sprintf("%s %s: %s (%s). %s. Accepted by design? Suppress it above the resource with `#trivy:ignore:%s` and a comment giving the reason.",
					m.Severity, id, m.Message, m.Title, strings.TrimSuffix(m.Resolution, "."), m.ID),
			})
		}
	}
	return found
}

func relTo(dir, file string) string {
	if file == "" {
		return ""
	}
	if filepath.IsAbs(file) {
		if rel, err := filepath.Rel(dir, file); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(file)
}
