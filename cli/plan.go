package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/report"
	"github.com/ncpimage/ncpimage/spec"
)

// planOptions are the flags and arguments of plan.
type planOptions struct {
	global           globalOptions
	change           changeOptions
	paths            []string
	review           reviewOptions
	out              string
	detailedExitcode bool
}

func (e *env) planCommand() *cli.Command {
	return &cli.Command{
		Name:      "plan",
		Usage:     "compare catalogs with the account and show what apply would do",
		ArgsUsage: "PATH...",
		Description: `Loads and validates the catalogs at PATH, reads the account (a few list
calls per region, never one per image) and shows, per image: create,
no-op, wait (still being created), drift (exists but differs from the
catalog), blocked (failed image or a pre-flight error, shown at its YAML
line), and the orphaned and unmanaged images of the account.

A catalog asks for its own deletes and rebuilds, reviewable in the
plan: with prune: true, an image of the catalog that no file declares
any more is a delete (at most the catalog's maxDeletes, default 3, and
never one a file under --prune-root declares); an image whose rebuild:
value changed is a replace.

--replace, --prune and --only shape the plan as they shape apply, so a
plan saved with --out can carry them ("ncpimage apply plan.json" then
does exactly that). A --prune that would delete more than --max-deletes
images (a prune: true catalog, more than its maxDeletes) fails the plan
(exit status 1) and saves nothing.

Exit status, first that applies:
  1  an error: invalid catalogs (reported before any API call), the
     account cannot be read, a prune over its budget (nothing saved), or
     a blocked image (apply cannot make it; the plan is still printed
     and saved, and JSON says success false, reason blocked)
  2  with --detailed-exitcode only: something would be created,
     updated, replaced or deleted (shared or unshared, too, for an image
     being created)
  0  otherwise. Drift and orphans kept are reported but are no change
     (images cannot change in place): set a new rebuild: value on the
     entry, or --replace NAME at a terminal, to make one anew.

--compare-digest binds the plan to the one reviewers saw (the apply job
after a merge): a plan with another digest fails (exit status 1, JSON
reason review_mismatch) and names what differs, image by image, when
--reviewed-plan gives the reviewed plan file.

Examples:
   ncpimage plan examples/catalog/ --sandbox
   ncpimage plan catalogs/ --out plan.json --detailed-exitcode
   ncpimage plan catalogs/ -o markdown > comment.md
   ncpimage plan catalogs/ --compare-digest sha256:... --reviewed-plan reviewed/plan.json --out plan.json
   ncpimage plan catalogs/web/ --prune --prune-root catalogs/ --max-deletes 5
   ncpimage -C infra/ plan images/ --max-rps 20 --retry-budget 10m -o json`,
		Flags: concatFlags(changeFlags(), reviewFlags(), []cli.Flag{
			&cli.StringFlag{Name: "out", Usage: "also write the plan as JSON to `FILE` (for show and apply)"},
			&cli.BoolFlag{Name: "detailed-exitcode", Usage: "exit 2 when the plan has changes (create, update, replace, delete)"},
		}),
		Action: func(ctx context.Context, c *cli.Command) error {
			return e.plan(ctx, planOptions{global: globalOptionsOf(c), change: changeOptionsOf(c),
				review: reviewOptionsOf(c), paths: c.Args().Slice(), out: c.String("out"), detailedExitcode: c.Bool("detailed-exitcode")})
		},
	}
}

// deletesHint says how to get past a too-many-deletes refusal: the
// catalog's budget or the flag's.
func deletesHint(err error) string {
	if te := new(reconcile.TooManyDeletesError); errors.As(err, &te) {
		return te.Hint()
	}
	return "raise --max-deletes, or delete fewer orphans with --only"
}

func (e *env) plan(ctx context.Context, o planOptions) error {
	format, set, err := e.loadCatalogs(o.global, o.paths, "ncpimage plan examples/catalog/ --sandbox")
	if err != nil {
		return err
	}
	if err := o.change.check(e, "plan"); err != nil {
		return err
	}
	if o.out != "" {
		if err := checkOutPath("--out", o.out, set.Files); err != nil {
			return fmt.Errorf("plan: %w", err)
		}
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	r := newOutput(format)
	p, err := e.connectAndPlan(ctx, o.global, set, o.change)
	if err != nil {
		if !errors.As(err, new(exitError)) {
			_ = r.Failure(e.stdout, failureOf(err))
		}
		return err
	}
	if err := o.review.check(e, p); err != nil {
		_ = r.Failure(e.stdout, failureOf(err))
		return err
	}
	deletesErr := reconcile.CheckDeletes(p, o.change.maxDeletes)
	if o.out != "" && deletesErr == nil {
		if err := savePlan(o.out, p); err != nil {
			return err
		}
	}
	if deletesErr != nil {
		deletesErr = fmt.Errorf("plan: %w", deletesErr)
		if format == report.FormatJSON {
			// a refused plan is no plan: machines get the reason, not a plan to apply
			_ = r.Failure(e.stdout, failureOf(deletesErr))
			return hintError{err: deletesErr, hint: deletesHint(deletesErr)}
		}
	}
	ro := report.Options{Color: useColor(o.global, e.stdout), SavedAs: o.out}
	if te := new(reconcile.TooManyDeletesError); errors.As(deletesErr, &te) {
		ro.Refusal = te.Error()
	}
	if err := r.Plan(e.stdout, p, ro); err != nil {
		return fmt.Errorf("plan: write output: %w", err)
	}
	if deletesErr != nil {
		return hintError{err: deletesErr, hint: deletesHint(deletesErr)}
	}
	if err := blockedError(p); err != nil {
		return err
	}
	if o.detailedExitcode && changesAccount(p) {
		return exitError{2}
	}
	return nil
}

// connectAndPlan connects with the global options and makes the plan.
func (e *env) connectAndPlan(ctx context.Context, g globalOptions, set *spec.Set, opts changeOptions) (p *plan.Plan, err error) {
	cn, err := e.connect(ctx, g, e.stderr)
	if err != nil {
		return nil, err
	}
	defer e.release(cn, &err)
	return e.makePlan(ctx, g, cn, set, opts)
}

// makePlan observes and diffs (plan and apply). ctx is cancelled by
// SIGINT/SIGTERM: the error then says so.
func (e *env) makePlan(ctx context.Context, g globalOptions, cn *conn, set *spec.Set, opts changeOptions) (*plan.Plan, error) {
	pl := reconcile.Planner{API: cn.Client, Region: g.region, Options: opts.plan,
		PruneRoot: opts.pruneRoot, Endpoint: cn.Endpoint, Sandbox: cn.Sandbox}
	p, _, err := pl.Plan(ctx, set)
	var invalid *reconcile.InvalidSetError
	if errors.As(err, &invalid) {
		format, _ := report.ParseFormat(g.output)
		shown := *set
		shown.Diagnostics = invalid.Diagnostics
		if werr := report.New(format).Validate(e.stdout, &shown); werr != nil {
			return nil, fmt.Errorf("%s: write output: %w", g.cmd, werr)
		}
		return nil, exitError{1}
	}
	if err == nil {
		p.Version = e.version
	}
	if err != nil {
		err = interrupted(ctx, err)
		switch ncloud.Classify(err) {
		case ncloud.ClassAuth:
			return nil, hintError{err: err, hint: authHint}
		case ncloud.ClassThrottled:
			return nil, hintError{err: err, hint: throttleHint}
		}
		if pe := new(reconcile.PruneScopeError); errors.As(err, &pe) {
			if pe.Policy {
				return nil, hintError{err: err, hint: "write the same prune and maxDeletes in every file of the catalog"}
			}
			return nil, hintError{err: err, hint: pruneScopeHint}
		}
		if errors.As(err, new(*reconcile.RegionError)) {
			return nil, hintError{err: err, hint: "use one of the account's region codes, or unset NCLOUD_REGION to use its first region"}
		}
		if errors.Is(err, reconcile.ErrPruneRoot) {
			return nil, hintError{err: err, hint: "give --prune-root the directory that holds every file of the catalogs (default: the current directory)"}
		}
		if errors.Is(err, reconcile.ErrSelection) {
			return nil, hintError{err: err, hint: "name an image of the catalogs as NAME or REGION/NAME (see the plan's addresses)"}
		}
		if errors.As(err, new(*reconcile.ReplaceRefusedError)) {
			return nil, hintError{err: err, hint: "if the image is this catalog's, add adopt: true to its entry; else delete it by hand"}
		}
		return nil, err
	}
	return p, nil
}

// throttleHint follows a run that failed because NCP kept throttling it
// past --retry-budget.
const throttleHint = "lower --max-rps; re-running is safe"

const authHint = "check the access key and secret key (NCLOUD_ACCESS_KEY, NCLOUD_SECRET_KEY or ~/.ncloud/configure), " +
	"the key's permissions, and this machine's clock: NCP refuses requests more than 5 minutes off"

// errInterrupted marks an error caused by SIGINT/SIGTERM.
var errInterrupted = errors.New("interrupted")

// interrupted marks err as caused by an interruption when ctx was
// cancelled by a signal.
func interrupted(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil || errors.Is(err, errInterrupted) {
		return err
	}
	return fmt.Errorf("%w (%w)", err, errInterrupted)
}

// output is the renderer of the --output format, which commands also
// consult for what only machine formats print.
type output struct {
	format report.Format
	report.Renderer
}

func newOutput(f report.Format) output { return output{format: f, Renderer: report.New(f)} }

// useColor is true only when w is a terminal and neither --no-color nor
// NO_COLOR asks otherwise.
func useColor(g globalOptions, w any) bool {
	return !g.noColor && os.Getenv("NO_COLOR") == "" && !dumbTerminal() && isTerminal(w)
}

const pruneScopeHint = "fix the file (ncpimage validate FILE), or give a --prune-root that holds only catalog files"

// blockedError fails a plan with blocked images (exit status 1): a pull
// request's plan check must not pass on what apply cannot make. The plan
// has been printed and saved already.
func blockedError(p *plan.Plan) error {
	n := p.Summary.Blocked
	if n == 0 {
		return nil
	}
	what := "1 image is blocked"
	if n > 1 {
		what = fmt.Sprintf("%d images are blocked", n)
	}
	return hintError{err: fmt.Errorf("plan: %s: apply would refuse %s (see the problems above)", what, map[bool]string{true: "them", false: "it"}[n > 1]),
		hint: "fix what each problem names at its line (a missing server or snapshot, a failed image to delete), then plan again"}
}
