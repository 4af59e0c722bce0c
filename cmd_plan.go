package main

import (
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

Exit status: 0 success; 1 error (invalid catalogs - reported before any
API call -, or the account cannot be read); with --detailed-exitcode, 2
when something would be created, replaced or deleted. Drifted and blocked
images are reported but are not changes: they never give exit status 2.

Examples:
   ncpimage plan examples/catalog/ --sandbox
   ncpimage plan catalogs/ --out plan.json --detailed-exitcode
   ncpimage plan catalogs/ -o markdown > comment.md`,
		Flags: append(commonFlags(),
			&cli.StringFlag{Name: "out", Usage: "also write the plan as JSON to `FILE` (for show and apply)"},
			&cli.BoolFlag{Name: "detailed-exitcode", Usage: "exit 2 when the plan has changes (create, replace, delete)"},
		),
		Action: runPlan,
	}
}

func runPlan(c *cli.Context) error {
	if c.NArg() == 0 {
		return hintError{err: fmt.Errorf("plan: no PATH given"), hint: "ncpimage plan examples/catalog/ --sandbox"}
	}
	format, err := report.ParseFormat(c.String("output"))
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	set := spec.Load(c.Args().Slice())
	if len(set.Diagnostics) > 0 {
		if err := printInvalid(c.App.Writer, format, set); err != nil {
			return fmt.Errorf("plan: write output: %w", err)
		}
		return exitError{1}
	}
	plan, err := makePlan(c, set, reconcile.Options{})
	if err != nil {
		if format == report.FormatJSON {
			writeFailure(c.App.Writer, err)
		}
		return err
	}
	out := c.String("out")
	if out != "" {
		if err := savePlan(out, plan); err != nil {
			return err
		}
	}
	w := c.App.Writer
	if err := report.Plan(w, format, plan, report.Options{Color: useColor(c, w), SavedAs: out}); err != nil {
		return fmt.Errorf("plan: write output: %w", err)
	}
	if c.Bool("detailed-exitcode") && plan.Summary.HasChanges() {
		return exitError{2}
	}
	return nil
}

// makePlan connects, observes and diffs; apply calls it too, with its
// options. SIGINT/SIGTERM cancel the API calls.
func makePlan(c *cli.Context, set *spec.Set, opts reconcile.Options) (*reconcile.Plan, error) {
	cn, err := connect(c, c.App.ErrWriter)
	if err != nil {
		return nil, err
	}
	defer func() { _ = cn.Close() }()
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	p := reconcile.Planner{API: cn.Client, Region: c.String("region"), Options: opts,
		Endpoint: cn.Endpoint, Sandbox: cn.Sandbox}
	plan, _, err := p.Plan(ctx, set)
	if err != nil {
		if ctx.Err() != nil && c.Context.Err() == nil {
			err = fmt.Errorf("%w (interrupted)", err)
		}
		return nil, err
	}
	return plan, nil
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
	if _, err := io.WriteString(tmp, b.String()); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("save plan %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save plan %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("save plan %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save plan %s: %w", path, err)
	}
	return nil
}

// useColor is true only when w is a terminal and neither --no-color nor
// NO_COLOR asks otherwise.
func useColor(c *cli.Context, w io.Writer) bool {
	if c.Bool("no-color") || os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
