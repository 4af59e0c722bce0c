package github_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/github"
)

const digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestParseReview(t *testing.T) {
	other := "sha256:" + strings.Repeat("f", 64)
	tests := []struct {
		name string
		body string
		want github.Review
	}{
		{name: "visible digest only", body: github.Marker + "\n### plan\n\nPlan digest: `" + digest + "`\n",
			want: github.Review{Digest: digest}},
		{name: "hidden lines win", body: github.Marker + "\nPlan digest: `" + other + "`\n" +
			"<!-- ncpimage-digest: " + digest + " -->\n<!-- ncpimage-run-id: 42 -->\n<!-- ncpimage-key: prod/kr -->\n",
			want: github.Review{Digest: digest, RunID: "42", Key: "prod/kr"}},
		{name: "a bad hidden digest is ignored", body: "<!-- ncpimage-digest: sha256:nothex -->\nPlan digest: `" + digest + "`\n",
			want: github.Review{Digest: digest}},
		{name: "quoted in text is not a line", body: "see `<!-- ncpimage-run-id: 9 -->`\n", want: github.Review{}},
		{name: "nothing", body: "LGTM", want: github.Review{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, github.ParseReview(tc.body)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTrailerRoundTrips(t *testing.T) {
	r := github.Review{Digest: digest, RunID: "123", Key: "web"}
	if got := github.ParseReview("x\n" + r.Trailer()); got != r {
		t.Errorf("ParseReview(Trailer) = %+v, want %+v", got, r)
	}
	if !github.IsPlanComment(github.Marker+"\n"+r.Trailer(), "web") || github.IsPlanComment(github.Marker, "web") {
		t.Error("IsPlanComment does not tell keys apart")
	}
}

func note(kept, total int) string { return fmt.Sprintf("> cut after line %d of %d", kept, total) }

func TestFit(t *testing.T) {
	const trailer = "<!-- ncpimage-run-id: 1 -->\n"
	tests := []struct {
		name    string
		body    string
		limit   int
		want    string
		wantCut bool
	}{
		{name: "fits", body: "a\nb\n", limit: 100, want: "a\nb\n" + trailer},
		{name: "adds a final newline", body: "a", limit: 100, want: "a\n" + trailer},
		{name: "cut at a line", body: "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\n", limit: 60,
			want: "line 1\n\n> cut after line 1 of 8\n" + trailer, wantCut: true},
		{name: "closes an open details", body: "<details>\nrow 1\nrow 2\nrow 3\nrow 4\nrow 5\nrow 6\n</details>\n", limit: 80,
			want: "<details>\nrow 1\n</details>\n\n> cut after line 2 of 8\n" + trailer, wantCut: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, cut := github.Fit(tc.body, trailer, tc.limit, note)
			if diff := cmp.Diff(tc.want, got); diff != "" || cut != tc.wantCut {
				t.Errorf("cut %v, (-want +got):\n%s", cut, diff)
			}
			if len(got) > tc.limit {
				t.Errorf("%d bytes, limit %d", len(got), tc.limit)
			}
		})
	}
}

func FuzzFit(f *testing.F) {
	f.Add("<details>\nrow\n</details>\n", 60)
	f.Add(strings.Repeat("é", 50), 80)
	f.Add("no newline at all, a long single line", 70)
	f.Fuzz(func(t *testing.T, body string, limit int) {
		const trailer = "<!-- ncpimage-run-id: 1 -->\n"
		if limit < 200 || limit > 1<<16 || !utf8.ValidString(body) {
			return
		}
		got, _ := github.Fit(body, trailer, limit, note)
		if len(got) > limit || !strings.HasSuffix(got, trailer) || !utf8.ValidString(got) {
			t.Errorf("Fit(%q, %d) = %q", body, limit, got)
		}
	})
}

func TestEventPull(t *testing.T) {
	tests := []struct {
		event string
		want  int
	}{
		{event: `{"number": 5, "pull_request": {"number": 7}}`, want: 7},
		{event: `{"number": 5}`, want: 5},
		{event: `{"issue": {"number": 9, "pull_request": {}}}`, want: 9},
		{event: `{"ref": "refs/heads/main"}`, want: 0},
	}
	for _, tc := range tests {
		got, err := github.EventPull([]byte(tc.event))
		if err != nil || got != tc.want {
			t.Errorf("EventPull(%s) = %d, %v; want %d", tc.event, got, err, tc.want)
		}
	}
	if _, err := github.EventPull([]byte("{")); err == nil {
		t.Error("EventPull of bad JSON: no error")
	}
}

func TestMerged(t *testing.T) {
	t1, t2 := time.Unix(100, 0), time.Unix(200, 0)
	pulls := []github.Pull{{Number: 1}, {Number: 2, MergedAt: &t2, MergeCommitSHA: "x"},
		{Number: 3, MergedAt: &t1, MergeCommitSHA: "abc"}}
	for sha, want := range map[string]int{"abc": 3, "other": 2} {
		if p, ok := github.Merged(pulls, sha); !ok || p.Number != want {
			t.Errorf("Merged(%s) = %d, want %d", sha, p.Number, want)
		}
	}
	if _, ok := github.Merged(pulls[:1], "abc"); ok {
		t.Error("Merged of an open pull request: ok")
	}
}
