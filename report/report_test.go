package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/plan"
	"github.com/ncpimage/ncpimage/spec"
)

func change(name string, a plan.Action, line int) *plan.Change {
	pos := spec.Pos{File: "cat/web.yaml", Line: line, Col: 5}
	ch := &plan.Change{Address: "KR/" + name, Action: a, Actions: a.Actions(), Catalog: "web",
		Region: "KR", Name: name, Source: &pos,
		After: &plan.ImageState{Name: name, Region: "KR", Description: "nginx", ServerName: "web-01",
			BlockStorages: []plan.Block{{Order: 0, SnapshotName: "web-01-root", SnapshotInstanceNo: "3001001", SizeGB: 10},
				{Order: 1, Empty: true, SizeGB: 100, VolumeType: "CB1"}, {Order: 2, Exclude: true}}}}
	switch a {
	case plan.ActionCreate:
		ch.Request = &plan.CreateRequest{Region: "KR", ServerInstanceNo: "1001001", Name: name}
	case plan.ActionBlocked:
		ch.Problems = []plan.Diagnostic{{Severity: plan.SeverityError, Code: "server-not-found",
			Address: ch.Address, Source: spec.Pos{File: "cat/web.yaml", Line: line + 3, Col: 7},
			Message: `source server "web-09" not found in region KR`}}
	case plan.ActionDrift:
		ch.Diffs = []plan.FieldDiff{{Field: "description", Declared: "nginx 1.26", Actual: "nginx|1.24",
			Source: spec.Pos{File: "cat/web.yaml", Line: line + 1, Col: 18}}}
		ch.Message = "differs from the catalog: description"
	}
	return ch
}

func planOf(changes ...*plan.Change) *plan.Plan {
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Sandbox: true, Catalogs: []string{"web"},
		Regions: []string{"KR"}, Changes: changes,
		Unmanaged: []*plan.ImageState{{Name: "manual", Region: "KR"}}}
	for _, ch := range changes {
		switch ch.Action {
		case plan.ActionCreate:
			p.Summary.Create++
		case plan.ActionBlocked:
			p.Summary.Blocked++
			p.Diagnostics = append(p.Diagnostics, ch.Problems...)
		case plan.ActionDrift:
			p.Summary.Drifted++
			p.Diagnostics = append(p.Diagnostics, plan.Diagnostic{Severity: plan.SeverityWarning,
				Source: ch.Diffs[0].Source, Message: "image " + ch.Name + " " + ch.Message})
		case plan.ActionNoOp:
			p.Summary.Unchanged++
		}
	}
	p.Summary.Unmanaged = 1
	p.PlanDigest = p.ComputeDigest()
	return p
}

func TestText(t *testing.T) {
	p := planOf(change("web-a", plan.ActionCreate, 9), change("web-b", plan.ActionBlocked, 20),
		change("web-c", plan.ActionDrift, 30), change("web-d", plan.ActionNoOp, 40))
	var buf bytes.Buffer
	if err := (textRenderer{}).Plan(&buf, p, Options{}); err != nil {
		t.Fatal(err)
	}
	want := `ncpimage plan (sandbox account)
Catalogs: web; regions: KR

Images to create:
  + KR/web-a  (cat/web.yaml:9:5)
      from server web-01 (1001001)
      disks: 0: snapshot web-01-root (3001001) 10 GB; 1: new 100 GB CB1; 2: excluded
      description: "nginx"

Blocked images (apply refuses them):
  ! KR/web-b  (cat/web.yaml:20:5)
      cat/web.yaml:23:7: source server "web-09" not found in region KR

Drifted images (reported only: images are immutable; a new rebuild: value, or --replace NAME, recreates one):
  != KR/web-c  (cat/web.yaml:30:5)
      cat/web.yaml:31:18: description: catalog "nginx 1.26", account "nginx|1.24"

Unmanaged images (no marker of a loaded catalog; never touched):
    KR/manual

Plan: 1 to create, 0 to update, 0 to replace, 0 to delete. 1 unchanged, 0 waiting, 1 drifted, 1 blocked.
1 unmanaged image in the account (never touched).
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
}

func TestTextNoChangesAndColor(t *testing.T) {
	p := planOf(change("web-d", plan.ActionNoOp, 40))
	p.Unmanaged, p.Summary.Unmanaged = nil, 0
	p.Sandbox, p.Endpoint = false, "https://ncloud.apigw.ntruss.com"
	var plain, color bytes.Buffer
	if err := (textRenderer{}).Plan(&plain, p, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "ncpimage plan (endpoint ncloud.apigw.ntruss.com)\nCatalogs: web; regions: KR\n\nNo changes. 1 image matches the catalogs.\n"
	if diff := cmp.Diff(want, plain.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
	if err := (textRenderer{}).Plan(&color, p, Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(color.String(), "\x1b[1m") || strings.Contains(plain.String(), "\x1b[") {
		t.Error("colour codes must appear with Color and only then")
	}
}

func TestMarkdownFitsLimit(t *testing.T) {
	tests := []struct {
		name   string
		n      int
		action plan.Action
		cut    bool
	}{
		{name: "small plan is complete", n: 3, action: plan.ActionCreate},
		{name: "10,000 creates", n: 10000, action: plan.ActionCreate, cut: true},
		{name: "10,000 blocked", n: 10000, action: plan.ActionBlocked, cut: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes := make([]*plan.Change, tt.n)
			for i := range changes {
				changes[i] = change(fmt.Sprintf("img-%05d", i), tt.action, 10+i)
			}
			md := markdownPlan(planOf(changes...), Options{SavedAs: "plan.json"}, MarkdownLimit)
			if len([]rune(md)) >= MarkdownLimit {
				t.Fatalf("markdown is %d characters, limit %d", len([]rune(md)), MarkdownLimit)
			}
			for _, must := range []string{Marker, "**Plan: ", "Plan digest: `sha256:"} {
				if !strings.Contains(md, must) {
					t.Errorf("markdown lacks %q", must)
				}
			}
			if i := strings.Index(md, "<details"); i >= 0 && strings.Index(md, "**Plan: ") > i {
				t.Error("summary must come before the tables")
			}
			if got := strings.Contains(md, "Rows were cut"); got != tt.cut {
				t.Errorf("truncation note present = %v, want %v", got, tt.cut)
			}
			if strings.Count(md, "<details") != strings.Count(md, "</details>") {
				t.Error("unbalanced <details>")
			}
		})
	}
}

func TestMarkdownEscapes(t *testing.T) {
	md := markdownPlan(planOf(change("web-c", plan.ActionDrift, 30)), Options{}, MarkdownLimit)
	if !strings.Contains(md, `account "nginx\|1.24"`) {
		t.Errorf("pipe in a cell not escaped:\n%s", md)
	}
}

func TestGitHub(t *testing.T) {
	p := planOf(change("web-b", plan.ActionBlocked, 20), change("web-c", plan.ActionDrift, 30))
	p.Diagnostics[1].Message = "50%\nnext"
	var buf bytes.Buffer
	if err := (githubRenderer{}).Plan(&buf, p, Options{}); err != nil {
		t.Fatal(err)
	}
	want := `::error file=cat/web.yaml,line=23,col=7::source server "web-09" not found in region KR
::warning file=cat/web.yaml,line=31,col=18::50%25%0Anext
::notice::Plan: 0 to create, 0 to update, 0 to replace, 0 to delete. 0 unchanged, 0 waiting, 1 drifted, 1 blocked.
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("github (-want +got):\n%s", diff)
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"text", "json", "markdown", "github"} {
		if f, err := ParseFormat(s); err != nil || string(f) != s {
			t.Errorf("ParseFormat(%q) = %q, %v", s, f, err)
		}
	}
	if _, err := ParseFormat("yaml"); err == nil {
		t.Error("ParseFormat(yaml) accepted")
	}
}

// GitHub shows 10 errors and 10 warnings per step: the rest are counted
// in one annotation, errors first.
func TestGitHubAnnotationLimit(t *testing.T) {
	p := planOf()
	for i := range 15 {
		p.Diagnostics = append(p.Diagnostics, plan.Diagnostic{Severity: plan.SeverityError, Message: "blocked " + strconv.Itoa(i),
			Source: spec.Pos{File: "web.yaml", Line: i + 1, Col: 5}})
	}
	for i := range 12 {
		p.Diagnostics = append(p.Diagnostics, plan.Diagnostic{Severity: plan.SeverityWarning, Message: "drift " + strconv.Itoa(i),
			Source: spec.Pos{File: "web.yaml", Line: 100 + i, Col: 5}})
	}
	var buf bytes.Buffer
	if err := (githubRenderer{}).Plan(&buf, p, Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := strings.Count(out, "::error file="); n != 10 {
		t.Errorf("%d error annotations, want 10", n)
	}
	if n := strings.Count(out, "::warning file="); n != 10 {
		t.Errorf("%d warning annotations, want 10", n)
	}
	if !strings.Contains(out, "::error::5 errors and 2 warnings more were not annotated (GitHub shows 10 of each per step)") {
		t.Errorf("no note of the annotations left out:\n%s", out)
	}
}
