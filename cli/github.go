package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/github"
)

// githubOptions say which repository and pull request to talk to, and
// which comments are plan comments. The token comes only from the
// environment (never a flag: it would show in the process list).
type githubOptions struct {
	apiURL, token, repo, eventPath string
	pr                             int
	author                         string // "*" accepts any author
	key                            string
}

// commentOptions are the flags and environment of github comment.
type commentOptions struct {
	gh            githubOptions
	paths         []string
	file          string
	runID, runURL string
	summary       string // $GITHUB_STEP_SUMMARY
}

// reviewedOptions are the flags and environment of github reviewed.
type reviewedOptions struct {
	gh      githubOptions
	commit  string
	sha     string // $GITHUB_SHA, when neither --pr nor --commit is given
	collect collectOptions
}

func githubFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "pr", Usage: "pull request `N` (default: the one of $GITHUB_EVENT_PATH)"},
		&cli.StringFlag{Name: "repo", Usage: "repository `OWNER/NAME`", Sources: cli.EnvVars("GITHUB_REPOSITORY")},
		&cli.StringFlag{Name: "author", Value: "github-actions[bot]",
			Usage: "only comments by `LOGIN` are plan comments (the token's user; * for anyone)"},
		&cli.StringFlag{Name: "key", Usage: "tell apart several plans on one pull request (`KEY`: letters, digits, ._/-)"},
	}
}

func githubOptionsOf(c *cli.Command) githubOptions {
	return githubOptions{apiURL: os.Getenv("GITHUB_API_URL"), token: os.Getenv("GITHUB_TOKEN"),
		repo: c.String("repo"), eventPath: os.Getenv("GITHUB_EVENT_PATH"), pr: c.Int("pr"),
		author: c.String("author"), key: c.String("key")}
}

func (e *env) githubCommand() *cli.Command {
	cmd := &cli.Command{
		Name:  "github",
		Usage: "talk to GitHub from a workflow: the plan comment of a pull request, the reviewed plans of merges",
		Description: `Reads GITHUB_API_URL (default https://api.github.com), GITHUB_REPOSITORY,
GITHUB_TOKEN and GITHUB_EVENT_PATH, as a GitHub Actions job sets them.
The token is never printed. Transient failures (5xx, rate limits) are
retried for at most about two minutes; then, or on 401, 403, 404 or 422,
the command fails (exit status 1).`,
		Commands: []*cli.Command{e.githubCommentCommand(), e.githubReviewedCommand()},
		Action:   unknownCommand,
	}
	return cmd
}

func (e *env) githubCommentCommand() *cli.Command {
	return &cli.Command{
		Name:      "comment",
		Usage:     "post the markdown plan on the pull request, or update the plan comment in place",
		ArgsUsage: "[FILE | -]",
		Description: `Posts FILE (from "ncpimage show plan.json -o markdown"; - or none: stdin)
as the plan comment of the pull request, or updates the newest comment
that carries the hidden line <!-- ncpimage-plan --> (and is by --author,
with the same --key): one comment per pull request, never a second.
Hidden lines record the plan digest and, when GITHUB_RUN_ID is set, the
run whose artifact holds plan.json, for "ncpimage github reviewed".

A body over GitHub's 65,536 characters is cut at a line, with a note
saying so. With GITHUB_STEP_SUMMARY set, the body (up to 1 MiB) is also
appended to the job summary. Prints what it did on stderr.

Examples:
   ncpimage github comment plan.md
   ncpimage show plan.json -o markdown | ncpimage github comment --pr 7 -`,
		Flags: append(githubFlags(), &cli.StringFlag{Name: "file", Usage: "read the body from `FILE` (- for stdin)"}),
		Action: func(ctx context.Context, c *cli.Command) error {
			o := commentOptions{gh: githubOptionsOf(c), paths: c.Args().Slice(), file: c.String("file"),
				runID: os.Getenv("GITHUB_RUN_ID"), summary: os.Getenv("GITHUB_STEP_SUMMARY")}
			if server := os.Getenv("GITHUB_SERVER_URL"); server != "" && o.gh.repo != "" && o.runID != "" {
				o.runURL = server + "/" + o.gh.repo + "/actions/runs/" + o.runID
			}
			return e.githubComment(ctx, o)
		},
	}
}

func (e *env) githubReviewedCommand() *cli.Command {
	return &cli.Command{
		Name:  "reviewed",
		Usage: "collect the reviewed plans of the pull requests merged since the last apply (--out DIR), or print the one of a merge",
		Description: `With --out DIR: finds the newest successful run of the apply workflow
(--workflow, default the file of $GITHUB_WORKFLOW_REF) on --branch
(default $GITHUB_REF_NAME), the commits since its head up to --commit
(default $GITHUB_SHA), and every pull request they merged. For each, the
newest plan comment by --author (with --key) names a digest and the run
whose artifact (--artifact, default ncpimage-plan, -KEY with a --key)
holds plan.json; a plan.json of that digest is written to DIR/pr-N.json,
for "ncpimage apply PATHS --reviewed DIR". A pull request without a plan
comment, artifact or matching digest is named in a warning and gives no
plan (apply then refuses its changes). pr-N.json files of an earlier
collection in DIR are removed. With no successful run yet, only the
pull request of the head commit is collected. Prints, for $GITHUB_OUTPUT:

   reviewed=2      (plans written)
   dir=reviewed
   pr=7            (the head commit's pull request, when it has a plan
   digest=sha256:...  comment, as without --out)
   run-id=123456

No plan written means nothing was reviewed: exit status 1.

Without --out: finds the pull request (--pr N, or the merged pull request
of --commit SHA, default $GITHUB_SHA) and its plan comment, and prints
pr, digest and run-id as above. No plan comment: exit status 1.

Examples:
   ncpimage github reviewed --out reviewed >> "$GITHUB_OUTPUT"
   ncpimage apply images/ --reviewed reviewed
   ncpimage github reviewed --commit "$GITHUB_SHA" >> "$GITHUB_OUTPUT"`,
		Flags: append(githubFlags(),
			&cli.StringFlag{Name: "commit", Usage: "the merge commit `SHA` (default $GITHUB_SHA)"},
			&cli.StringFlag{Name: "out", Usage: "write the reviewed plan of every pull request merged since the last successful apply to `DIR`/pr-N.json"},
			&cli.StringFlag{Name: "workflow", Usage: "with --out: the apply workflow's `FILE` name (default: the one of $GITHUB_WORKFLOW_REF)"},
			&cli.StringFlag{Name: "branch", Usage: "with --out: the `BRANCH` applied (default $GITHUB_REF_NAME)"},
			&cli.StringFlag{Name: "artifact", Usage: "with --out: the plan artifact's `NAME` (default ncpimage-plan, with -KEY for a --key)"},
		),
		Action: func(ctx context.Context, c *cli.Command) error {
			return e.githubReviewed(ctx, reviewedOptions{gh: githubOptionsOf(c), commit: c.String("commit"),
				sha: os.Getenv("GITHUB_SHA"), collect: collectOptions{out: c.String("out"), workflow: c.String("workflow"),
					branch: c.String("branch"), artifact: c.String("artifact"),
					workflowRef: os.Getenv("GITHUB_WORKFLOW_REF"), refName: os.Getenv("GITHUB_REF_NAME")}})
		},
	}
}

func (e *env) githubComment(ctx context.Context, o commentOptions) error {
	body, err := e.commentBody(o)
	if err != nil {
		return err
	}
	gc, repo, err := o.gh.client(e)
	if err != nil {
		return err
	}
	review := github.ParseReview(body)
	review.Key = o.gh.key
	review.RunID = ""
	if runIDValue.MatchString(o.runID) {
		review.RunID = o.runID
	}
	body = github.StripReview(body)
	if o.summary != "" {
		if err := appendSummary(o.summary, body, review.Trailer(), o.runURL); err != nil {
			e.warn(err.Error()) // the comment matters more than the summary
		}
	}
	pr, err := o.gh.pull(e)
	if err != nil {
		return err
	}
	text, cut := github.Fit(body, review.Trailer(), github.CommentLimit, cutNote("comment", o.runURL))
	if cut {
		e.warn("github: the plan was cut to fit a comment; the full plan is in the job log and the plan artifact")
	}
	res, err := gc.Upsert(ctx, repo, pr, text, o.gh.match)
	if err != nil {
		return githubError("github comment", err)
	}
	if res.Matches > 1 {
		e.warn(fmt.Sprintf("github: %d plan comments on #%d; updated the newest (%d), left the others", res.Matches, pr, res.Comment.ID))
	}
	verb := map[bool]string{true: "created", false: "updated"}[res.Created]
	fmt.Fprintf(e.stderr, "github: %s comment %d on #%d\n", verb, res.Comment.ID, pr)
	return nil
}

var runIDValue = regexp.MustCompile(`^[0-9]{1,20}$`)

// maxCommentInput bounds the body read (show -o markdown writes < 64 KiB).
const maxCommentInput = 16 << 20

// commentBody reads the body and makes sure it opens with the marker.
func (e *env) commentBody(o commentOptions) (string, error) {
	if !github.ValidKey(o.gh.key) {
		return "", fmt.Errorf("github comment: bad --key %q: letters, digits and ._/- only", o.gh.key)
	}
	path := o.file
	switch {
	case len(o.paths) > 1 || (len(o.paths) == 1 && path != ""):
		return "", hintError{err: errors.New("github comment: want one FILE"), hint: "ncpimage github comment plan.md"}
	case len(o.paths) == 1:
		path = o.paths[0]
	case path == "" && isTerminal(e.stdin):
		return "", hintError{err: errors.New("github comment: no FILE and stdin is a terminal"),
			hint: "ncpimage show plan.json -o markdown > plan.md && ncpimage github comment plan.md"}
	}
	var r io.Reader = e.stdin
	if path != "" && path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("github comment: %w", err)
		}
		defer func() { _ = f.Close() }()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxCommentInput))
	if err != nil {
		return "", fmt.Errorf("github comment: read %s: %w", path, err)
	}
	body := string(data)
	if strings.TrimSpace(body) == "" {
		return "", hintError{err: errors.New("github comment: the body is empty"), hint: "ncpimage show plan.json -o markdown > plan.md"}
	}
	if !strings.Contains(body, github.Marker) {
		body = github.Marker + "\n" + body
	}
	return body, nil
}

// cutNote is the visible note of a body cut to fit a comment or summary.
func cutNote(what, runURL string) func(kept, total int) string {
	where := "the job log"
	if runURL != "" {
		where = "[the job log](" + runURL + ")"
	}
	return func(kept, total int) string {
		return "> [!WARNING]\n> This " + what + " was cut after line " + strconv.Itoa(kept) + " of " + strconv.Itoa(total) +
			" to fit GitHub's limit. The full plan is in " + where + " and in the plan artifact (`ncpimage show plan.json`)."
	}
}

// appendSummary appends the body to the job summary, cut to 1 MiB.
func appendSummary(path, body, trailer, runURL string) error {
	text, _ := github.Fit(body, trailer, github.SummaryLimit-1, cutNote("summary", runURL)) // -1: the newline below
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err == nil {
		_, err = io.WriteString(f, text+"\n")
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		return fmt.Errorf("github: write the step summary: %w", err)
	}
	return nil
}

// client checks the environment and makes the API client.
func (o githubOptions) client(e *env) (*github.Client, github.Repo, error) {
	repo, err := github.ParseRepo(o.repo)
	if o.repo == "" {
		err = hintError{err: errors.New("github: no repository"), hint: "set GITHUB_REPOSITORY=owner/name or pass --repo"}
	}
	if err != nil {
		return nil, repo, err
	}
	gc, err := github.New(o.apiURL, o.token)
	if errors.Is(err, github.ErrNoToken) {
		return nil, repo, hintError{err: errors.New("github: GITHUB_TOKEN is not set"),
			hint: "in a workflow: env: GITHUB_TOKEN: ${{ github.token }}"}
	}
	if err != nil {
		return nil, repo, err
	}
	gc.UserAgent = "ncpimage/" + e.version
	if e.prog.GitHubSleep != nil {
		gc.Retry.Sleep = e.prog.GitHubSleep
	}
	return gc, repo, nil
}

// pull is --pr, else the pull request of the workflow's event.
func (o githubOptions) pull(e *env) (int, error) {
	if o.pr > 0 {
		return o.pr, nil
	}
	noPR := hintError{err: fmt.Errorf("github: %w: no --pr and no pull request in the event", github.ErrNoPull),
		hint: "run on a pull_request event, or pass --pr N"}
	if o.eventPath == "" {
		return 0, noPR
	}
	data, err := os.ReadFile(o.eventPath)
	if err != nil {
		return 0, fmt.Errorf("github: read GITHUB_EVENT_PATH: %w", err)
	}
	n, err := github.EventPull(data)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, noPR
	}
	return n, nil
}

// match accepts the plan comments of this key by the expected author.
func (o githubOptions) match(c *github.Comment) bool {
	return (o.author == "*" || c.User.Login == o.author) && github.IsPlanComment(c.Body, o.key)
}

// warnOthers says when plan comments exist but by someone else.
func (o githubOptions) warnOthers(e *env, comments []github.Comment, pr int) {
	anyone := githubOptions{author: "*", key: o.key}
	if c, n := github.Newest(comments, anyone.match); c != nil {
		e.warn(fmt.Sprintf("github: ignored %d plan comment(s) on #%d not by %s (the newest by %s); see --author", n, pr, o.author, c.User.Login))
	}
}

// githubError adds the hint each refusal calls for.
func githubError(op string, err error) error {
	err = fmt.Errorf("%s: %w", op, err)
	switch {
	case errors.Is(err, github.ErrUnauthorized):
		return hintError{err: err, hint: "GitHub refused the token: check GITHUB_TOKEN (the action's github-token input)"}
	case errors.Is(err, github.ErrForbidden) && op == "github reviewed":
		return hintError{err: err, hint: "the token may not read this: give the job permissions pull-requests: read and actions: read"}
	case errors.Is(err, github.ErrForbidden):
		return hintError{err: err, hint: "the token may not do this: give the job permissions pull-requests: write " +
			"(a pull request from a fork gets a read-only token)"}
	case errors.Is(err, github.ErrNotFound):
		return hintError{err: err, hint: "check GITHUB_REPOSITORY and the pull request number; a token without access to the repository also gets 404"}
	case errors.Is(err, github.ErrUnprocessable):
		return hintError{err: err, hint: "GitHub refused the comment body"}
	case errors.Is(err, github.ErrRateLimited):
		return hintError{err: err, hint: "GitHub's rate limit: re-run the job later"}
	}
	return err
}
