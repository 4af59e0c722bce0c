package github

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Repo is a repository, as GITHUB_REPOSITORY spells it: owner/name.
type Repo struct{ Owner, Name string }

// ParseRepo reads "owner/name".
func ParseRepo(s string) (Repo, error) {
	owner, name, ok := strings.Cut(s, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return Repo{}, fmt.Errorf("github: repository %q is not owner/name", s)
	}
	return Repo{Owner: owner, Name: name}, nil
}

func (r Repo) String() string { return r.Owner + "/" + r.Name }

func (r Repo) path() string {
	return "/repos/" + url.PathEscape(r.Owner) + "/" + url.PathEscape(r.Name)
}

// User is the author of a comment.
type User struct {
	Login string `json:"login"`
	Type  string `json:"type"`
}

// Comment is an issue or pull-request comment.
type Comment struct {
	ID        int64     `json:"id"`
	Body      string    `json:"body"`
	HTMLURL   string    `json:"html_url"`
	User      User      `json:"user"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ListComments returns every comment of pull request (or issue) pr,
// oldest first, following the pages GitHub links.
func (c *Client) ListComments(ctx context.Context, repo Repo, pr int) ([]Comment, error) {
	return list[Comment](ctx, c, fmt.Sprintf("%s/issues/%d/comments?per_page=100", repo.path(), pr))
}

// CreateComment adds a comment to pr. It is not retried on a 5xx or a
// lost connection (the comment may exist): [Client.Upsert] settles that.
func (c *Client) CreateComment(ctx context.Context, repo Repo, pr int, body string) (Comment, error) {
	var out Comment
	_, err := c.do(ctx, request{method: http.MethodPost, url: fmt.Sprintf("%s/issues/%d/comments", repo.path(), pr),
		body: map[string]string{"body": body}}, &out)
	return out, err
}

// UpdateComment replaces the body of comment id.
func (c *Client) UpdateComment(ctx context.Context, repo Repo, id int64, body string) (Comment, error) {
	var out Comment
	_, err := c.do(ctx, request{method: http.MethodPatch, url: fmt.Sprintf("%s/issues/comments/%d", repo.path(), id),
		body: map[string]string{"body": body}, idempotent: true}, &out)
	return out, err
}

// Newest returns the newest comment that match accepts and how many do.
func Newest(comments []Comment, match func(*Comment) bool) (*Comment, int) {
	var newest *Comment
	n := 0
	for i := range comments {
		cm := &comments[i]
		if !match(cm) {
			continue
		}
		n++
		if newest == nil || cm.CreatedAt.After(newest.CreatedAt) ||
			(cm.CreatedAt.Equal(newest.CreatedAt) && cm.ID > newest.ID) {
			newest = cm
		}
	}
	return newest, n
}

// Upserted is what [Client.Upsert] did.
type Upserted struct {
	Comment Comment
	Created bool
	// Matches is how many comments matched before the update; more than
	// one means older ones were left as they were.
	Matches int
}

// Upsert updates the newest comment of pr that match accepts with body,
// or creates one when none does. A create that fails ambiguously (5xx,
// no answer) is settled by listing again: the comment found is updated,
// so a retry never leaves two.
func (c *Client) Upsert(ctx context.Context, repo Repo, pr int, body string, match func(*Comment) bool) (Upserted, error) {
	comments, err := c.ListComments(ctx, repo, pr)
	if err != nil {
		return Upserted{}, err
	}
	if old, n := Newest(comments, match); old != nil {
		cm, err := c.UpdateComment(ctx, repo, old.ID, body)
		return Upserted{Comment: cm, Matches: n}, err
	}
	for try := 1; ; try++ {
		cm, err := c.CreateComment(ctx, repo, pr, body)
		if err == nil || !Ambiguous(err) || try >= c.Retry.Tries {
			return Upserted{Comment: cm, Created: true}, err
		}
		if err := c.sleep(ctx, c.Retry.backoff(try), err); err != nil {
			return Upserted{}, err
		}
		comments, lerr := c.ListComments(ctx, repo, pr)
		if lerr != nil {
			return Upserted{}, lerr
		}
		if made, _ := Newest(comments, match); made != nil {
			cm, err := c.UpdateComment(ctx, repo, made.ID, body)
			return Upserted{Comment: cm, Created: true}, err
		}
	}
}

// list GETs every page of a list endpoint, following Link rel="next".
func list[T any](ctx context.Context, c *Client, path string) ([]T, error) {
	var all []T
	err := walk(ctx, c, path, func(next string) (http.Header, error) {
		var page []T
		hdr, err := c.do(ctx, request{method: http.MethodGet, url: next, idempotent: true}, &page)
		all = append(all, page...)
		return hdr, err
	})
	return all, err
}

// walk calls get for path and each page GitHub links as rel="next";
// get reads one page and returns its headers. The walk ends with an
// error on a next link to a page already read (a loop: 6,772 requests in
// 5 minutes were seen) and after c.maxPages() pages, so a misbehaving
// server or proxy cannot keep it going.
func walk(ctx context.Context, c *Client, path string, get func(next string) (http.Header, error)) error {
	seen := map[string]bool{}
	for next := path; next != ""; {
		if err := ctx.Err(); err != nil {
			return err
		}
		u, err := c.resolve(next)
		if err != nil {
			return err
		}
		key := u.String()
		switch {
		case seen[key]:
			return fmt.Errorf("github: list %s: the next page link points at a page already read (%s): the listing would never end", c.redact(path), c.redact(key))
		case len(seen) == c.maxPages():
			return fmt.Errorf("github: list %s: more than %d pages: stopping", c.redact(path), c.maxPages())
		}
		seen[key] = true
		hdr, err := get(next)
		if err != nil {
			return err
		}
		next = nextLink(hdr.Get("Link"))
	}
	return nil
}

var linkNext = regexp.MustCompile(`<([^>]+)>\s*;[^,]*\brel="?next"?`)

// nextLink is the URL of rel="next" in a Link header, or "".
func nextLink(h string) string {
	for _, part := range strings.Split(h, ",") {
		if m := linkNext.FindStringSubmatch(part); m != nil {
			return m[1]
		}
	}
	return ""
}
