package github

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"time"
)

// Artifact is a file set a workflow run uploaded.
type Artifact struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	SizeInBytes int64     `json:"size_in_bytes"`
	Expired     bool      `json:"expired"`
	CreatedAt   time.Time `json:"created_at"`
}

// RunArtifacts lists the artifacts named name of workflow run runID.
func (c *Client) RunArtifacts(ctx context.Context, repo Repo, runID int64, name string) ([]Artifact, error) {
	var all []Artifact
	q := url.Values{"name": {name}, "per_page": {"100"}}
	p := repo.path() + "/actions/runs/" + strconv.FormatInt(runID, 10) + "/artifacts?" + q.Encode()
	err := walk(ctx, c, p, func(next string) (http.Header, error) {
		var page struct {
			Artifacts []Artifact `json:"artifacts"`
		}
		hdr, err := c.do(ctx, request{method: http.MethodGet, url: next, idempotent: true}, &page)
		all = append(all, page.Artifacts...)
		return hdr, err
	})
	return all, err
}

// The bounds of an artifact download: the archive is spooled to a
// temporary file, the member read into memory (a saved plan is at most
// 512 MiB, see cli's maxPlanBytes).
const (
	MaxArchive = 1 << 30
	MaxMember  = 512 << 20
	maxHops    = 5
)

// ArtifactFile downloads the zip archive of artifact id and returns the
// content of its member name. GitHub answers with a redirect to its
// storage: it is followed without the token (the token goes only to the
// API's origin). The archive is refused over [MaxArchive], the member
// over [MaxMember], whatever sizes the archive claims.
func (c *Client) ArtifactFile(ctx context.Context, repo Repo, id int64, name string) ([]byte, error) {
	tmp, err := os.CreateTemp("", "ncpimage-artifact-*.zip")
	if err != nil {
		return nil, fmt.Errorf("github: artifact %d: %w", id, err)
	}
	defer func() {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
	}()
	size, err := c.download(ctx, repo.path()+"/actions/artifacts/"+strconv.FormatInt(id, 10)+"/zip", tmp, MaxArchive)
	if err != nil {
		var tooLarge *ArchiveError
		if errors.As(err, &tooLarge) {
			tooLarge.Artifact = id
		}
		return nil, err
	}
	return unzipMember(tmp, size, id, name)
}

// download GETs path into dst (at most limit bytes), retrying as [Client.do]
// does an idempotent request, and returns the size written.
func (c *Client) download(ctx context.Context, path string, dst *os.File, limit int64) (int64, error) {
	u, err := c.resolve(path)
	if err != nil {
		return 0, err
	}
	for try := 1; ; try++ {
		if _, err := dst.Seek(0, io.SeekStart); err != nil {
			return 0, err
		}
		if err := dst.Truncate(0); err != nil {
			return 0, err
		}
		n, err := c.downloadOnce(ctx, u, dst, limit)
		if err == nil {
			return n, nil
		}
		wait, retry := c.Retry.decide(err, true, try)
		if !retry {
			return 0, err
		}
		if err := c.sleep(ctx, wait, err); err != nil {
			return 0, err
		}
	}
}

// downloadOnce makes one attempt, following redirects itself: the
// Authorization header goes only to the API's origin.
func (c *Client) downloadOnce(ctx context.Context, u *url.URL, dst io.Writer, limit int64) (int64, error) {
	hc := *c.httpClient()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for hop := 0; ; hop++ {
		req, err := c.newRequest(ctx, http.MethodGet, u, nil, c.sameOrigin(u))
		if err != nil {
			return 0, err
		}
		resp, err := hc.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return 0, fmt.Errorf("github: GET %s: %w", u.Path, ctx.Err())
			}
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err // its text repeats the URL, whose query may be a signature
			}
			return 0, &NetError{Method: http.MethodGet, Path: u.Path, Msg: c.redact(err.Error())}
		}
		next, n, err := c.readDownload(resp, u, dst, limit)
		if next == nil {
			return n, err
		}
		if hop == maxHops {
			return 0, fmt.Errorf("github: GET %s: more than %d redirects", u.Path, maxHops)
		}
		u = next
	}
}

// readDownload reads one answer: a redirect gives the next URL, a
// success is copied to dst, an error status is an *APIError.
func (c *Client) readDownload(resp *http.Response, u *url.URL, dst io.Writer, limit int64) (*url.URL, int64, error) {
	defer func() { _ = resp.Body.Close() }()
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400 && resp.StatusCode != http.StatusNotModified:
		next, err := resp.Location()
		if err != nil {
			return nil, 0, fmt.Errorf("github: GET %s: %d without a usable Location", u.Path, resp.StatusCode)
		}
		if next.Scheme != "https" && !(next.Scheme == "http" && loopback(next.Hostname())) {
			return nil, 0, fmt.Errorf("github: GET %s: refusing a redirect to %s (not https)", u.Path, next.Redacted())
		}
		return next, 0, nil
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		n, err := io.Copy(dst, io.LimitReader(resp.Body, limit+1))
		if err != nil {
			return nil, 0, &NetError{Method: http.MethodGet, Path: u.Path, Msg: c.redact(err.Error())}
		}
		if n > limit {
			return nil, 0, &ArchiveError{Err: fmt.Errorf("%w: the archive is over %d MiB", ErrTooLarge, limit>>20)}
		}
		return nil, n, nil
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	return nil, 0, c.apiError(http.MethodGet, u.Path, resp, data)
}

// sameOrigin reports whether u is on the API's scheme and host.
func (c *Client) sameOrigin(u *url.URL) bool {
	return u.Scheme == c.base.Scheme && u.Host == c.base.Host
}

// unzipMember reads member name of the zip archive in f, bounded by
// [MaxMember] as read, not as the archive claims.
func unzipMember(f *os.File, size, id int64, name string) ([]byte, error) {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return nil, &ArchiveError{Artifact: id, Err: fmt.Errorf("not a zip archive: %w", err)}
	}
	for _, zf := range zr.File {
		if zf.Name != name {
			continue
		}
		if zf.UncompressedSize64 > MaxMember {
			return nil, &ArchiveError{Artifact: id, Member: name, Err: fmt.Errorf("%w: over %d MiB", ErrTooLarge, MaxMember>>20)}
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, &ArchiveError{Artifact: id, Member: name, Err: err}
		}
		data, err := io.ReadAll(io.LimitReader(rc, MaxMember+1))
		_ = rc.Close()
		switch {
		case err != nil:
			return nil, &ArchiveError{Artifact: id, Member: name, Err: err}
		case len(data) > MaxMember:
			return nil, &ArchiveError{Artifact: id, Member: name, Err: fmt.Errorf("%w: over %d MiB", ErrTooLarge, MaxMember>>20)}
		}
		return data, nil
	}
	return nil, &ArchiveError{Artifact: id, Member: name, Err: ErrNoMember}
}
