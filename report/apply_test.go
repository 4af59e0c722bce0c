package report_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/report"
	"github.com/ncpimage/ncpimage/spec"
)

func applyReport(interrupted bool) *plan.Report {
	r := &plan.Report{FormatVersion: plan.ReportFormatVersion, Endpoint: "http://127.0.0.1:8080",
		PlanDigest: "sha256:abc", Items: []*plan.Result{
			{Address: "KR/a", Outcome: plan.OutcomeCreated, ImageNo: "5000001"},
			{Address: "KR/b", Outcome: plan.OutcomeCreated, ImageNo: "5000002", Adopted: true},
			{Address: "KR/c", Outcome: plan.OutcomeUnchanged, ImageNo: "5000003"},
			{Address: "KR/d", Outcome: plan.OutcomeFailed, Reason: "blocked: image \"d\" failed to create (CREFL)",
				Source: &spec.Pos{File: "web.yaml", Line: 8, Col: 5}},
		}}
	if interrupted {
		r.Items = append(r.Items, &plan.Result{Address: "KR/e", Outcome: plan.OutcomeInFlight,
			ImageNo: "5000005", Reason: "interrupted while image 5000005 was being created; the next apply waits for it"})
		r.Reason = plan.ReasonInterrupted
		r.Summary = plan.ApplySummary{Created: 2, Unchanged: 1, Failed: 1, InFlight: 1}
	} else {
		r.Reason = plan.ReasonPartial
		r.Summary = plan.ApplySummary{Created: 2, Unchanged: 1, Failed: 1}
	}
	return r
}

func TestApplyText(t *testing.T) {
	tests := []struct {
		name        string
		interrupted bool
		want        string
	}{
		{name: "partial failure", want: `ncpimage apply (endpoint 127.0.0.1:8080)

  KR/a: created (image 5000001)
  KR/b: created (image 5000002; adopted: found under its name after an ambiguous create)
  KR/d: failed: blocked: image "d" failed to create (CREFL) (web.yaml:8:5)

Apply failed: 2 created, 0 updated, 0 replaced, 0 deleted, 0 waited, 1 unchanged, 1 failed.
`},
		{name: "interrupted", interrupted: true, want: `ncpimage apply (endpoint 127.0.0.1:8080)

  KR/a: created (image 5000001)
  KR/b: created (image 5000002; adopted: found under its name after an ambiguous create)
  KR/d: failed: blocked: image "d" failed to create (CREFL) (web.yaml:8:5)
  KR/e: in_flight: interrupted while image 5000005 was being created; the next apply waits for it

Still in flight (NCP goes on; the next apply finds them by name and waits for them):
  KR/e (image 5000005)

Apply interrupted: 2 created, 0 updated, 0 replaced, 0 deleted, 0 waited, 1 unchanged, 1 failed, 1 in flight.
`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := report.New(report.FormatText).Apply(&b, applyReport(tc.interrupted)); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, b.String()); diff != "" {
				t.Errorf("text (-want +got):\n%s", diff)
			}
		})
	}
}

func TestApplyJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := report.New(report.FormatJSON).Apply(&b, applyReport(false)); err != nil {
		t.Fatal(err)
	}
	var got struct {
		FormatVersion string           `json:"format_version"`
		Success       bool             `json:"success"`
		Reason        string           `json:"reason"`
		Items         []map[string]any `json:"items"`
		Summary       map[string]int   `json:"summary"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := []any{"1.2", false, "partial", 4, "failed", 1}
	if diff := cmp.Diff(want, []any{got.FormatVersion, got.Success, got.Reason, len(got.Items), got.Items[3]["outcome"], got.Summary["failed"]}); diff != "" {
		t.Errorf("json (-want +got):\n%s\n%s", diff, b.String())
	}
}

func TestApplyMarkdownAndGitHub(t *testing.T) {
	var mdb strings.Builder
	if err := report.New(report.FormatMarkdown).Apply(&mdb, applyReport(false)); err != nil {
		t.Fatal(err)
	}
	md := mdb.String()
	for _, want := range []string{report.ApplyMarker + "\n", "**Apply failed: 2 created", "| `KR/d` | failed |", "Plan digest: `sha256:abc`"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "`KR/c`") {
		t.Errorf("markdown lists an unchanged image:\n%s", md)
	}
	var b bytes.Buffer
	if err := report.New(report.FormatGitHub).Apply(&b, applyReport(false)); err != nil {
		t.Fatal(err)
	}
	want := "::error file=web.yaml,line=8,col=5::KR/d: failed: blocked: image \"d\" failed to create (CREFL) (web.yaml:8:5)\n" +
		"::error::Apply failed: 2 created, 0 updated, 0 replaced, 0 deleted, 0 waited, 1 unchanged, 1 failed.\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("github (-want +got):\n%s", diff)
	}
}

func TestProgress(t *testing.T) {
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	events := []plan.Event{
		{Time: at, Address: "KR/a", Message: "creating", Counts: plan.Counts{Total: 4}},
		{Time: at.Add(20 * time.Second), Address: "KR/a", Message: "failed: bad\r\n\x1b[31mred", Outcome: plan.OutcomeFailed,
			Counts: plan.Counts{Total: 4, Done: 1, Failed: 1}},
		// a name from the account: a newline and a workflow command, a line separator
		{Time: at.Add(20 * time.Second), Address: "KR/x\n::error::y\u2028", Message: "failed", Outcome: plan.OutcomeFailed,
			Counts: plan.Counts{Total: 4, Done: 2, Failed: 2}},
	}
	tests := []struct {
		name string
		tty  bool
		want string
	}{
		{name: "plain lines for logs", want: "2026-11-27T10:00:00Z [0/4] KR/a: creating\n" +
			"2026-11-27T10:00:20Z [1/4] KR/a: failed: bad\\r\\n\\x1b[31mred\n" +
			"2026-11-27T10:00:20Z [2/4] KR/x\\n::error::y\\u2028: failed\n"},
		{name: "live bar on a terminal", tty: true, want: "\r\x1b[K[------------------------] 0/4 done, 0 in flight, 0 failed, 0s elapsed KR/a: creating" +
			"\r\x1b[KKR/a: failed: bad\\r\\n\\x1b[31mred\n" +
			"\r\x1b[K[######------------------] 1/4 done, 0 in flight, 1 failed, 20s elapsed, ~1m0s left KR/a: failed: bad\\r\\n\\x1b[31mred" +
			"\r\x1b[KKR/x\\n::error::y\\u2028: failed\n" +
			"\r\x1b[K[############------------] 2/4 done, 0 in flight, 2 failed, 20s elapsed, ~20s left KR/x\\n::error::y\\u2028: failed" +
			"\r\x1b[K"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			p := report.NewProgress(&b, map[bool]int{true: 200}[tc.tty])
			for _, e := range events {
				p.Event(e)
			}
			p.Close()
			if diff := cmp.Diff(tc.want, b.String()); diff != "" {
				t.Errorf("progress (-want +got):\n%s", diff)
			}
			if !tc.tty && regexp.MustCompile(`[\x00-\x09\x0b-\x1f\x7f]`).MatchString(b.String()) {
				t.Errorf("plain progress has control characters: %q", b.String())
			}
		})
	}
}

func TestProgressWriterClearsTheBar(t *testing.T) {
	var b bytes.Buffer
	p := report.NewProgress(&b, 200)
	p.Event(plan.Event{Address: "KR/a", Message: "creating", Counts: plan.Counts{Total: 1}})
	if _, err := p.Writer().Write([]byte("ncloud: -> POST ...\n")); err != nil {
		t.Fatal(err)
	}
	p.Close()
	want := "\r\x1b[K[------------------------] 0/1 done, 0 in flight, 0 failed, 0s elapsed KR/a: creating" +
		"\r\x1b[Kncloud: -> POST ...\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

// On a narrow terminal the live line is clipped to the width, so a
// redraw never wraps and leaves stale lines behind.
func TestProgressFitsTheTerminal(t *testing.T) {
	var b bytes.Buffer
	p := report.NewProgress(&b, 60)
	p.Event(plan.Event{Address: "KR/a-very-long-image-name-indeed", Message: "waiting for image 5000001",
		Counts: plan.Counts{Total: 1000, Done: 10, InFlight: 4}})
	line := strings.TrimPrefix(b.String(), "\r\x1b[K")
	if n := len([]rune(line)); n != 59 || !strings.HasSuffix(line, "...") {
		t.Errorf("line of %d columns, want 59 ending in ...: %q", n, line)
	}
}
