package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/report"
)

func applyCommand() *cli.Command {
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

Creates run with bounded parallelism and one shared rate limit; every
image in flight is watched by one list call per poll interval. A create
whose outcome is unknown is settled by looking the name up: never two
images for one name. Nothing is deleted unless asked: --replace NAME,
or --prune (at most --max-deletes). Ctrl-C stops new creates, prints the
images still in flight and exits 1; the next apply waits for them.

Outcomes: created, unchanged, waited, replaced, deleted, skipped (drift,
orphan), failed: reason. Exit status: 0 when every item succeeded; 1 on
any failure, interruption, stale plan or refusal. --output json prints
the report (format_version "1.0") as data, refusals included.

Examples:
   ncpimage apply examples/catalog/ --sandbox --auto-approve
   ncpimage plan catalogs/ --out plan.json && ncpimage apply plan.json
   ncpimage apply catalogs/ --replace web-base --auto-approve`,
		Flags: concatFlags(commonFlags(), changeFlags(), []cli.Flag{
			&cli.BoolFlag{Name: "auto-approve", Usage: "apply without asking for confirmation"},
			&cli.IntFlag{Name: "parallelism", Value: reconcile.DefaultParallelism, Usage: "create/delete calls in progress at once"},
			&cli.DurationFlag{Name: "timeout", Value: reconcile.DefaultTimeout, Usage: "longest wait for one image to be created or deleted"},
			&cli.DurationFlag{Name: "poll-interval", Value: reconcile.DefaultPollInterval, Usage: "time between two status list calls while waiting"},
		}),
		Action: runApply,
	}
}

func runApply(c *cli.Context) error {
	if c.Float64("max-rps") <= 0 || c.Int("parallelism") <= 0 || c.Int("max-deletes") < 0 {
		return errors.New("apply: --max-rps and --parallelism must be positive and --max-deletes not negative")
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if path, ok := savedPlanArg(c.Args().Slice()); ok {
		return applySaved(ctx, c, path)
	}
	return applyPaths(ctx, c)
}

// applyPaths plans the catalogs, shows the plan, confirms and applies.
func applyPaths(ctx context.Context, c *cli.Context) error {
	format, set, err := loadCatalogs(c, "apply", "ncpimage apply examples/catalog/ --sandbox --auto-approve")
	if err != nil {
		return err
	}
	opts, err := changeOptions(c)
	if err != nil {
		return err
	}
	prog := report.NewProgress(c.App.ErrWriter, isTerminal(c.App.ErrWriter))
	cn, err := connect(c, prog.Writer())
	if err != nil {
		return failed(c, format, nil, err)
	}
	defer func() { _ = cn.Close() }()
	plan, err := makePlan(ctx, c, cn, set, opts)
	if errors.As(err, new(exitError)) {
		return err // invalid catalogs, already reported
	}
	if err != nil {
		return failed(c, format, nil, fmt.Errorf("apply: %w", err))
	}
	for _, name := range reconcile.UnmatchedReplace(plan) {
		fmt.Fprintf(c.App.ErrWriter, "ncpimage: warning: --replace %s: the account has no image of that name to replace yet (it is created instead), or it is blocked\n", name)
	}
	if err := reconcile.CheckDeletes(plan, c.Int("max-deletes")); err != nil {
		return stopped(c, format, plan, reconcile.ReasonTooManyDeletes, err, "raise --max-deletes, or delete fewer orphans with --only")
	}
	if format == report.FormatText {
		if err := report.Text(c.App.Writer, plan, report.Options{Color: useColor(c, c.App.Writer)}); err != nil {
			return fmt.Errorf("apply: write output: %w", err)
		}
	}
	if err := confirm(ctx, c, plan); err != nil {
		return stopped(c, format, plan, reconcile.ReasonNotConfirmed, err, confirmHint)
	}
	return execute(ctx, c, format, cn, plan, prog, true)
}

const confirmHint = "review the plan, then run again with --auto-approve; or save it with " +
	"\"ncpimage plan PATH... --out plan.json\" and run \"ncpimage apply plan.json\""

// stdinIsTerminal reports whether r is an interactive terminal; tests
// replace it.
var stdinIsTerminal = func(r io.Reader) bool { return isTerminal(r) }

// confirm asks for "yes" when the plan changes the account and
// --auto-approve is not given; without a terminal it refuses. Ctrl-C at
// the question cancels.
func confirm(ctx context.Context, c *cli.Context, plan *reconcile.Plan) error {
	if c.Bool("auto-approve") || !plan.Summary.HasChanges() {
		return nil
	}
	if !stdinIsTerminal(c.App.Reader) {
		return errors.New("apply: refusing to change the account without confirmation: stdin is not a terminal and --auto-approve is not given")
	}
	fmt.Fprint(c.App.Writer, "\nDo you want to apply this plan? Only 'yes' will be accepted: ")
	answer := make(chan string, 1)
	go func() { // may stay blocked on the terminal after Ctrl-C; the process ends anyway
		line, _ := bufio.NewReader(c.App.Reader).ReadString('\n')
		answer <- line
	}()
	select {
	case line := <-answer:
		if strings.TrimSpace(line) != "yes" {
			return errors.New("apply: cancelled: the answer was not \"yes\"")
		}
		return nil
	case <-ctx.Done():
		return errors.New("apply: cancelled: interrupted at the confirmation")
	}
}

// execute runs the plan with progress on stderr and prints the report
// (after a blank line when the plan was printed above it).
func execute(ctx context.Context, c *cli.Context, format report.Format, cn *conn, plan *reconcile.Plan, prog *report.Progress, afterPlan bool) error {
	a := reconcile.Applier{API: cn.Client, Parallelism: c.Int("parallelism"), PollInterval: c.Duration("poll-interval"),
		Timeout: c.Duration("timeout"), Progress: prog.Event}
	r := a.Apply(ctx, plan)
	prog.Close()
	if format == report.FormatText && afterPlan {
		fmt.Fprintln(c.App.Writer)
	}
	if err := report.Apply(c.App.Writer, format, r); err != nil {
		return fmt.Errorf("apply: write output: %w", err)
	}
	if r.Reason == reconcile.ReasonInterrupted {
		fmt.Fprintf(c.App.ErrWriter, "ncpimage: interrupted: %s in flight, %d not started; run apply again to wait for them and finish\n",
			plural(r.Summary.InFlight, "image"), r.Summary.NotStarted)
	}
	if !r.Success {
		return exitError{1}
	}
	return nil
}

// stopped reports a run that refused to start for reason: the error (with
// its hint) on stderr and, for machine formats, the report on stdout.
func stopped(c *cli.Context, format report.Format, plan *reconcile.Plan, reason string, err error, hint string) error {
	return stoppedReport(c, format, reconcile.NewStoppedReport(plan, reason, err), err, hint)
}

// failed reports an apply that could not run (no credentials, the
// account cannot be read, interrupted while planning) like [stopped],
// with the fine-grained reason of [failureReason].
func failed(c *cli.Context, format report.Format, plan *reconcile.Plan, err error) error {
	return stoppedReport(c, format, reconcile.NewStoppedReport(plan, failureReason(err), err), err, "")
}

func stoppedReport(c *cli.Context, format report.Format, r *reconcile.Report, err error, hint string) error {
	if format != report.FormatText {
		if werr := report.Apply(c.App.Writer, format, r); werr != nil {
			return fmt.Errorf("apply: write output: %w", werr)
		}
	}
	if hint == "" {
		return err // keeps the hint err may carry
	}
	return hintError{err: err, hint: hint}
}
