package github_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/github"
	"github.com/ncpimage/ncpimage/github/githubtest"
)

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The zip endpoint redirects to storage on another host: the archive
// is read there without the token (the fake's storage refuses a request
// that carries one, as GitHub's does).
func TestArtifactFileFollowsTheRedirectWithoutTheToken(t *testing.T) {
	h := newHarness(t)
	id := h.fake.AddArtifact(42, "ncpimage-plan", zipOf(t, map[string]string{"plan.json": `{"plan":1}`, "other": "x"}))
	ctx := context.Background()
	arts, err := h.client.RunArtifacts(ctx, repo, 42, "ncpimage-plan")
	if err != nil || len(arts) != 1 || arts[0].ID != id {
		t.Fatalf("RunArtifacts = %+v, %v; want artifact %d", arts, err, id)
	}
	got, err := h.client.ArtifactFile(ctx, repo, id, "plan.json")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"plan":1}`, string(got)); diff != "" {
		t.Errorf("plan.json (-want +got):\n%s", diff)
	}
	if n := h.fake.LeakedAuth(); n != 0 {
		t.Errorf("%d storage requests carried the Authorization header", n)
	}
	if n := h.fake.Count(http.MethodGet, "/_storage/"); n != 1 {
		t.Errorf("storage requests = %d, want 1", n)
	}
	if _, err := h.client.ArtifactFile(ctx, repo, id, "missing.json"); !errors.Is(err, github.ErrNoMember) {
		t.Errorf("a missing member: %v, want ErrNoMember", err)
	}
}

// Any host other than the API's gets no token, whatever Go's own
// redirect policy would do; a redirect to plain http off loopback is refused.
func TestArtifactRedirectTokenStaysOnTheAPIHost(t *testing.T) {
	var storageAuth []string
	storage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		storageAuth = append(storageAuth, r.Header.Get("Authorization"))
		_, _ = w.Write(zipOf(t, map[string]string{"plan.json": "ok"}))
	}))
	defer storage.Close()
	var apiAuth []string
	target := strings.Replace(storage.URL, "127.0.0.1", "localhost", 1) + "/blob?sig=s"
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		apiAuth = append(apiAuth, r.Header.Get("Authorization"))
		switch r.URL.Path {
		case "/repos/acme/images/actions/artifacts/1/zip":
			http.Redirect(w, r, "/hop", http.StatusFound) // same origin: keeps the token
		case "/hop":
			http.Redirect(w, r, target, http.StatusFound)
		case "/insecure":
			http.Redirect(w, r, "http://example.com/blob", http.StatusFound)
		}
	}))
	defer api.Close()
	c, err := github.New(api.URL, testToken)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.ArtifactFile(context.Background(), repo, 1, "plan.json")
	if err != nil || string(got) != "ok" {
		t.Fatalf("ArtifactFile = %q, %v", got, err)
	}
	if diff := cmp.Diff([]string{"Bearer " + testToken, "Bearer " + testToken}, apiAuth); diff != "" {
		t.Errorf("API Authorization (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{""}, storageAuth); diff != "" {
		t.Errorf("storage Authorization (-want +got):\n%s", diff)
	}
}

func TestArtifactFileRefusesTooLarge(t *testing.T) {
	h := newHarness(t)
	// 513 MiB of zeros deflate to about half a MiB: a small archive
	// whose plan.json is over the member limit
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "plan.json", Method: zip.Deflate})
	chunk := make([]byte, 1<<20)
	for range github.MaxMember>>20 + 1 {
		_, _ = w.Write(chunk)
	}
	_ = zw.Close()
	id := h.fake.AddArtifact(7, "ncpimage-plan", b.Bytes())
	_, err := h.client.ArtifactFile(context.Background(), repo, id, "plan.json")
	var ae *github.ArchiveError
	if !errors.Is(err, github.ErrTooLarge) || !errors.As(err, &ae) || ae.Artifact != id {
		t.Errorf("ArtifactFile = %v, want an *ArchiveError of artifact %d matching ErrTooLarge", err, id)
	}
}

func TestLastSuccessAndCompare(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	if _, ok, err := h.client.LastSuccess(ctx, repo, "apply.yml", "main"); ok || err != nil {
		t.Fatalf("no runs: ok=%v err=%v", ok, err)
	}
	h.fake.AddRun("apply.yml", github.WorkflowRun{HeadSHA: "a1", HeadBranch: "main", Status: "completed", Conclusion: "success"})
	h.fake.AddRun("apply.yml", github.WorkflowRun{HeadSHA: "a2", HeadBranch: "main", Status: "completed", Conclusion: "success"})
	h.fake.AddRun("apply.yml", github.WorkflowRun{HeadSHA: "a3", HeadBranch: "main", Status: "completed", Conclusion: "failure"})
	h.fake.AddRun("apply.yml", github.WorkflowRun{HeadSHA: "b1", HeadBranch: "dev", Status: "completed", Conclusion: "success"})
	run, ok, err := h.client.LastSuccess(ctx, repo, "apply.yml", "main")
	if err != nil || !ok || run.HeadSHA != "a2" {
		t.Fatalf("LastSuccess = %+v %v %v, want head a2", run, ok, err)
	}
	h.fake.AddCommits("a1", "a2", "a3", "a4", "a5", "a6")
	h.fake.PageSize = 2
	cmpn, err := h.client.Compare(ctx, repo, "a2", "a6")
	if err != nil {
		t.Fatal(err)
	}
	var shas []string
	for _, c := range cmpn.Commits {
		shas = append(shas, c.SHA)
	}
	if diff := cmp.Diff([]string{"a3", "a4", "a5", "a6"}, shas); diff != "" {
		t.Errorf("commits (-want +got):\n%s", diff)
	}
	if n := h.fake.Count(http.MethodGet, "/compare/"); n != 2 {
		t.Errorf("compare pages read = %d, want 2", n)
	}
}

func TestWorkflowFile(t *testing.T) {
	for _, tc := range []struct{ ref, want string }{
		{ref: "acme/images/.github/workflows/apply.yml@refs/heads/main", want: "apply.yml"},
		{ref: "acme/images/.github/workflows/ncp.yaml@v1", want: "ncp.yaml"},
		{ref: "", want: ""},
		{ref: "apply.yml", want: ""},
	} {
		t.Run(tc.ref, func(t *testing.T) {
			if got := github.WorkflowFile(tc.ref); got != tc.want {
				t.Errorf("WorkflowFile(%q) = %q, want %q", tc.ref, got, tc.want)
			}
		})
	}
}

// A 503 of the storage is retried like any idempotent read; the token
// stays off it on the retry too.
func TestArtifactFileRetriesTheStorage(t *testing.T) {
	h := newHarness(t)
	id := h.fake.AddArtifact(9, "ncpimage-plan", zipOf(t, map[string]string{"plan.json": "ok"}))
	h.fake.Fail(githubtest.Fault{Method: http.MethodGet, Path: "/_storage/", Status: http.StatusServiceUnavailable})
	got, err := h.client.ArtifactFile(context.Background(), repo, id, "plan.json")
	if err != nil || string(got) != "ok" {
		t.Fatalf("ArtifactFile = %q, %v", got, err)
	}
	if n := h.fake.Count(http.MethodGet, "/zip"); n != 2 {
		t.Errorf("zip requests = %d, want 2 (the redirect is asked for again)", n)
	}
	if len(h.sleeps) != 1 || h.fake.LeakedAuth() != 0 {
		t.Errorf("sleeps = %v, leaked = %d; want one backoff and no token on the storage", h.sleeps, h.fake.LeakedAuth())
	}
}
