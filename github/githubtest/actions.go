package githubtest

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ncpimage/ncpimage/github"
)

// StoragePath is where the fake's artifact storage serves archives. The
// zip endpoint redirects there on another host name of the same
// listener (localhost for 127.0.0.1), as GitHub redirects to its blob
// storage: a request there with an Authorization header is refused
// with 400, as that storage refuses it, and counted in [Server.LeakedAuth].
const StoragePath = "/_storage/artifacts/"

type artifact struct {
	github.Artifact
	zip []byte
}

// AddRun adds a run of workflow (a file name) and returns its id.
func (s *Server) AddRun(workflow string, run github.WorkflowRun) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock = s.clock.Add(time.Minute)
	if run.ID == 0 {
		s.nextID++
		run.ID = s.nextID
	}
	if run.CreatedAt.IsZero() {
		run.CreatedAt = s.clock
	}
	s.runs[workflow] = append(s.runs[workflow], run)
	return run.ID
}

// AddCommits appends commits to the branch's history, which compare
// reads (one linear history: base...head is what follows base up to head).
func (s *Server) AddCommits(shas ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.history = append(s.history, shas...)
}

// AddArtifact adds an artifact named name, a zip archive, to run and
// returns its id.
func (s *Server) AddArtifact(run int64, name string, zip []byte) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	s.clock = s.clock.Add(time.Minute)
	a := artifact{Artifact: github.Artifact{ID: s.nextID, Name: name, SizeInBytes: int64(len(zip)), CreatedAt: s.clock}, zip: zip}
	s.artifacts[run] = append(s.artifacts[run], a)
	return a.ID
}

// LeakedAuth is how many storage requests carried an Authorization header.
func (s *Server) LeakedAuth() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.leaked
}

func (s *Server) workflowRuns(w http.ResponseWriter, r *http.Request) {
	if !s.repoOK(w, r) {
		return
	}
	q := r.URL.Query()
	s.mu.Lock()
	var out []github.WorkflowRun
	for _, run := range s.runs[r.PathValue("workflow")] {
		if (q.Get("branch") == "" || run.HeadBranch == q.Get("branch")) &&
			(q.Get("status") == "" || run.Conclusion == q.Get("status") || run.Status == q.Get("status")) {
			out = append(out, run)
		}
	}
	s.mu.Unlock()
	slices.Reverse(out) // newest first, as GitHub lists them
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per > 0 && len(out) > per {
		out = out[:per]
	}
	writeJSON(w, http.StatusOK, map[string]any{"total_count": len(out), "workflow_runs": out})
}

func (s *Server) compare(w http.ResponseWriter, r *http.Request) {
	if !s.repoOK(w, r) {
		return
	}
	base, head, ok := strings.Cut(r.PathValue("basehead"), "...")
	s.mu.Lock()
	b, h := slices.Index(s.history, base), slices.Index(s.history, head)
	var commits []github.Commit
	if ok && b >= 0 && h >= 0 {
		for _, sha := range s.history[b+1 : max(h+1, b+1)] {
			commits = append(commits, github.Commit{SHA: sha})
		}
	}
	s.mu.Unlock()
	if !ok || b < 0 || h < 0 {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
		return
	}
	status := map[bool]string{true: "ahead", false: "behind"}[h > b]
	if h == b {
		status = "identical"
	}
	from, to := s.page(w, r, len(commits), 250)
	writeJSON(w, http.StatusOK, map[string]any{"status": status, "ahead_by": len(commits),
		"total_commits": len(commits), "commits": commits[from:to]})
}

// page cuts a listing of n items by per_page (or PageSize) and page,
// setting the Link header to the next page.
func (s *Server) page(w http.ResponseWriter, r *http.Request, n, deflt int) (from, to int) {
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if per <= 0 || per > 100 {
		per = deflt
	}
	if s.PageSize > 0 {
		per = s.PageSize
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	from, to = min((page-1)*per, n), min(page*per, n)
	if to < n {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(page+1))
		w.Header().Set("Link", fmt.Sprintf(`<http://%s%s?%s>; rel="next"`, r.Host, r.URL.EscapedPath(), q.Encode()))
	}
	return from, to
}

func (s *Server) runArtifacts(w http.ResponseWriter, r *http.Request) {
	if !s.repoOK(w, r) {
		return
	}
	run, _ := strconv.ParseInt(r.PathValue("run"), 10, 64)
	name := r.URL.Query().Get("name")
	s.mu.Lock()
	out := []github.Artifact{}
	for _, a := range s.artifacts[run] {
		if name == "" || a.Name == name {
			out = append(out, a.Artifact)
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"total_count": len(out), "artifacts": out})
}

func (s *Server) find(id string) (artifact, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, as := range s.artifacts {
		for _, a := range as {
			if strconv.FormatInt(a.ID, 10) == id {
				return a, true
			}
		}
	}
	return artifact{}, false
}

// artifactZip redirects to the storage, on the other host name.
func (s *Server) artifactZip(w http.ResponseWriter, r *http.Request) {
	if !s.repoOK(w, r) {
		return
	}
	a, ok := s.find(r.PathValue("id"))
	if !ok || a.Expired {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
		return
	}
	host, port, _ := net.SplitHostPort(r.Host)
	other := "localhost"
	if host == "localhost" {
		other = "127.0.0.1"
	}
	w.Header().Set("Location", fmt.Sprintf("http://%s%s%d?sig=secret-signature", net.JoinHostPort(other, port), StoragePath, a.ID))
	w.WriteHeader(http.StatusFound)
}

// serveStorage answers a storage request: faults apply, the API token
// must not be there.
func (s *Server) serveStorage(w http.ResponseWriter, r *http.Request, f *Fault, next http.Handler) {
	if r.Header.Get("Authorization") != "" {
		s.mu.Lock()
		s.leaked++
		s.mu.Unlock()
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprint(w, "<Error><Code>InvalidAuthenticationInfo</Code></Error>")
		return
	}
	if f != nil {
		w.WriteHeader(f.Status)
		_, _ = fmt.Fprint(w, f.Body)
		return
	}
	next.ServeHTTP(w, r)
}

func (s *Server) storage(w http.ResponseWriter, r *http.Request) {
	a, ok := s.find(r.PathValue("id"))
	if !ok || r.URL.Query().Get("sig") != "secret-signature" {
		w.WriteHeader(http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	_, _ = w.Write(a.zip)
}
