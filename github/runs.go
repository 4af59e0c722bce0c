package github

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// WorkflowRun is a run of a workflow, as the runs list gives it.
type WorkflowRun struct {
	ID         int64     `json:"id"`
	RunNumber  int       `json:"run_number"`
	HeadSHA    string    `json:"head_sha"`
	HeadBranch string    `json:"head_branch"`
	Status     string    `json:"status"`
	Conclusion string    `json:"conclusion"`
	HTMLURL    string    `json:"html_url"`
	CreatedAt  time.Time `json:"created_at"`
}

// WorkflowFile is the file name of the workflow a GITHUB_WORKFLOW_REF
// names ("o/r/.github/workflows/apply.yml@refs/heads/main" gives
// "apply.yml"), or "" when ref names none.
func WorkflowFile(ref string) string {
	ref, _, _ = strings.Cut(ref, "@")
	if !strings.Contains(ref, "/.github/workflows/") {
		return ""
	}
	return path.Base(ref)
}

// LastSuccess returns the newest successful run of workflow (a file name
// such as apply.yml, or a workflow id) on branch; false when it has none.
func (c *Client) LastSuccess(ctx context.Context, repo Repo, workflow, branch string) (WorkflowRun, bool, error) {
	var out struct {
		Runs []WorkflowRun `json:"workflow_runs"`
	}
	q := url.Values{"branch": {branch}, "status": {"success"}, "per_page": {"20"}}
	p := repo.path() + "/actions/workflows/" + url.PathEscape(workflow) + "/runs?" + q.Encode()
	if _, err := c.do(ctx, request{method: http.MethodGet, url: p, idempotent: true}, &out); err != nil {
		return WorkflowRun{}, false, err
	}
	var best *WorkflowRun
	for i := range out.Runs {
		r := &out.Runs[i]
		if r.Conclusion != "success" || r.HeadSHA == "" || (r.HeadBranch != "" && r.HeadBranch != branch) {
			continue // GitHub filters already; a proxy or an old server may not
		}
		if best == nil || r.CreatedAt.After(best.CreatedAt) || (r.CreatedAt.Equal(best.CreatedAt) && r.ID > best.ID) {
			best = r
		}
	}
	if best == nil {
		return WorkflowRun{}, false, nil
	}
	return *best, true, nil
}

// Commit is a commit of a comparison.
type Commit struct {
	SHA string `json:"sha"`
}

// Comparison is base...head: the commits of head that base lacks, oldest
// first. Status is ahead, behind, diverged or identical.
type Comparison struct {
	Status       string   `json:"status"`
	TotalCommits int      `json:"total_commits"`
	Commits      []Commit `json:"commits"`
}

// Compare lists the commits base...head, every page. It fails rather
// than return fewer commits than GitHub counts, so no merge is missed
// silently.
func (c *Client) Compare(ctx context.Context, repo Repo, base, head string) (Comparison, error) {
	var all Comparison
	p := repo.path() + "/compare/" + url.PathEscape(base) + "..." + url.PathEscape(head) + "?per_page=100"
	first := true
	err := walk(ctx, c, p, func(next string) (http.Header, error) {
		var page Comparison
		hdr, err := c.do(ctx, request{method: http.MethodGet, url: next, idempotent: true}, &page)
		if first {
			all.Status, all.TotalCommits, first = page.Status, page.TotalCommits, false
		}
		all.Commits = append(all.Commits, page.Commits...)
		return hdr, err
	})
	if err != nil {
		return Comparison{}, err
	}
	if len(all.Commits) < all.TotalCommits {
		return Comparison{}, fmt.Errorf("github: compare %s...%s: read %d of %d commits", base, head, len(all.Commits), all.TotalCommits)
	}
	return all, nil
}
