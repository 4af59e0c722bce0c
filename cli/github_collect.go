package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/github"
	"github.com/ncpimage/ncpimage/plan"
	"github.com/ncpimage/ncpimage/report"
)

// collectOptions are the flags of github reviewed --out: where the plans
// go, and which workflow's last success the collection starts from.
type collectOptions struct {
	out, workflow, branch, artifact string
	workflowRef, refName            string // $GITHUB_WORKFLOW_REF, $GITHUB_REF_NAME
}

// collected is what the plan comment of one pull request gave.
type collected struct {
	pr     int
	review github.Review // zero without a plan comment
	path   string        // the plan written; "" when the pull request contributes none
	why    string        // why it contributes none
}

// githubCollect writes the reviewed plan of every pull request merged
// since the last successful run of the apply workflow to DIR/pr-N.json.
// A pull request without a usable reviewed plan is named and skipped:
// apply --reviewed DIR then refuses its changes, never applies them
// unreviewed.
func (e *env) githubCollect(ctx context.Context, o reviewedOptions, gc *github.Client, repo github.Repo) error {
	if strings.ContainsAny(o.collect.out, "\n\r") {
		return errors.New("github reviewed: --out must not hold a line break")
	}
	pulls, headPR, err := e.mergedSince(ctx, o, gc, repo)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.collect.out, 0o755); err != nil {
		return fmt.Errorf("github reviewed: %w", err)
	}
	var results []collected
	for _, n := range pulls {
		c, err := e.collectPull(ctx, o, gc, repo, n)
		if err != nil {
			return err
		}
		if c.why != "" {
			e.warn(fmt.Sprintf("github: #%d contributes no reviewed plan: %s", n, c.why))
		}
		results = append(results, c)
	}
	e.removeStale(o.collect.out, results)
	return e.printCollected(o.collect.out, results, headPR, len(pulls))
}

// printCollected prints reviewed=K and dir=DIR, and the pr, digest and
// run-id of the head commit's pull request, as github reviewed does
// without --out.
func (e *env) printCollected(dir string, results []collected, headPR, pulls int) error {
	k := 0
	out := ""
	for _, c := range results {
		if c.path != "" {
			k++
		}
		if c.pr == headPR && c.review.Digest != "" {
			out = fmt.Sprintf("pr=%d\ndigest=%s\n", c.pr, c.review.Digest)
			if runIDValue.MatchString(c.review.RunID) {
				out += "run-id=" + c.review.RunID + "\n"
			}
		}
	}
	if k == 0 {
		return hintError{err: fmt.Errorf("github reviewed: no reviewed plan among the %d merged pull request(s)", pulls),
			hint: "nothing was reviewed, so nothing will be applied: each pull request needs the plan workflow's comment and artifact before it merges"}
	}
	_, err := fmt.Fprintf(e.stdout, "reviewed=%d\ndir=%s\n%s", k, dir, out)
	return err
}

// mergedSince is the pull requests to collect, in number order, and the
// one the head commit merged (0: none): --pr alone, else every pull
// request merged into the branch by a commit since the head of the
// workflow's last successful run, up to and with the head commit.
func (e *env) mergedSince(ctx context.Context, o reviewedOptions, gc *github.Client, repo github.Repo) ([]int, int, error) {
	if o.gh.pr > 0 {
		return []int{o.gh.pr}, o.gh.pr, nil
	}
	head, workflow, branch, err := o.collectTarget()
	if err != nil {
		return nil, 0, err
	}
	commits, err := e.commitsSince(ctx, gc, repo, workflow, branch, head)
	if err != nil {
		return nil, 0, err
	}
	set := map[int]bool{}
	headPR := 0
	for _, sha := range commits {
		pulls, err := gc.CommitPulls(ctx, repo, sha)
		if err != nil {
			return nil, 0, githubError("github reviewed", err)
		}
		for _, p := range pulls {
			if p.MergedAt != nil && (p.Base.Ref == "" || p.Base.Ref == branch) {
				set[p.Number] = true
			}
		}
		if p, ok := github.Merged(pulls, sha); ok && sha == head {
			headPR = p.Number
		}
	}
	prs := make([]int, 0, len(set))
	for n := range set {
		prs = append(prs, n)
	}
	slices.Sort(prs)
	fmt.Fprintf(e.stderr, "github: %d pull request(s) merged in %d commit(s): %s\n", len(prs), len(commits), numbers(prs))
	return prs, headPR, nil
}

func numbers(prs []int) string {
	if len(prs) == 0 {
		return "none"
	}
	s := make([]string, len(prs))
	for i, n := range prs {
		s[i] = "#" + strconv.Itoa(n)
	}
	return strings.Join(s, " ")
}

// collectTarget is the head commit, the workflow and the branch, from
// the flags or the workflow's environment.
func (o reviewedOptions) collectTarget() (head, workflow, branch string, err error) {
	head, workflow, branch = o.commit, o.collect.workflow, o.collect.branch
	if head == "" {
		head = o.sha
	}
	if workflow == "" {
		workflow = github.WorkflowFile(o.collect.workflowRef)
	}
	if branch == "" {
		branch = o.collect.refName
	}
	switch {
	case head == "":
		return "", "", "", hintError{err: errors.New("github reviewed: no --commit and no $GITHUB_SHA"), hint: "pass --commit SHA (the commit being applied)"}
	case workflow == "":
		return "", "", "", hintError{err: errors.New("github reviewed: no --workflow and no workflow in $GITHUB_WORKFLOW_REF"),
			hint: "pass --workflow FILE, the apply workflow's file name (e.g. apply.yml)"}
	case branch == "":
		return "", "", "", hintError{err: errors.New("github reviewed: no --branch and no $GITHUB_REF_NAME"), hint: "pass --branch NAME (e.g. main)"}
	}
	return head, workflow, branch, nil
}

// commitsSince is the commits base...head, base being the head of the
// workflow's last successful run on branch, and head always among them
// (a re-run of the last success collects its pull request again).
// Without a successful run yet, only head.
func (e *env) commitsSince(ctx context.Context, gc *github.Client, repo github.Repo, workflow, branch, head string) ([]string, error) {
	run, ok, err := gc.LastSuccess(ctx, repo, workflow, branch)
	if err != nil {
		return nil, githubError("github reviewed", err)
	}
	if !ok {
		e.warn(fmt.Sprintf("github: no successful run of %s on %s yet: collecting only the pull request of %s", workflow, branch, head))
		return []string{head}, nil
	}
	fmt.Fprintf(e.stderr, "github: the last successful run of %s on %s (%d) applied %s\n", workflow, branch, run.ID, run.HeadSHA)
	cmp, err := gc.Compare(ctx, repo, run.HeadSHA, head)
	if errors.Is(err, github.ErrNotFound) {
		// a force push can take the applied commit away; apply still
		// refuses whatever the head's review does not hold
		e.warn(fmt.Sprintf("github: cannot compare %s...%s (not found: history rewritten?): collecting only the pull request of %s", run.HeadSHA, head, head))
		return []string{head}, nil
	}
	if err != nil {
		return nil, githubError("github reviewed", err)
	}
	var commits []string
	for _, c := range cmp.Commits {
		commits = append(commits, c.SHA)
	}
	if !slices.Contains(commits, head) {
		commits = append(commits, head)
	}
	return commits, nil
}

// collectPull finds the plan comment of pr and writes the plan of its
// artifact, when its digest is the comment's. An answer of GitHub's
// that says the plan is not there (no comment, no artifact, another
// digest) is a why; any other failure an error.
func (e *env) collectPull(ctx context.Context, o reviewedOptions, gc *github.Client, repo github.Repo, pr int) (collected, error) {
	c := collected{pr: pr}
	comments, err := gc.ListComments(ctx, repo, pr)
	if err != nil {
		return c, githubError("github reviewed", err)
	}
	cm, _ := github.Newest(comments, o.gh.match)
	if cm == nil {
		o.gh.warnOthers(e, comments, pr)
		c.why = "no plan comment"
		return c, nil
	}
	c.review = github.ParseReview(cm.Body)
	switch {
	case c.review.Digest == "":
		c.why = fmt.Sprintf("its plan comment %d carries no plan digest", cm.ID)
		return c, nil
	case !runIDValue.MatchString(c.review.RunID):
		c.why = fmt.Sprintf("its plan comment %d records no run id, so its plan artifact cannot be found", cm.ID)
		return c, nil
	}
	data, why, err := e.reviewedArtifact(ctx, o, gc, repo, c.review)
	if err != nil || why != "" {
		c.why = why
		return c, err
	}
	p, err := plan.Decode(data)
	switch {
	case err != nil:
		c.why = fmt.Sprintf("plan.json of run %s is not a valid plan: %v", c.review.RunID, err)
	case p.PlanDigest != c.review.Digest:
		c.why = fmt.Sprintf("the plan of run %s has digest %s, not the reviewed %s", c.review.RunID, p.PlanDigest, c.review.Digest)
	}
	if c.why != "" {
		return c, nil
	}
	c.path = filepath.Join(o.collect.out, fmt.Sprintf("pr-%d.json", pr))
	if err := writeAtomic(c.path, data); err != nil {
		return c, fmt.Errorf("github reviewed: write %s: %w", c.path, err)
	}
	fmt.Fprintf(e.stderr, "github: #%d: the reviewed plan %s (run %s) is %s\n", pr, c.review.Digest, c.review.RunID, report.Clean(c.path))
	return c, nil
}

// reviewedArtifact is plan.json of the plan artifact of r's run.
func (e *env) reviewedArtifact(ctx context.Context, o reviewedOptions, gc *github.Client, repo github.Repo, r github.Review) ([]byte, string, error) {
	name := o.artifactName()
	runID, _ := strconv.ParseInt(r.RunID, 10, 64)
	arts, err := gc.RunArtifacts(ctx, repo, runID, name)
	if errors.Is(err, github.ErrNotFound) {
		return nil, fmt.Sprintf("run %s is not found", r.RunID), nil
	}
	if err != nil {
		return nil, "", githubError("github reviewed", err)
	}
	var art *github.Artifact
	expired := false
	for i := range arts {
		a := &arts[i]
		if a.Name != name {
			continue
		}
		if a.Expired {
			expired = true
		} else if art == nil || a.CreatedAt.After(art.CreatedAt) || (a.CreatedAt.Equal(art.CreatedAt) && a.ID > art.ID) {
			art = a
		}
	}
	switch {
	case art == nil && expired:
		return nil, fmt.Sprintf("the artifact %s of run %s has expired", name, r.RunID), nil
	case art == nil:
		return nil, fmt.Sprintf("run %s has no artifact %s", r.RunID, name), nil
	}
	data, err := gc.ArtifactFile(ctx, repo, art.ID, "plan.json")
	var ae *github.ArchiveError
	if errors.As(err, &ae) || errors.Is(err, github.ErrNotFound) {
		return nil, fmt.Sprintf("the artifact %s of run %s: %v", name, r.RunID, err), nil
	}
	if err != nil {
		return nil, "", githubError("github reviewed", err)
	}
	return data, "", nil
}

// artifactName is --artifact, else the name the action uploads the
// plan as: ncpimage-plan, with -KEY (/ as -) for a --key.
func (o reviewedOptions) artifactName() string {
	if o.collect.artifact != "" {
		return o.collect.artifact
	}
	if o.gh.key != "" {
		return "ncpimage-plan-" + strings.ReplaceAll(o.gh.key, "/", "-")
	}
	return "ncpimage-plan"
}

var collectedName = regexp.MustCompile(`^pr-[0-9]+\.json$`)

// removeStale removes the pr-N.json files of an earlier collection into
// dir that this one did not write: apply --reviewed DIR reads every
// plan there, and a plan no longer collected must not count as reviewed.
func (e *env) removeStale(dir string, results []collected) {
	keep := map[string]bool{}
	for _, c := range results {
		if c.path != "" {
			keep[filepath.Base(c.path)] = true
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, de := range entries {
		if !de.Type().IsRegular() || !collectedName.MatchString(de.Name()) || keep[de.Name()] {
			continue
		}
		path := filepath.Join(dir, de.Name())
		if err := os.Remove(path); err != nil {
			e.warn(fmt.Sprintf("github: %s is from an earlier collection and could not be removed: %v", path, err))
			continue
		}
		e.warn(fmt.Sprintf("github: removed %s, from an earlier collection", path))
	}
}
