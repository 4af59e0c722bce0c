package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ncpimage/ncpimage/github"
)

func (e *env) githubReviewed(ctx context.Context, o reviewedOptions) error {
	if !github.ValidKey(o.gh.key) {
		return fmt.Errorf("github reviewed: bad --key %q: letters, digits and ._/- only", o.gh.key)
	}
	if c := o.collect; c.out == "" && (c.workflow != "" || c.branch != "" || c.artifact != "") {
		return hintError{err: errors.New("github reviewed: --workflow, --branch and --artifact go with --out"),
			hint: "ncpimage github reviewed --out reviewed"}
	}
	gc, repo, err := o.gh.client(e)
	if err != nil {
		return err
	}
	if o.collect.out != "" {
		return e.githubCollect(ctx, o, gc, repo)
	}
	pr, err := o.reviewedPull(ctx, e, gc, repo)
	if err != nil {
		return err
	}
	comments, err := gc.ListComments(ctx, repo, pr)
	if err != nil {
		return githubError("github reviewed", err)
	}
	cm, n := github.Newest(comments, o.gh.match)
	if cm == nil {
		o.gh.warnOthers(e, comments, pr)
		return hintError{err: fmt.Errorf("github reviewed: pull request #%d has no plan comment", pr),
			hint: "nothing was reviewed, so nothing is applied: the plan workflow must comment on the pull request before it merges"}
	}
	if n > 1 {
		e.warn(fmt.Sprintf("github: %d plan comments on #%d; read the newest (%d)", n, pr, cm.ID))
	}
	r := github.ParseReview(cm.Body)
	if r.Digest == "" {
		return hintError{err: fmt.Errorf("github reviewed: the plan comment %d on #%d carries no plan digest", cm.ID, pr),
			hint: "the comment must come from: ncpimage show plan.json -o markdown | ncpimage github comment -"}
	}
	out := fmt.Sprintf("pr=%d\ndigest=%s\n", pr, r.Digest)
	if r.RunID != "" {
		out += "run-id=" + r.RunID + "\n"
	}
	_, err = io.WriteString(e.stdout, out)
	return err
}

// reviewedPull is --pr, else the merged pull request of --commit (or
// $GITHUB_SHA), else the pull request of the event.
func (o reviewedOptions) reviewedPull(ctx context.Context, e *env, gc *github.Client, repo github.Repo) (int, error) {
	if o.gh.pr > 0 || (o.commit == "" && o.sha == "") {
		return o.gh.pull(e)
	}
	sha := o.commit
	if sha == "" {
		sha = o.sha
	}
	pulls, err := gc.CommitPulls(ctx, repo, sha)
	if err != nil {
		return 0, githubError("github reviewed", err)
	}
	p, ok := github.Merged(pulls, sha)
	if !ok {
		return 0, hintError{err: fmt.Errorf("github reviewed: commit %s belongs to no merged pull request", sha),
			hint: "a push that did not merge a reviewed pull request has no reviewed plan: merge through a pull request"}
	}
	return p.Number, nil
}
