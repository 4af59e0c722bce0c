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
	"golang.org/x/time/rate"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/report"
	"github.com/ncpimage/ncpimage/spec"
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
any failure, interruption, stale plan or refusal.

Examples:
   ncpimage apply examples/catalog/ --sandbox --auto-approve
   ncpimage plan catalogs/ --out plan.json && ncpimage apply plan.json
   ncpimage apply catalogs/ --replace web-base --auto-approve`,
		Flags: append(commonFlags(),
			&cli.BoolFlag{Name: "auto-approve", Usage: "apply without asking for confirmation"},
			&cli.IntFlag{Name: "parallelism", Value: reconcile.DefaultParallelism, Usage: "create/delete calls in progress at once"},
			&cli.Float64Flag{Name: "max-rps", Value: 10, Usage: "API requests per second, shared by every call"},
			&cli.DurationFlag{Name: "timeout", Value: reconcile.DefaultTimeout, Usage: "longest wait for one image to be created or deleted"},
			&cli.DurationFlag{Name: "poll-interval", Value: reconcile.DefaultPollInterval, Usage: "time between two status list calls while waiting"},
			&cli.StringSliceFlag{Name: "replace", Usage: "delete image `NAME`, wait until gone and create it again (repeatable)"},
			&cli.BoolFlag{Name: "prune", Usage: "delete this catalog's orphans (images with its marker it no longer lists)"},
			&cli.IntFlag{Name: "max-deletes", Value: 10, Usage: "refuse, before changing anything, a prune that deletes more"},
			&cli.StringSliceFlag{Name: "only", Usage: "limit the run to image `NAME` (repeatable; exceptional use)"},
		),
		Action: runApply,
	}
}

func runApply(c *cli.Context) error {
	if c.NArg() == 0 {
		return hintError{err: errors.New("apply: no PATH given"), hint: "ncpimage apply examples/catalog/ --sandbox --auto-approve"}
	}
	format, err := report.ParseFormat(c.String("output"))
	if err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	if c.Float64("max-rps") <= 0 || c.Int("parallelism") <= 0 || c.Int("max-deletes") < 0 {
		return errors.New("apply: --max-rps and --parallelism must be positive and --max-deletes not negative")
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if path, ok := savedPlanArg(c.Args().Slice()); ok {
		return applySaved(ctx, c, format, path)
	}
	return applyPaths(ctx, c, format)
}

// applyPaths plans the catalogs, shows the plan, confirms and applies.
func applyPaths(ctx context.Context, c *cli.Context, format report.Format) error {
	set := spec.Load(c.Args().Slice())
	if len(set.Diagnostics) > 0 {
		if err := printInvalid(c.App.Writer, format, set); err != nil {
			return fmt.Errorf("apply: write output: %w", err)
		}
		return exitError{1}
	}
	opts := reconcile.Options{Replace: c.StringSlice("replace"), Prune: c.Bool("prune"), Only: c.StringSlice("only")}
	if len(opts.Only) > 0 {
		fmt.Fprintln(c.App.ErrWriter, "ncpimage: warning: --only limits this run to "+strings.Join(opts.Only, ", ")+
			"; the account may not match the catalogs afterwards. Use it for exceptional situations, not routinely.")
	}
	prog := report.NewProgress(c.App.ErrWriter, isTerminal(c.App.ErrWriter))
	cn, err := connectApply(c, prog.Writer())
	if err != nil {
		return err
	}
	defer func() { _ = cn.Close() }()
	p := reconcile.Planner{API: cn.Client, Region: c.String("region"), Options: opts, Endpoint: cn.Endpoint, Sandbox: cn.Sandbox}
	plan, _, err := p.Plan(ctx, set)
	if err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	for _, name := range reconcile.UnmatchedReplace(plan) {
		fmt.Fprintf(c.App.ErrWriter, "ncpimage: warning: --replace %s: no image of the catalogs by that name exists (or it is blocked); nothing to replace\n", name)
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
	return execute(ctx, c, format, cn, plan, prog)
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

// applySaved executes a saved plan after the staleness check.
func applySaved(ctx context.Context, c *cli.Context, format report.Format, path string) error {
	for _, name := range []string{"replace", "prune", "only"} {
		if c.IsSet(name) {
			return hintError{err: fmt.Errorf("apply: --%s cannot be used with a saved plan: its options were fixed by plan", name),
				hint: "ncpimage plan PATH... --" + name + " ... --out " + path}
		}
	}
	plan, err := loadPlan(path)
	if err != nil {
		return err
	}
	prog := report.NewProgress(c.App.ErrWriter, isTerminal(c.App.ErrWriter))
	cn, err := connectApply(c, prog.Writer())
	if err != nil {
		return err
	}
	defer func() { _ = cn.Close() }()
	if err := sameAccount(plan, cn); err != nil {
		return stopped(c, format, plan, reconcile.ReasonStalePlan, err, "apply the plan against the account it was made for, or make a new one")
	}
	if err := reconcile.CheckStale(ctx, cn.Client, plan, os.ReadFile); err != nil {
		var se *reconcile.StaleError
		if errors.As(err, &se) {
			r := reconcile.NewStoppedReport(plan, reconcile.ReasonStalePlan, err)
			r.StaleObjects = append(se.Manifests, se.Objects...)
			return stoppedReport(c, format, r, fmt.Errorf("apply %s: %w", path, err), "make a new plan: ncpimage plan PATH... --out "+path)
		}
		return fmt.Errorf("apply %s: %w", path, err)
	}
	if err := reconcile.CheckDeletes(plan, c.Int("max-deletes")); err != nil {
		return stopped(c, format, plan, reconcile.ReasonTooManyDeletes, err, "make a new plan with fewer deletes, or raise --max-deletes")
	}
	return execute(ctx, c, format, cn, plan, prog)
}

// sameAccount refuses a plan made against another account kind or
// endpoint (a sandbox plan against a real account, or the reverse).
func sameAccount(plan *reconcile.Plan, cn *conn) error {
	switch {
	case plan.Sandbox != cn.Sandbox && plan.Sandbox:
		return errors.New("apply: the plan was made against the sandbox; add --sandbox")
	case plan.Sandbox != cn.Sandbox:
		return errors.New("apply: the plan was made against a real endpoint, not the sandbox")
	case !plan.Sandbox && plan.Endpoint != cn.Endpoint:
		return fmt.Errorf("apply: the plan was made against %s, not %s", plan.Endpoint, cn.Endpoint)
	}
	return nil
}

// execute runs the plan with progress on stderr and prints the report.
func execute(ctx context.Context, c *cli.Context, format report.Format, cn *conn, plan *reconcile.Plan, prog *report.Progress) error {
	a := reconcile.Applier{API: cn.Client, Parallelism: c.Int("parallelism"), PollInterval: c.Duration("poll-interval"),
		Timeout: c.Duration("timeout"), Progress: prog.Event}
	r := a.Apply(ctx, plan)
	prog.Close()
	if format == report.FormatText {
		fmt.Fprintln(c.App.Writer)
	}
	if err := report.Apply(c.App.Writer, format, r); err != nil {
		return fmt.Errorf("apply: write output: %w", err)
	}
	if r.Reason == reconcile.ReasonInterrupted {
		fmt.Fprintf(c.App.ErrWriter, "ncpimage: interrupted: %d images in flight, %d not started; run apply again to wait for them and finish\n",
			r.Summary.InFlight, r.Summary.NotStarted)
	}
	if !r.Success {
		return exitError{1}
	}
	return nil
}

// stopped reports a run that refused to start: the error (with its hint)
// on stderr and, for machine formats, the report on stdout.
func stopped(c *cli.Context, format report.Format, plan *reconcile.Plan, reason string, err error, hint string) error {
	return stoppedReport(c, format, reconcile.NewStoppedReport(plan, reason, err), err, hint)
}

func stoppedReport(c *cli.Context, format report.Format, r *reconcile.Report, err error, hint string) error {
	if format != report.FormatText {
		if werr := report.Apply(c.App.Writer, format, r); werr != nil {
			return fmt.Errorf("apply: write output: %w", werr)
		}
	}
	return hintError{err: err, hint: hint}
}

// savedPlanArg reports whether the arguments are one saved plan (see
// reconcile.LooksLikePlan).
func savedPlanArg(args []string) (string, bool) {
	if len(args) != 1 {
		return "", false
	}
	f, err := os.Open(args[0])
	if err != nil {
		return "", false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return "", false
	}
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	return args[0], reconcile.LooksLikePlan(args[0], head[:n])
}

// connectApply is connect with apply's shared rate limiter (--max-rps).
func connectApply(c *cli.Context, errw io.Writer) (*conn, error) {
	rps := c.Float64("max-rps")
	return connect(c, errw, ncloud.WithLimiter(rate.NewLimiter(rate.Limit(rps), max(1, int(rps/4)))))
}

// isTerminal reports whether v is a character device (a terminal).
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
