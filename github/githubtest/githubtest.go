// Package githubtest is a fake of the few GitHub REST endpoints package
// github calls, served over loopback HTTP, with the checks GitHub makes
// (token, repository, comment size) and injectable faults.
package githubtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ncpimage/ncpimage/github"
)

// Bot is the login comments are created as, GITHUB_TOKEN's.
const Bot = "github-actions[bot]"

// Server is the fake API. Its fields may be set before the first request.
type Server struct {
	*httptest.Server
	// Token is the only token accepted (Authorization: Bearer TOKEN).
	Token string
	// Repo is the only repository that exists ("owner/name").
	Repo string
	// PageSize overrides the client's per_page, so tests paginate with
	// few comments; 0 honours per_page.
	PageSize int
	// Login is the author of created comments (default [Bot]).
	Login string

	mu        sync.Mutex
	comments  map[int][]*github.Comment
	pulls     map[string][]github.Pull
	runs      map[string][]github.WorkflowRun // by workflow file
	history   []string                        // commit SHAs of the branch, oldest first
	artifacts map[int64][]artifact            // by run id
	leaked    int                             // storage requests with Authorization
	faults    []*Fault
	requests  []Request
	nextID    int64
	clock     time.Time
}

// Fault makes matching requests fail.
type Fault struct {
	Method string // "" matches any
	Path   string // substring of the path; "" matches any
	Status int
	Header map[string]string
	Body   string
	// Times is how many requests fail (0 means 1).
	Times int
	// After acts on the request first, then answers the fault: a 502 for
	// a comment that was in fact created.
	After bool
}

// Request is one request the fake saw.
type Request struct {
	Method, Path, Query, Body string
}

// New starts a fake for repository repo accepting token.
func New(repo, token string) *Server {
	s := &Server{Token: token, Repo: repo, Login: Bot, comments: map[int][]*github.Comment{},
		pulls: map[string][]github.Pull{}, runs: map[string][]github.WorkflowRun{}, artifacts: map[int64][]artifact{},
		nextID: 1000,
		clock:  time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repos/{owner}/{repo}/issues/{n}/comments", s.listComments)
	mux.HandleFunc("POST /repos/{owner}/{repo}/issues/{n}/comments", s.createComment)
	mux.HandleFunc("PATCH /repos/{owner}/{repo}/issues/comments/{id}", s.updateComment)
	mux.HandleFunc("GET /repos/{owner}/{repo}/commits/{sha}/pulls", s.commitPulls)
	mux.HandleFunc("GET /repos/{owner}/{repo}/actions/workflows/{workflow}/runs", s.workflowRuns)
	mux.HandleFunc("GET /repos/{owner}/{repo}/compare/{basehead}", s.compare)
	mux.HandleFunc("GET /repos/{owner}/{repo}/actions/runs/{run}/artifacts", s.runArtifacts)
	mux.HandleFunc("GET /repos/{owner}/{repo}/actions/artifacts/{id}/zip", s.artifactZip)
	mux.HandleFunc("GET "+StoragePath+"{id}", s.storage)
	s.Server = httptest.NewServer(s.middleware(mux))
	return s
}

// AddComment adds a comment by login to pr and returns its id.
func (s *Server) AddComment(pr int, login, body string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.add(pr, login, body).ID
}

func (s *Server) add(pr int, login, body string) *github.Comment {
	s.nextID++
	s.clock = s.clock.Add(time.Minute)
	c := &github.Comment{ID: s.nextID, Body: body, User: github.User{Login: login, Type: "Bot"},
		CreatedAt: s.clock, UpdatedAt: s.clock,
		HTMLURL: fmt.Sprintf("https://github.com/%s/pull/%d#issuecomment-%d", s.Repo, pr, s.nextID)}
	s.comments[pr] = append(s.comments[pr], c)
	return c
}

// Comments returns the comments of pr, oldest first.
func (s *Server) Comments(pr int) []github.Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]github.Comment, 0, len(s.comments[pr]))
	for _, c := range s.comments[pr] {
		out = append(out, *c)
	}
	return out
}

// SetPulls sets the pull requests of commit sha.
func (s *Server) SetPulls(sha string, pulls []github.Pull) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pulls[sha] = pulls
}

// Fail adds a fault; faults are matched in the order added.
func (s *Server) Fail(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times == 0 {
		f.Times = 1
	}
	s.faults = append(s.faults, &f)
}

// Requests returns the requests seen so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count is how many requests of method had a path containing path.
func (s *Server) Count(method, path string) int {
	n := 0
	for _, r := range s.Requests() {
		if (method == "" || r.Method == method) && strings.Contains(r.Path, path) {
			n++
		}
	}
	return n
}

func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<21))
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		s.mu.Lock()
		s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: string(body)})
		f := s.fault(r)
		s.mu.Unlock()
		if strings.HasPrefix(r.URL.Path, StoragePath) {
			s.serveStorage(w, r, f, next)
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+s.Token {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials"})
			return
		}
		if f == nil {
			next.ServeHTTP(w, r)
			return
		}
		if f.After {
			next.ServeHTTP(httptest.NewRecorder(), r)
		}
		for k, v := range f.Header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.Status)
		_, _ = io.WriteString(w, f.Body)
	})
}

// fault returns the first matching fault and uses it up (s.mu held).
func (s *Server) fault(r *http.Request) *Fault {
	for i, f := range s.faults {
		if (f.Method == "" || f.Method == r.Method) && strings.Contains(r.URL.Path, f.Path) {
			if f.Times--; f.Times == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			return f
		}
	}
	return nil
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	pr, ok := s.pr(w, r)
	if !ok {
		return
	}
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if per <= 0 || per > 100 {
		per = 30
	}
	if s.PageSize > 0 {
		per = s.PageSize
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	all := s.Comments(pr)
	from, to := min((page-1)*per, len(all)), min(page*per, len(all))
	if to < len(all) {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(page+1))
		w.Header().Set("Link", fmt.Sprintf(`<http://%s%s?%s>; rel="next", <http://%s%s?page=%d>; rel="last"`,
			r.Host, r.URL.Path, q.Encode(), r.Host, r.URL.Path, (len(all)+per-1)/per))
	}
	writeJSON(w, http.StatusOK, all[from:to])
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request) {
	pr, ok := s.pr(w, r)
	if !ok {
		return
	}
	body, ok := commentBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	c := *s.add(pr, s.Login, body)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) updateComment(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	body, ok := commentBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, cs := range s.comments {
		for _, c := range cs {
			if c.ID == id {
				s.clock = s.clock.Add(time.Minute)
				c.Body, c.UpdatedAt = body, s.clock
				writeJSON(w, http.StatusOK, c)
				return
			}
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
}

func (s *Server) commitPulls(w http.ResponseWriter, r *http.Request) {
	if !s.repoOK(w, r) {
		return
	}
	s.mu.Lock()
	pulls := append([]github.Pull{}, s.pulls[r.PathValue("sha")]...)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, pulls)
}

func (s *Server) repoOK(w http.ResponseWriter, r *http.Request) bool {
	if r.PathValue("owner")+"/"+r.PathValue("repo") != s.Repo {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
		return false
	}
	return true
}

func (s *Server) pr(w http.ResponseWriter, r *http.Request) (int, bool) {
	if !s.repoOK(w, r) {
		return 0, false
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n <= 0 {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
		return 0, false
	}
	return n, true
}

// commentBody reads {"body": ...} and refuses what GitHub refuses.
func commentBody(w http.ResponseWriter, r *http.Request) (string, bool) {
	var in struct {
		Body *string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "Invalid request.\n\n\"body\" wasn't supplied."})
		return "", false
	}
	if utf8.RuneCountInString(*in.Body) > github.CommentLimit {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "Validation Failed",
			"errors": []map[string]string{{"resource": "IssueComment", "code": "custom", "field": "body",
				"message": "body is too long (maximum is 65536 characters)"}}})
		return "", false
	}
	return *in.Body, true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
