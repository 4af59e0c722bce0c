package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ncpimage/ncpimage/github"
	"github.com/ncpimage/ncpimage/report"
)

// The comment command finds what the markdown renderer writes.
func TestGitHubMarkerIsTheReportMarker(t *testing.T) {
	if github.Marker != report.Marker {
		t.Errorf("github.Marker %q != report.Marker %q", github.Marker, report.Marker)
	}
	if github.CommentLimit != report.MarkdownLimit {
		t.Errorf("github.CommentLimit %d != report.MarkdownLimit %d", github.CommentLimit, report.MarkdownLimit)
	}
}

func TestAppendSummaryFitsOneMiB(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(path, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	body := github.Marker + "\n" + strings.Repeat("| row | "+strings.Repeat("x", 90)+" |\n", 20000)
	trailer := github.Review{RunID: "5"}.Trailer()
	if err := appendSummary(path, body, trailer, "https://github.com/a/b/actions/runs/5"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.TrimPrefix(string(data), "earlier step\n")
	if len(got) > github.SummaryLimit || !strings.Contains(got, "This summary was cut after line") ||
		!strings.HasSuffix(got, trailer+"\n") {
		t.Errorf("summary of %d bytes (limit %d), ends %q", len(got), github.SummaryLimit, got[max(0, len(got)-300):])
	}
}

func TestGitHubErrorHints(t *testing.T) {
	tests := []struct {
		status   int
		limited  bool
		wantHint string
	}{
		{status: 401, wantHint: "check GITHUB_TOKEN"},
		{status: 403, wantHint: "pull-requests: write"},
		{status: 403, limited: true, wantHint: "rate limit"},
		{status: 404, wantHint: "check GITHUB_REPOSITORY"},
		{status: 422, wantHint: "refused the comment body"},
	}
	for _, tc := range tests {
		err := githubError("github comment", &github.APIError{Method: "GET", Path: "/x", Status: tc.status, RateLimited: tc.limited})
		var he hintError
		if !errors.As(err, &he) || !strings.Contains(he.hint, tc.wantHint) {
			t.Errorf("%d (limited %v): hint %q, want it to contain %q", tc.status, tc.limited, he.hint, tc.wantHint)
		}
	}
}

// The artifact github reviewed --out reads is the one the action uploads
// (action.yml: ncpimage-plan${KEY:+-${KEY//\//-}}).
func TestReviewedArtifactName(t *testing.T) {
	for _, tc := range []struct {
		name, key, flag, want string
	}{
		{name: "default", want: "ncpimage-plan"},
		{name: "key", key: "web", want: "ncpimage-plan-web"},
		{name: "key with slashes", key: "teams/web/kr", want: "ncpimage-plan-teams-web-kr"},
		{name: "flag wins", key: "web", flag: "mine", want: "mine"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := reviewedOptions{gh: githubOptions{key: tc.key}, collect: collectOptions{artifact: tc.flag}}
			if got := o.artifactName(); got != tc.want {
				t.Errorf("artifactName() = %q, want %q", got, tc.want)
			}
		})
	}
}
