package github

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinels for the statuses callers branch on, matched by
// [APIError.Is]: errors.Is(err, github.ErrNotFound).
var (
	ErrUnauthorized  = errors.New("unauthorized")  // 401: a bad or expired token
	ErrForbidden     = errors.New("forbidden")     // 403 (not a rate limit): the token lacks a permission
	ErrNotFound      = errors.New("not found")     // 404: no such repository or pull request, or no access to it
	ErrUnprocessable = errors.New("unprocessable") // 422: GitHub refused the request's content
	ErrRateLimited   = errors.New("rate limited")  // 429, or 403 with the rate-limit signs
)

// APIError is an error status from the API. Message is GitHub's
// "message" (or the start of the body), with the token redacted.
type APIError struct {
	Method, Path string
	Status       int
	Message      string
	// RateLimited is a primary or secondary rate limit; RetryAfter is the
	// wait it asks for (zero: not said).
	RateLimited bool
	RetryAfter  time.Duration
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("github: %s %s: %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.RateLimited {
		msg += " (rate limited)"
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// Is matches the sentinels of its status.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrRateLimited:
		return e.RateLimited
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized
	case ErrForbidden:
		return e.Status == http.StatusForbidden && !e.RateLimited
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrUnprocessable:
		return e.Status == http.StatusUnprocessableEntity
	}
	return false
}

// NetError is a request that got no HTTP answer (connection refused or
// reset, timeout): the server may or may not have acted on it.
type NetError struct {
	Method, Path, Msg string
}

func (e *NetError) Error() string { return fmt.Sprintf("github: %s %s: %s", e.Method, e.Path, e.Msg) }

// Ambiguous reports whether err leaves unknown whether GitHub acted on
// the request: a 5xx or no answer at all. A create that failed so must
// be looked up before it is sent again.
func Ambiguous(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Status >= 500
	}
	var ne *NetError
	return errors.As(err, &ne)
}

// apiError builds the error of a response with an error status.
func (c *Client) apiError(method, path string, resp *http.Response, body []byte) *APIError {
	e := &APIError{Method: method, Path: path, Status: resp.StatusCode, Message: c.redact(message(body))}
	wait, limited := rateLimit(resp, e.Message, c.Retry.now())
	e.RateLimited, e.RetryAfter = limited, wait
	return e
}

// message is the "message" of a GitHub error body, else the body's
// first 200 bytes on one line.
func message(body []byte) string {
	var m struct {
		Message string `json:"message"`
		Errors  []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &m) == nil && m.Message != "" {
		msg := m.Message
		for _, d := range m.Errors {
			if d.Message != "" {
				msg += "; " + d.Message
			}
		}
		return msg
	}
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// rateLimit tells a rate-limited response (429; 403 with Retry-After,
// x-ratelimit-remaining: 0 or a "rate limit" message) and the wait it
// asks for: Retry-After, else until x-ratelimit-reset.
func rateLimit(resp *http.Response, msg string, now time.Time) (time.Duration, bool) {
	h := resp.Header
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusForbidden {
		return 0, false
	}
	retryAfter, hasRetryAfter := parseRetryAfter(h.Get("Retry-After"), now)
	exhausted := h.Get("X-Ratelimit-Remaining") == "0"
	if resp.StatusCode == http.StatusForbidden && !hasRetryAfter && !exhausted &&
		!strings.Contains(strings.ToLower(msg), "rate limit") {
		return 0, false
	}
	if hasRetryAfter {
		return retryAfter, true
	}
	if exhausted {
		if reset, err := strconv.ParseInt(h.Get("X-Ratelimit-Reset"), 10, 64); err == nil {
			return max(time.Unix(reset, 0).Sub(now), 0) + time.Second, true
		}
	}
	return 0, true
}

// parseRetryAfter reads seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// ErrTooLarge is matched by an [ArchiveError] over [MaxArchive] or
// [MaxMember].
var ErrTooLarge = errors.New("too large")

// ErrNoMember is matched by an [ArchiveError] for an archive without
// the member asked for.
var ErrNoMember = errors.New("no such file in the archive")

// ArchiveError is an artifact archive that could not be read.
type ArchiveError struct {
	Artifact int64
	Member   string // "" for the archive itself
	Err      error
}

func (e *ArchiveError) Error() string {
	if e.Member == "" {
		return fmt.Sprintf("github: artifact %d: %v", e.Artifact, e.Err)
	}
	return fmt.Sprintf("github: artifact %d: %s: %v", e.Artifact, e.Member, e.Err)
}

func (e *ArchiveError) Unwrap() error { return e.Err }
