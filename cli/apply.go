package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/report"
)

// applyOptions are the flags and arguments of apply.
type applyOptions struct {
	global       globalOptions
	change       changeOptions
	bind         bindOptions
	paths        []string
	autoApprove  bool
	parallelism  int
	perServer    int
	timeout      time.Duration
	pollInterval time.Duration
}

func (e *env) applyCommand() *cli.Command {
	return &cli.Command{
		Name:      "apply",
		Usage:     "create the images the catalogs declare (or execute a saved plan)",
		ArgsUsage: "PATH... | PLAN.json",
		Description: `With catalog PATHs: plans (as "ncpimage plan" does), shows the plan and,
when it creates, replaces or deletes anything, asks for confirmation
("yes") on a terminal; without a terminal it refuses unless --auto-approve.
With a plan saved by "plan --out": executes exactly that plan without
asking, after checking that the manifests and the account objects it
depends on have not changed (else exit 1, reason stale_plan).

Creates run with bounded parallelism and one shared rate limit; the
images in flight are watched by one list call per region per check: the
first 1 s after a create, then as the image ages, at most --poll-interval
apart. A create
whose outcome is unknown is settled by looking the name up: never two
images for one name. NCP may refuse to image a server twice at once
(returnCode 25013): such a create waits for the server's image in
flight, holding no slot, and that server's images are then created one
after another (--per-server N bounds them from the start). Nothing is deleted unless asked: --replace NAME,
or --prune (at most --max-deletes). Ctrl-C stops new creates, prints the
images still in flight and exits 1; the next apply waits for them.

--reviewed PLAN binds an apply of catalogs to the changes reviewers saw
(the apply job after merges): it plans the catalogs as they are now and
makes each change (create, update, replace, delete: its image, action and
everything it sends) that some reviewed plan holds identically, without
asking; every other change is refused by name (blocked, reason
unreviewed, with what differs from the closest reviewed change) and the
exit status is 1. Images of other teams, no-ops and drift are no
changes: they never refuse anything. --allow-unreviewed warns about
them and applies them too, after the confirmation any unreviewed change
needs (a terminal prompt, or --auto-approve).

Outcomes: created, unchanged, waited, replaced, deleted, skipped (drift,
orphan), failed: reason. Exit status: 0 when every item succeeded; 1 on
any failure, interruption, stale plan or refusal. --output json prints
the report (format_version "1.2") as data, refusals included (each
result's action_reason says why, e.g. unreviewed).

Examples:
   ncpimage apply examples/catalog/ --sandbox --auto-approve
   ncpimage plan catalogs/ --out plan.json && ncpimage apply plan.json
   ncpimage apply catalogs/ --replace web-base --auto-approve
   ncpimage apply catalogs/ --prune --prune-root . --max-deletes 3 --auto-approve
   ncpimage apply catalogs/ --max-rps 5 --retry-budget 15m --auto-approve
   ncpimage apply catalogs/ --reviewed reviewed/ --timeout 5h`,
		Flags: concatFlags(changeFlags(), bindFlags(), []cli.Flag{
			&cli.BoolFlag{Name: "auto-approve", Usage: "apply without asking for confirmation"},
			&cli.IntFlag{Name: "parallelism", Value: reconcile.DefaultParallelism, Usage: "create/delete calls in progress at once"},
			&cli.IntFlag{Name: "per-server", Usage: "at most N creates of one source server going on at once; 0: no bound " +
				"(NCP may image a server twice at once; when it refuses as busy, returnCode 25013, the image waits for " +
				"the server's image in flight and that server's creates go one after another)"},
			&cli.DurationFlag{Name: "timeout", Value: reconcile.DefaultTimeout, Usage: "longest wait for one image to be created or deleted, and for its busy source server before that"},
			&cli.DurationFlag{Name: "poll-interval", Value: reconcile.DefaultPollInterval, Usage: "the longest time between two status checks of an image in flight (the first comes 1 s after its create, the next as its age doubles)"},
		}),
		Action: func(ctx context.Context, c *cli.Command) error {
			return e.apply(ctx, applyOptions{global: globalOptionsOf(c), change: changeOptionsOf(c), bind: bindOptionsOf(c),
				paths: c.Args().Slice(), autoApprove: c.Bool("auto-approve"), parallelism: c.Int("parallelism"),
				perServer: c.Int("per-server"), timeout: c.Duration("timeout"), pollInterval: c.Duration("poll-interval")})
		},
	}
}

func (e *env) apply(ctx context.Context, o applyOptions) error {
	if o.global.maxRPS <= 0 || o.parallelism <= 0 || o.change.maxDeletes < 0 || o.perServer < 0 {
		return errors.New("apply: --max-rps and --parallelism must be positive and --max-deletes and --per-server not negative")
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if path, ok := savedPlanArg(o.paths); ok {
		if len(o.bind.reviewed) > 0 {
			return errors.New("apply: --reviewed binds an apply of catalogs; a saved plan is applied exactly as it was saved")
		}
		return e.applySaved(ctx, o, path)
	}
	return e.applyPaths(ctx, o)
}

// applyPaths plans the catalogs, shows the plan, confirms and applies.
func (e *env) applyPaths(ctx context.Context, o applyOptions) (err error) {
	format, set, err := e.loadCatalogs(o.global, o.paths, "ncpimage apply examples/catalog/ --sandbox --auto-approve")
	if err != nil {
		return err
	}
	if err := o.change.check(e, "apply"); err != nil {
		return err
	}
	reviewed, err := o.bind.load()
	if err != nil {
		return err
	}
	r := newOutput(format)
	prog := e.newProgress()
	cn, err := e.connect(ctx, o.global, prog.Writer())
	if err != nil {
		return e.failed(r, nil, err)
	}
	defer e.release(cn, &err)
	p, err := e.makePlan(ctx, o.global, cn, set, o.change)
	if errors.As(err, new(exitError)) {
		return err // invalid catalogs, already reported
	}
	if err != nil {
		return e.failed(r, nil, fmt.Errorf("apply: %w", err))
	}
	if reviewed != nil {
		o.bind.bind(e, p, reviewed)
	}
	for _, name := range reconcile.UnmatchedReplace(p) {
		e.warn("--replace " + name + ": the account has no image of that name to replace yet (it is created instead), or it is blocked")
	}
	if err := reconcile.CheckDeletes(p, o.change.maxDeletes); err != nil {
		return e.stopped(r, p, plan.ReasonTooManyDeletes, err, deletesHint(err))
	}
	if format == report.FormatText {
		if err := r.Plan(e.stdout, p, report.Options{Color: useColor(o.global, e.stdout)}); err != nil {
			return fmt.Errorf("apply: write output: %w", err)
		}
	}
	// every change a --reviewed apply makes was approved in a review
	approved := o.autoApprove || reviewed != nil && !o.bind.allowUnreviewed
	if err := e.confirm(ctx, approved, p); err != nil {
		return e.stopped(r, p, plan.ReasonNotConfirmed, err, "")
	}
	return e.execute(ctx, o, r, cn, p, prog, format == report.FormatText)
}

// execute runs the plan with progress on stderr and prints the report
// (after a blank line when the plan was printed above it).
func (e *env) execute(ctx context.Context, o applyOptions, r output, cn *conn, p *plan.Plan, prog *report.Progress, afterPlan bool) error {
	a := reconcile.Applier{API: cn.Client, Parallelism: o.parallelism, PerServer: o.perServer, PollInterval: o.pollInterval,
		Timeout: o.timeout, Progress: prog.Event}
	rep := a.Apply(ctx, p)
	prog.Close()
	if afterPlan {
		fmt.Fprintln(e.stdout)
	}
	if err := r.Apply(e.stdout, rep); err != nil {
		return fmt.Errorf("apply: write output: %w", err)
	}
	if rep.Reason == plan.ReasonInterrupted {
		fmt.Fprintln(e.stderr, "ncpimage: "+report.InterruptedNotice(rep))
	}
	if !rep.Success {
		if throttledItem(rep) {
			fmt.Fprintln(e.stderr, "ncpimage: hint: "+throttleHint)
		}
		return exitError{1}
	}
	return nil
}

// stopped reports a run that refused to start for reason: the error (with
// its hint) on stderr and, for machine formats, the report on stdout.
func (e *env) stopped(r output, p *plan.Plan, reason string, err error, hint string) error {
	return e.stoppedReport(r, plan.NewStoppedReport(p, reason, err), err, hint)
}

// failed reports an apply that could not run (no credentials, the
// account cannot be read, interrupted while planning) like [env.stopped],
// with the fine-grained reason of [failureReason].
func (e *env) failed(r output, p *plan.Plan, err error) error {
	hint := ""
	if ncloud.Classify(err) == ncloud.ClassThrottled {
		hint = throttleHint
	}
	return e.stoppedReport(r, plan.NewStoppedReport(p, failureReason(err), err), err, hint)
}

// throttledItem reports whether an item failed because NCP kept
// throttling the run.
func throttledItem(rep *plan.Report) bool {
	for _, res := range rep.Items {
		if ncloud.Classify(res.Err) == ncloud.ClassThrottled {
			return true
		}
	}
	return false
}

func (e *env) stoppedReport(r output, rep *plan.Report, err error, hint string) error {
	if r.format != report.FormatText {
		if werr := r.Apply(e.stdout, rep); werr != nil {
			return fmt.Errorf("apply: write output: %w", werr)
		}
	}
	if hint == "" {
		return err // keeps the hint err may carry
	}
	return hintError{err: err, hint: hint}
}
