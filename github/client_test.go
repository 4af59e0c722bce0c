package github_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/github"
	"github.com/ncpimage/ncpimage/github/githubtest"
)

const (
	testToken = "ghs_testtoken0123456789abcdef"
	testRepo  = "acme/images"
)

var repo = github.Repo{Owner: "acme", Name: "images"}

// harness is a fake API and a client of it whose sleeps are recorded,
// never slept.
type harness struct {
	fake   *githubtest.Server
	client *github.Client
	sleeps []time.Duration
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{fake: githubtest.New(testRepo, testToken)}
	t.Cleanup(h.fake.Close)
	c, err := github.New(h.fake.URL, testToken)
	if err != nil {
		t.Fatal(err)
	}
	c.Retry.Sleep = func(_ context.Context, d time.Duration) error { h.sleeps = append(h.sleeps, d); return nil }
	c.Retry.Now = func() time.Time { return time.Unix(1_800_000_000, 0) }
	h.client = c
	return h
}

func isPlan(c *github.Comment) bool { return github.IsPlanComment(c.Body, "") }

func (h *harness) upsert(t *testing.T, body string) github.Upserted {
	t.Helper()
	res, err := h.client.Upsert(context.Background(), repo, 7, body, isPlan)
	if err != nil {
		t.Fatalf("upsert: %v", err)
	}
	return res
}

// noToken fails when the token shows up in s.
func noToken(t *testing.T, s string) {
	t.Helper()
	if strings.Contains(s, testToken) {
		t.Errorf("token leaked: %q", s)
	}
}

func TestUpsertCreatesThenUpdatesInPlace(t *testing.T) {
	h := newHarness(t)
	h.fake.AddComment(7, "alice", "LGTM")
	first := h.upsert(t, github.Marker+"\nplan one\n")
	second := h.upsert(t, github.Marker+"\nplan two\n")
	if !first.Created || second.Created || first.Comment.ID != second.Comment.ID {
		t.Errorf("first %+v, second %+v: want one comment created then updated", first, second)
	}
	var bodies []string
	for _, c := range h.fake.Comments(7) {
		bodies = append(bodies, c.Body)
	}
	if diff := cmp.Diff([]string{"LGTM", github.Marker + "\nplan two\n"}, bodies); diff != "" {
		t.Errorf("comments (-want +got):\n%s", diff)
	}
	if h.fake.Count(http.MethodPost, "") != 1 || h.fake.Count(http.MethodPatch, "") != 1 {
		t.Errorf("requests: %+v", h.fake.Requests())
	}
}

func TestUpsertFindsTheCommentOnALaterPage(t *testing.T) {
	h := newHarness(t)
	h.fake.PageSize = 2
	h.fake.AddComment(7, "alice", "one")
	h.fake.AddComment(7, "bob", "two")
	id := h.fake.AddComment(7, githubtest.Bot, github.Marker+"\nold plan\n")
	h.fake.AddComment(7, "carol", "four")
	h.fake.AddComment(7, "dave", "five")
	res := h.upsert(t, github.Marker+"\nnew plan\n")
	if res.Created || res.Comment.ID != id {
		t.Errorf("got %+v, want comment %d updated", res, id)
	}
	if got := h.fake.Count(http.MethodGet, "/comments"); got != 3 {
		t.Errorf("list requests = %d, want 3 pages", got)
	}
	for _, r := range h.fake.Requests() {
		if r.Method == http.MethodGet && !strings.Contains(r.Query, "per_page=100") {
			t.Errorf("request %s?%s without per_page=100", r.Path, r.Query)
		}
	}
}

func TestUpsertUpdatesTheNewestOfSeveral(t *testing.T) {
	h := newHarness(t)
	h.fake.AddComment(7, githubtest.Bot, github.Marker+"\na\n")
	newest := h.fake.AddComment(7, githubtest.Bot, github.Marker+"\nb\n")
	h.fake.AddComment(7, githubtest.Bot, github.Marker+"\n<!-- ncpimage-key: other -->\n")
	res := h.upsert(t, github.Marker+"\nc\n")
	if res.Comment.ID != newest || res.Matches != 2 {
		t.Errorf("got id %d, %d matches; want %d, 2", res.Comment.ID, res.Matches, newest)
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name       string
		fault      githubtest.Fault
		wantSleeps []time.Duration
		wantPosts  int
	}{
		{name: "502 on list", fault: githubtest.Fault{Method: "GET", Status: 502, Body: "bad gateway"},
			wantSleeps: []time.Duration{time.Second}, wantPosts: 1},
		{name: "two 503 on list", fault: githubtest.Fault{Method: "GET", Status: 503, Times: 2},
			wantSleeps: []time.Duration{time.Second, 2 * time.Second}, wantPosts: 1},
		{name: "502 on create, not created", fault: githubtest.Fault{Method: "POST", Status: 502},
			wantSleeps: []time.Duration{time.Second}, wantPosts: 2},
		{name: "502 on create, created all the same", fault: githubtest.Fault{Method: "POST", Status: 502, After: true},
			wantSleeps: []time.Duration{time.Second}, wantPosts: 1},
		{name: "secondary rate limit with Retry-After", fault: githubtest.Fault{Method: "POST", Status: 403,
			Header: map[string]string{"Retry-After": "7"},
			Body:   `{"message":"You have exceeded a secondary rate limit."}`},
			wantSleeps: []time.Duration{7 * time.Second}, wantPosts: 2},
		{name: "secondary rate limit without a wait", fault: githubtest.Fault{Method: "GET", Status: 403,
			Body: `{"message":"You have exceeded a secondary rate limit."}`},
			wantSleeps: []time.Duration{time.Minute}, wantPosts: 1},
		{name: "429 with x-ratelimit-reset", fault: githubtest.Fault{Method: "GET", Status: 429,
			Header: map[string]string{"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": "1800000020"}},
			wantSleeps: []time.Duration{21 * time.Second}, wantPosts: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.fake.Fail(tc.fault)
			res := h.upsert(t, github.Marker+"\nplan\n")
			if !res.Created {
				t.Errorf("got %+v, want created", res)
			}
			if diff := cmp.Diff(tc.wantSleeps, h.sleeps); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
			if got := len(h.fake.Comments(7)); got != 1 {
				t.Errorf("%d comments, want 1", got)
			}
			if got := h.fake.Count(http.MethodPost, ""); got != tc.wantPosts {
				t.Errorf("%d creates sent, want %d", got, tc.wantPosts)
			}
		})
	}
}

func TestErrorsThatAreNotRetried(t *testing.T) {
	tests := []struct {
		name   string
		fault  githubtest.Fault
		token  string
		want   error
		wantIn string
	}{
		{name: "401", token: "wrong-token", want: github.ErrUnauthorized, wantIn: "401 Unauthorized: Bad credentials"},
		{name: "404", fault: githubtest.Fault{Status: 404, Body: `{"message":"Not Found"}`}, want: github.ErrNotFound},
		{name: "403 without rate limit", fault: githubtest.Fault{Status: 403,
			Body: `{"message":"Resource not accessible by integration"}`}, want: github.ErrForbidden},
		{name: "422", fault: githubtest.Fault{Method: "POST", Status: 422,
			Body: `{"message":"Validation Failed","errors":[{"message":"body is too long"}]}`},
			want: github.ErrUnprocessable, wantIn: "Validation Failed; body is too long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			if tc.fault.Status != 0 {
				h.fake.Fail(tc.fault)
			}
			c := h.client
			if tc.token != "" {
				c, _ = github.New(h.fake.URL, tc.token)
			}
			_, err := c.Upsert(context.Background(), repo, 7, github.Marker, isPlan)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.wantIn) {
				t.Errorf("err = %q, want it to contain %q", err, tc.wantIn)
			}
			if len(h.sleeps) != 0 || len(h.fake.Requests()) > 2 {
				t.Errorf("retried: sleeps %v, requests %+v", h.sleeps, h.fake.Requests())
			}
		})
	}
}

func TestRetriesAreBounded(t *testing.T) {
	t.Run("tries", func(t *testing.T) {
		h := newHarness(t)
		h.fake.Fail(githubtest.Fault{Method: "GET", Status: 502, Times: 100})
		_, err := h.client.ListComments(context.Background(), repo, 7)
		if err == nil || h.fake.Count("GET", "") != 5 {
			t.Errorf("err %v after %d requests, want an error after 5", err, h.fake.Count("GET", ""))
		}
	})
	t.Run("budget", func(t *testing.T) {
		h := newHarness(t)
		h.fake.Fail(githubtest.Fault{Status: 429, Header: map[string]string{"Retry-After": "3600"}})
		_, err := h.client.ListComments(context.Background(), repo, 7)
		if !errors.Is(err, github.ErrRateLimited) || len(h.sleeps) != 0 {
			t.Errorf("err %v, sleeps %v: want to give up at once", err, h.sleeps)
		}
		if !strings.Contains(err.Error(), "retry budget") {
			t.Errorf("err = %q, want it to name the retry budget", err)
		}
	})
	t.Run("create keeps failing", func(t *testing.T) {
		h := newHarness(t)
		h.fake.Fail(githubtest.Fault{Method: "POST", Status: 500, Times: 100})
		_, err := h.client.Upsert(context.Background(), repo, 7, github.Marker, isPlan)
		if err == nil || h.fake.Count("POST", "") != 5 {
			t.Errorf("err %v after %d creates, want an error after 5", err, h.fake.Count("POST", ""))
		}
	})
}

func TestTokenNeverInErrors(t *testing.T) {
	h := newHarness(t)
	h.fake.Fail(githubtest.Fault{Status: 400, Body: `{"message":"bad header: Bearer ` + testToken + `"}`})
	_, err := h.client.ListComments(context.Background(), repo, 7)
	if err == nil || !strings.Contains(err.Error(), "[REDACTED]") {
		t.Fatalf("err = %v, want the echoed token redacted", err)
	}
	noToken(t, err.Error())
}

func TestPaginationStaysOnTheAPIHost(t *testing.T) {
	h := newHarness(t)
	other := githubtest.New(testRepo, testToken)
	defer other.Close()
	h.fake.Fail(githubtest.Fault{Method: "GET", Status: 200, Body: "[]",
		Header: map[string]string{"Link": "<" + other.URL + "/repos/acme/images/issues/7/comments?page=2>; rel=\"next\""}})
	_, err := h.client.ListComments(context.Background(), repo, 7)
	if err == nil || !strings.Contains(err.Error(), "refusing to follow") {
		t.Errorf("err = %v, want a refusal", err)
	}
	if n := len(other.Requests()); n != 0 {
		t.Errorf("the other host got %d requests (and the token)", n)
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		url, token string
		wantErr    bool
	}{
		{url: "", token: "t"},
		{url: "https://ghe.example.com/api/v3/", token: "t"},
		{url: "http://127.0.0.1:8080", token: "t"},
		{url: "http://localhost:8080", token: "t"},
		{url: "http://[::1]:8080", token: "t"},
		{url: "http://api.example.com", token: "t", wantErr: true},
		{url: "ftp://x", token: "t", wantErr: true},
		{url: "https://api.github.com", token: "", wantErr: true},
	}
	for _, tc := range tests {
		_, err := github.New(tc.url, tc.token)
		if (err != nil) != tc.wantErr {
			t.Errorf("New(%q, %q) = %v, want error %v", tc.url, tc.token, err, tc.wantErr)
		}
	}
}

func TestCommitPulls(t *testing.T) {
	h := newHarness(t)
	merged := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	h.fake.SetPulls("abc", []github.Pull{{Number: 3, State: "open"}, {Number: 9, MergedAt: &merged, MergeCommitSHA: "abc"}})
	pulls, err := h.client.CommitPulls(context.Background(), repo, "abc")
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := github.Merged(pulls, "abc"); !ok || p.Number != 9 {
		t.Errorf("Merged = %d %v, want 9", p.Number, ok)
	}
}

// TestPageWalkEnds holds the two ends of a listing that would never end
// by itself: a next link to a page already read (seen looping forever)
// and more pages than the cap. Both stop with an error at once.
func TestPageWalkEnds(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(h *harness)
		wantErr  string
		wantGets int
	}{
		{
			name: "next link to the first page",
			setup: func(h *harness) {
				h.fake.Fail(githubtest.Fault{Method: "GET", Status: 200, Body: "[]", Times: 100,
					Header: map[string]string{"Link": "<" + h.fake.URL + "/repos/acme/images/issues/7/comments?per_page=100>; rel=\"next\""}})
			},
			wantErr:  "points at a page already read",
			wantGets: 1,
		},
		{
			name: "next link to itself from page 2",
			setup: func(h *harness) {
				h.fake.Fail(githubtest.Fault{Method: "GET", Status: 200, Body: "[]", Times: 100,
					Header: map[string]string{"Link": "<" + h.fake.URL + "/repos/acme/images/issues/7/comments?page=2>; rel=\"next\""}})
			},
			wantErr:  "points at a page already read",
			wantGets: 2,
		},
		{
			name: "more pages than the cap",
			setup: func(h *harness) {
				h.fake.PageSize = 1
				h.client.MaxPages = 3
				for i := range 5 {
					h.upsertNew(t, i)
				}
			},
			wantErr:  "more than 3 pages",
			wantGets: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			tt.setup(h)
			before := len(h.fake.Requests())
			_, err := h.client.ListComments(context.Background(), repo, 7)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if n := len(h.fake.Requests()) - before; n != tt.wantGets {
				t.Errorf("%d GETs, want %d", n, tt.wantGets)
			}
			noToken(t, err.Error())
		})
	}
}

// upsertNew creates one more comment on PR 7 (not a plan comment).
func (h *harness) upsertNew(t *testing.T, i int) {
	t.Helper()
	if _, err := h.client.CreateComment(context.Background(), repo, 7, fmt.Sprintf("comment %d", i)); err != nil {
		t.Fatal(err)
	}
}
