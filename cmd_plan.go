package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/report"
	"github.com/ncpimage/ncpimage/spec"
)

func planCommand() *cli.Command {
	return &cli.Command{
		Name:      "plan",
		Usage:     "compare catalogs with the account and show what apply would do",
		ArgsUsage: "PATH...",
		Description: `Loads and validates the catalogs at PATH, reads the account (a few list
calls per region, never one per image) and shows, per image: create,
no-op, wait (still being created), drift (exists but differs from the
catalog), blocked (failed image or a pre-flight error, shown at its YAML
line), and the orphaned and unmanaged images of the account.

--replace, --prune and --only shape the plan as they shape apply, so a
plan saved with --out can carry them ("ncpimage apply plan.json" then
does exactly that). A --prune that would delete more than --max-deletes
images fails the plan (exit status 1) and saves nothing.

Exit status: 0 success; 1 error (invalid catalogs - reported before any
API call -, or the account cannot be read); with --detailed-exitcode, 2
when something would be created, replaced or deleted. Drifted and blocked
images are reported but are not changes: they never give exit status 2.

Examples:
   ncpimage plan examples/catalog/ --sandbox
   ncpimage plan catalogs/ --out plan.json --detailed-exitcode
   ncpimage plan catalogs/ -o markdown > comment.md`,
		Flags: concatFlags(commonFlags(), changeFlags(), []cli.Flag{
			&cli.StringFlag{Name: "out", Usage: "also write the plan as JSON to `FILE` (for show and apply)"},
			&cli.BoolFlag{Name: "detailed-exitcode", Usage: "exit 2 when the plan has changes (create, replace, delete)"},
		}),
		Action: runPlan,
	}
}

func runPlan(c *cli.Context) error {
	format, set, err := loadCatalogs(c, "plan", "ncpimage plan examples/catalog/ --sandbox")
	if err != nil {
		return err
	}
	opts, err := changeOptions(c)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	plan, err := connectAndPlan(ctx, c, set, opts)
	if err != nil {
		if format == report.FormatJSON && !errors.As(err, new(exitError)) {
			writeFailure(c.App.Writer, err)
		}
		return err
	}
	w, out := c.App.Writer, c.String("out")
	deletesErr := reconcile.CheckDeletes(plan, c.Int("max-deletes"))
	if out != "" && deletesErr == nil {
		if err := savePlan(out, plan); err != nil {
			return err
		}
	}
	if deletesErr != nil && format == report.FormatJSON {
		// a refused plan is no plan: machines get the reason, not a plan to apply
		deletesErr = fmt.Errorf("plan: %w", deletesErr)
		writeFailure(w, deletesErr)
		return hintError{err: deletesErr, hint: pruneHint}
	}
	if err := report.Plan(w, format, plan, report.Options{Color: useColor(c, w), SavedAs: out}); err != nil {
		return fmt.Errorf("plan: write output: %w", err)
	}
	if deletesErr != nil {
		return hintError{err: fmt.Errorf("plan: %w", deletesErr), hint: pruneHint}
	}
	if c.Bool("detailed-exitcode") && plan.Summary.HasChanges() {
		return exitError{2}
	}
	return nil
}

const pruneHint = "raise --max-deletes, or delete fewer orphans with --only"

// concatFlags joins flag lists (commands share groups of flags).
func concatFlags(groups ...[]cli.Flag) []cli.Flag {
	var out []cli.Flag
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// changeFlags are the options that change what a plan does; plan and
// apply both take them, so a saved plan can carry them.
func changeFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "replace", Usage: "delete image `NAME`, wait until gone and create it again (repeatable)"},
		&cli.BoolFlag{Name: "prune", Usage: "delete this catalog's orphans (images with its marker it no longer lists)"},
		&cli.IntFlag{Name: "max-deletes", Value: 10, Usage: "refuse, before changing anything, a prune that deletes more"},
		&cli.StringSliceFlag{Name: "only", Usage: "limit the run to image `NAME` (repeatable; exceptional use)"},
	}
}

// changeOptions reads the change flags; --only prints a warning, like
// Terraform's -target.
func changeOptions(c *cli.Context) (reconcile.Options, error) {
	if c.Int("max-deletes") < 0 {
		return reconcile.Options{}, fmt.Errorf("%s: --max-deletes must not be negative", c.Command.Name)
	}
	opts := reconcile.Options{Replace: c.StringSlice("replace"), Prune: c.Bool("prune"), Only: c.StringSlice("only")}
	if len(opts.Only) > 0 {
		fmt.Fprintln(c.App.ErrWriter, "ncpimage: warning: --only limits this run to "+strings.Join(opts.Only, ", ")+
			"; the account may not match the catalogs afterwards. Use it for exceptional situations, not routinely.")
	}
	return opts, nil
}

// loadCatalogs checks the arguments and the --output format, and loads
// the catalogs; invalid catalogs are reported (in the output format) and
// stop the command with exit status 1 before any API call.
func loadCatalogs(c *cli.Context, cmd, example string) (report.Format, *spec.Set, error) {
	if c.NArg() == 0 {
		return "", nil, hintError{err: fmt.Errorf("%s: no PATH given", cmd), hint: example}
	}
	format, err := report.ParseFormat(c.String("output"))
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", cmd, err)
	}
	for _, a := range c.Args().Slice() {
		if isSavedPlan(a) {
			return "", nil, hintError{err: fmt.Errorf("%s: %s is a saved plan, not a catalog", cmd, a),
				hint: "ncpimage show " + a + " renders it; ncpimage apply " + a + " applies it"}
		}
	}
	set := spec.Load(c.Args().Slice())
	if len(set.Diagnostics) > 0 {
		if err := printInvalid(c.App.Writer, format, set); err != nil {
			return "", nil, fmt.Errorf("%s: write output: %w", cmd, err)
		}
		return "", nil, exitError{1}
	}
	return format, set, nil
}

// connectAndPlan connects with the common flags and makes the plan.
func connectAndPlan(ctx context.Context, c *cli.Context, set *spec.Set, opts reconcile.Options) (*reconcile.Plan, error) {
	cn, err := connect(c, c.App.ErrWriter)
	if err != nil {
		return nil, err
	}
	defer func() { _ = cn.Close() }()
	return makePlan(ctx, c, cn, set, opts)
}

// makePlan observes and diffs (plan and apply). ctx is cancelled by
// SIGINT/SIGTERM: the error then says so.
func makePlan(ctx context.Context, c *cli.Context, cn *conn, set *spec.Set, opts reconcile.Options) (*reconcile.Plan, error) {
	p := reconcile.Planner{API: cn.Client, Region: c.String("region"), Options: opts,
		Endpoint: cn.Endpoint, Sandbox: cn.Sandbox}
	plan, _, err := p.Plan(ctx, set)
	if errors.Is(err, reconcile.ErrInvalidSet) {
		format, _ := report.ParseFormat(c.String("output"))
		if werr := printInvalid(c.App.Writer, format, set); werr != nil {
			return nil, fmt.Errorf("%s: write output: %w", c.Command.Name, werr)
		}
		return nil, exitError{1}
	}
	if err != nil {
		err = interrupted(ctx, err)
		if failureReason(err) == "auth" {
			return nil, hintError{err: err, hint: authHint}
		}
		return nil, err
	}
	return plan, nil
}

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

// printInvalid reports manifest diagnostics the way validate does.
func printInvalid(w io.Writer, format report.Format, set *spec.Set) error {
	switch format {
	case report.FormatJSON:
		return validateJSON(w, set)
	case report.FormatGitHub:
		return validateGitHub(w, set)
	case report.FormatMarkdown:
		var b strings.Builder
		if err := validateText(&b, set); err != nil {
			return err
		}
		_, err := io.WriteString(w, report.Marker+"\n### ncpimage plan: the catalogs are invalid\n\n```\n"+b.String()+"```\n")
		return err
	default:
		return validateText(w, set)
	}
}

// savePlan writes the JSON plan atomically: a temporary file in the same
// directory, then a rename, so a reader never sees half a plan.
func savePlan(path string, plan *reconcile.Plan) error {
	var b strings.Builder
	if err := report.JSON(&b, plan); err != nil {
		return fmt.Errorf("save plan %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ncpimage-plan-*")
	if err != nil {
		return fmt.Errorf("save plan %s: %w", path, err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	_, err = io.WriteString(tmp, b.String())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("save plan %s: %w", path, err)
	}
	return nil
}

// useColor is true only when w is a terminal and neither --no-color nor
// NO_COLOR asks otherwise.
func useColor(c *cli.Context, w io.Writer) bool {
	return !c.Bool("no-color") && os.Getenv("NO_COLOR") == "" && isTerminal(w)
}
