package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/ncpimage/ncpimage/spec"
)

// hostile is a description with every construct GitHub would act on.
const hostile = "*star* ~~strike~~ [link](https://evil.example) ![img](x.png) @someone @org/team #12 " +
	":smile: `tick` <b>bold</b> & | pipe\nnewline " + "averyveryveryveryveryverylongwordwithoutanyspaceatall"

// A big plan never hides a problem: 3,000 creates and, after them in the
// alphabet, blocked, drifted, replaced and deleted images; every one of
// those is named, the comment stays under GitHub's limit.
func TestMarkdownKeepsProblems(t *testing.T) {
	var changes []*plan.Change
	for i := range 3000 {
		changes = append(changes, change(fmt.Sprintf("a-create-%04d", i), plan.ActionCreate, 10+i))
	}
	problems := []*plan.Change{
		change("z-blocked-1", plan.ActionBlocked, 5000), change("z-blocked-2", plan.ActionBlocked, 5001),
		change("z-drift", plan.ActionDrift, 5002), change("z-replace", plan.ActionReplace, 5003),
		change("z-delete-1", plan.ActionDelete, 0), change("z-delete-2", plan.ActionDelete, 0),
	}
	md := markdownPlan(planOf(append(changes, problems...)...), Options{SavedAs: "plan.json", Artifact: "ncpimage-plan"}, MarkdownLimit)
	if n := len([]rune(md)); n >= MarkdownLimit {
		t.Fatalf("%d characters, limit %d", n, MarkdownLimit)
	}
	for _, ch := range problems {
		if !strings.Contains(md, "`"+ch.Address+"`") {
			t.Errorf("%s is not named", ch.Address)
		}
	}
	for _, want := range []string{"> [!CAUTION]", "> [!WARNING]", "<details open><summary>Blocked images", "of 3000 creates",
		"plan artifact `ncpimage-plan`"} {
		if !strings.Contains(md, want) {
			t.Errorf("lacks %q", want)
		}
	}
	if strings.Index(md, "Blocked images") > strings.Index(md, "Images to create") {
		t.Error("blocked images must come before the creates")
	}
}

// Rendered with a GitHub-flavoured renderer, the comment has its alert,
// tables of three columns, and no link, image, HTML or emphasis made of
// user text.
func TestMarkdownRendersInert(t *testing.T) {
	blocked := change("web-b", plan.ActionBlocked, 7)
	blocked.Problems = []plan.Diagnostic{{Severity: plan.SeverityError, Message: hostile,
		Source: spec.Pos{File: "web.yaml", Line: 7, Col: 5}}}
	create := change("web-c", plan.ActionCreate, 9)
	create.After.Description = hostile
	md := markdownPlan(planOf(blocked, create), Options{}, MarkdownLimit)
	source := []byte(md)
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(source))
	var tables, alerts int
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.Image, *ast.AutoLink:
			t.Errorf("a %s was made of user text", n.Kind())
		case *east.Strikethrough:
			t.Errorf("%s was made of user text", n.Kind())
		case *ast.Emphasis:
			if strings.Contains(string(nodeText(n, source)), "star") {
				t.Errorf("emphasis made of user text")
			}
		case *ast.Text:
			if !inCodeSpan(n) {
				for _, bad := range []string{"@someone", "#12", ":smile:", "evil.example", "<b>"} {
					if strings.Contains(string(n.Segment.Value(source)), bad) {
						t.Errorf("%q in plain text, outside a code span", bad)
					}
				}
			}
		case *ast.RawHTML:
			if raw := string(n.Segments.Value(source)); !strings.HasPrefix(raw, "<br>") && !strings.HasPrefix(raw, "<details") &&
				!strings.HasPrefix(raw, "</details") && !strings.HasPrefix(raw, "<summary") && !strings.HasPrefix(raw, "</summary") {
				t.Errorf("raw HTML %q", raw)
			}
		case *east.Table:
			tables++
			if cols := len(n.Alignments); cols != 3 && cols != 10 {
				t.Errorf("table of %d columns", cols)
			}
			for row := n.FirstChild(); row != nil; row = row.NextSibling() {
				if c := row.ChildCount(); c != len(n.Alignments) {
					t.Errorf("row of %d cells in a table of %d columns", c, len(n.Alignments))
				}
			}
		case *ast.Blockquote:
			if bytes.Contains(n.Lines().Value(source), []byte("[!WARNING]")) || strings.Contains(string(nodeText(n, source)), "[!WARNING]") {
				alerts++
			}
		}
		return ast.WalkContinue, nil
	})
	if tables < 3 {
		t.Errorf("%d tables, want the counts and two sections", tables)
	}
	if alerts != 1 {
		t.Errorf("%d WARNING alerts, want 1", alerts)
	}
	if !strings.Contains(md, "@someone") {
		t.Error("the hostile description is not in the comment at all")
	}
}

// nodeText is the text of n's descendants.
func nodeText(n ast.Node, source []byte) []byte {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(source))
		}
		return ast.WalkContinue, nil
	})
	return b.Bytes()
}

func inCodeSpan(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.CodeSpan); ok {
			return true
		}
	}
	return false
}
