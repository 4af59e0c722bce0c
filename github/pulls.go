package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"
)

// Pull is a pull request, as the commits/{sha}/pulls list gives it.
type Pull struct {
	Number         int        `json:"number"`
	State          string     `json:"state"`
	HTMLURL        string     `json:"html_url"`
	MergedAt       *time.Time `json:"merged_at"`
	MergeCommitSHA string     `json:"merge_commit_sha"`
	Head           struct {
		SHA string `json:"sha"`
	} `json:"head"`
	Base struct {
		Ref string `json:"ref"`
	} `json:"base"`
}

// CommitPulls lists the pull requests associated with commit sha: for
// a merge commit on the default branch, the pull request it merged.
func (c *Client) CommitPulls(ctx context.Context, repo Repo, sha string) ([]Pull, error) {
	return list[Pull](ctx, c, repo.path()+"/commits/"+url.PathEscape(sha)+"/pulls?per_page=100")
}

// Merged picks the merged pull request of sha among pulls: the one whose
// merge commit is sha, else the one merged last. False when none merged.
func Merged(pulls []Pull, sha string) (Pull, bool) {
	var best *Pull
	for i := range pulls {
		p := &pulls[i]
		switch {
		case p.MergedAt == nil:
		case p.MergeCommitSHA == sha && sha != "":
			return *p, true
		case best == nil || p.MergedAt.After(*best.MergedAt):
			best = p
		}
	}
	if best == nil {
		return Pull{}, false
	}
	return *best, true
}

// EventPull reads the pull-request number of a GitHub Actions event
// (the JSON file at GITHUB_EVENT_PATH): .pull_request.number, else
// .number, else .issue.number. Zero when the event has none (a push).
func EventPull(event []byte) (int, error) {
	var ev struct {
		Number      int `json:"number"`
		PullRequest struct {
			Number int `json:"number"`
		} `json:"pull_request"`
		Issue struct {
			Number int `json:"number"`
		} `json:"issue"`
	}
	if err := json.Unmarshal(event, &ev); err != nil {
		return 0, fmt.Errorf("github: read event: %w", err)
	}
	for _, n := range []int{ev.PullRequest.Number, ev.Number, ev.Issue.Number} {
		if n > 0 {
			return n, nil
		}
	}
	return 0, nil
}

// ErrNoPull is returned where a pull request is needed and none is known.
var ErrNoPull = errors.New("no pull request")
