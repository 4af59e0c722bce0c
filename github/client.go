// Package github is the small part of the GitHub REST API that ncpimage's
// CI needs: the comments of a pull request (to keep one plan comment up
// to date), and, for the apply after merges, the last successful run of
// a workflow, the commits since it, the pull requests of a commit and
// the plan artifact of a plan run (to find every plan that was reviewed).
//
// Every call goes through one request path ([Client.do], and
// [Client.ArtifactFile] for the one binary download): the token is
// sent only to the API origin (a redirect to artifact storage is
// followed without it), error bodies are read through a limit and
// never repeat the token, and transient failures are retried with
// bounded backoff. Reads and updates are idempotent and retried on 5xx,
// network errors and rate limits; a create is retried only where GitHub
// certainly did not act (rate limits), and otherwise settled by looking
// again (see [Client.Upsert]), so a flaky 502 never yields two comments.
package github

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DefaultURL is the API of github.com; GitHub Enterprise Server sets
// GITHUB_API_URL to its own (https://HOST/api/v3).
const DefaultURL = "https://api.github.com"

// Client calls the GitHub REST API with one token.
type Client struct {
	base  *url.URL
	token string
	// HTTP sends the requests; nil means a client with a 30 s timeout.
	HTTP *http.Client
	// UserAgent names the program in every request.
	UserAgent string
	// Retry bounds the retries of transient failures.
	Retry Retry
	// MaxPages bounds the pages one listing reads; 0 means 1,000 (100,000
	// comments or pull requests at 100 a page, far above a real PR).
	MaxPages int

	mu     sync.Mutex
	waited time.Duration // total backoff so far, bounded by Retry.Budget
}

// New returns a client of the API at baseURL (empty: [DefaultURL]).
// Plain http is refused except on loopback: the token must not cross
// a network in the clear. An empty token is an error.
func New(baseURL, token string) (*Client, error) {
	if baseURL == "" {
		baseURL = DefaultURL
	}
	u, err := url.Parse(strings.TrimSuffix(baseURL, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("github: bad API URL %q", baseURL)
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Hostname())) {
		return nil, fmt.Errorf("github: API URL %q: only https (or http on loopback) may carry the token", baseURL)
	}
	if token == "" {
		return nil, ErrNoToken
	}
	return &Client{base: u, token: token, UserAgent: "ncpimage", Retry: DefaultRetry()}, nil
}

// ErrNoToken is returned by [New] without a token.
var ErrNoToken = errors.New("github: no token")

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// maxBody bounds a successful response (100 comments of 65,536
// characters are at most ~26 MB of JSON); error bodies are cut at 64 KiB.
const (
	maxBody      = 32 << 20
	maxErrorBody = 64 << 10
)

// request is one API call: an idempotent one is retried on any
// transient failure, a create only on a rate limit.
type request struct {
	method     string
	url        string // absolute (a Link next URL) or a path below the base
	body       any
	idempotent bool
}

// do sends r (with retries) and decodes the JSON response into out. It
// returns the response headers for pagination.
func (c *Client) do(ctx context.Context, r request, out any) (http.Header, error) {
	u, err := c.resolve(r.url)
	if err != nil {
		return nil, err
	}
	var payload []byte
	if r.body != nil {
		if payload, err = json.Marshal(r.body); err != nil {
			return nil, fmt.Errorf("github: %s %s: %w", r.method, u.Path, err)
		}
	}
	for try := 1; ; try++ {
		hdr, body, err := c.send(ctx, r.method, u, payload)
		if err == nil {
			if out != nil {
				if err := json.Unmarshal(body, out); err != nil {
					return nil, fmt.Errorf("github: %s %s: decode response: %w", r.method, u.Path, err)
				}
			}
			return hdr, nil
		}
		wait, retry := c.Retry.decide(err, r.idempotent, try)
		if !retry {
			return nil, err
		}
		if err := c.sleep(ctx, wait, err); err != nil {
			return nil, err
		}
	}
}

func (c *Client) maxPages() int {
	if c.MaxPages > 0 {
		return c.MaxPages
	}
	return 1000
}

// resolve turns a path into a URL below the base, and accepts an
// absolute URL (a pagination link) only on the base's origin, so the
// token never goes to another host.
func (c *Client) resolve(ref string) (*url.URL, error) {
	if strings.HasPrefix(ref, "/") {
		u := *c.base
		path, query, _ := strings.Cut(ref, "?")
		u.Path = c.base.Path + path
		u.RawQuery = query
		return &u, nil
	}
	u, err := url.Parse(ref)
	if err != nil || u.Scheme != c.base.Scheme || u.Host != c.base.Host {
		return nil, fmt.Errorf("github: refusing to follow %q: not on %s", c.redact(ref), c.base.Host)
	}
	return u, nil
}

// send makes one attempt. Errors are *APIError (the server answered
// with an error status) or *NetError (no answer), with the token redacted.
func (c *Client) send(ctx context.Context, method string, u *url.URL, payload []byte) (http.Header, []byte, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := c.newRequest(ctx, method, u, body, true)
	if err != nil {
		return nil, nil, err
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("github: %s %s: %w", method, u.Path, ctx.Err())
		}
		return nil, nil, &NetError{Method: method, Path: u.Path, Msg: c.redact(err.Error())}
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		if err != nil {
			return nil, nil, &NetError{Method: method, Path: u.Path, Msg: c.redact(err.Error())}
		}
		return resp.Header, data, nil
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	return nil, nil, c.apiError(method, u.Path, resp, data)
}

// newRequest is a request with the API's headers; the token only with
// auth (never to a host other than the API's).
func (c *Client) newRequest(ctx context.Context, method string, u *url.URL, body io.Reader, auth bool) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("github: %s %s: %w", method, u.Path, err)
	}
	if auth {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("User-Agent", c.UserAgent)
	return req, nil
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{Timeout: 30 * time.Second}
}

// sleep waits d (through Retry.Sleep) within the total budget; past the
// budget it returns cause, noting that retries are exhausted.
func (c *Client) sleep(ctx context.Context, d time.Duration, cause error) error {
	c.mu.Lock()
	over := c.waited+d > c.Retry.Budget
	if !over {
		c.waited += d
	}
	c.mu.Unlock()
	if over {
		return fmt.Errorf("%w (gave up: waiting %s more would exceed the retry budget of %s)", cause, d, c.Retry.Budget)
	}
	if err := c.Retry.Sleep(ctx, d); err != nil {
		return fmt.Errorf("%w (interrupted while waiting to retry: %w)", cause, err)
	}
	return nil
}

// redact removes the token from text a server or a library produced.
func (c *Client) redact(s string) string {
	if c.token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.token, "[REDACTED]")
}
