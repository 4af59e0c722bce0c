package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/spec"
)

// sharingPlan updates the sharing of a drifted image and creates one
// that is shared once created.
func sharingPlan() *plan.Plan {
	up := change("web-u", plan.ActionUpdate, 50)
	up.Source = &spec.Pos{File: "cat/web.yaml", Line: 54, Col: 5}
	up.ActionReason = plan.ReasonSharing
	up.ShareAdd, up.ShareRemove = []string{"new@example.com"}, []string{"old@example.com"}
	up.Diffs = []plan.FieldDiff{{Field: "description", Declared: "nginx", Actual: "apache",
		Source: spec.Pos{File: "cat/web.yaml", Line: 52, Col: 18}}}
	up.Message = "sharing differs: +new@example.com, -old@example.com; also differs from the catalog: description (reported only)"
	cr := change("web-a", plan.ActionCreate, 9)
	cr.ShareAdd = []string{"a@example.com", "b@example.com"}
	p := planOf(cr, up)
	p.Unmanaged, p.Summary = nil, plan.Summary{Create: 1, Update: 1, Drifted: 1}
	p.PlanDigest = p.ComputeDigest()
	return p
}

func TestTextSharing(t *testing.T) {
	var buf bytes.Buffer
	if err := New(FormatText).Plan(&buf, sharingPlan(), Options{}); err != nil {
		t.Fatal(err)
	}
	want := `ncpimage plan (sandbox account)
Catalogs: web; regions: KR

Images to create:
  + KR/web-a  (cat/web.yaml:9:5)
      from server web-01 (1001001)
      disks: 0: snapshot web-01-root (3001001) 10 GB; 1: new 100 GB CB1; 2: excluded
      description: "nginx"
      then share with a@example.com, b@example.com

Images to update (sharing: accounts added, then removed):
  ~ KR/web-u  (cat/web.yaml:54:5)
      +new@example.com
      -old@example.com
      drift (reported only): cat/web.yaml:52:18: description: catalog "nginx", account "apache"

Plan: 1 to create, 1 to update, 0 to replace, 0 to delete. 0 unchanged, 0 waiting, 1 drifted, 0 blocked.
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
}

func TestMarkdownGitHubJSONSharing(t *testing.T) {
	md := markdownPlan(sharingPlan(), Options{}, MarkdownLimit)
	for _, must := range []string{
		"| create | update | replace |", "| 1 | 1 | 0 |",
		"<summary>Images to update (sharing: accounts added, then removed): 1</summary>",
		"| `KR/web-u` | `cat/web.yaml:54:5`<br>server `web-01` | `+new@example.com`<br>`-old@example.com`<br>`drift (reported only): ",
		"`then share with a@example.com, b@example.com`",
	} {
		if !strings.Contains(md, must) {
			t.Errorf("markdown lacks %q:\n%s", must, md)
		}
	}
	var gh bytes.Buffer
	if err := New(FormatGitHub).Plan(&gh, sharingPlan(), Options{}); err != nil {
		t.Fatal(err)
	}
	const notice = "::notice::Plan: 1 to create, 1 to update, 0 to replace"
	if !strings.Contains(gh.String(), notice) {
		t.Errorf("github lacks %q:\n%s", notice, gh.String())
	}
	var js bytes.Buffer
	if err := New(FormatJSON).Plan(&js, sharingPlan(), Options{}); err != nil {
		t.Fatal(err)
	}
	for _, must := range []string{`"format_version": "1.2"`, `"action": "update"`, `"share_add": [`, `"share_remove": [`, `"update": 1,`} {
		if !strings.Contains(js.String(), must) {
			t.Errorf("json lacks %q", must)
		}
	}
}
