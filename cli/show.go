package cli

import (
	"context"
	"fmt"
	"regexp"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/report"
)

// showOptions are the flags and arguments of show.
type showOptions struct {
	output   string
	noColor  bool
	artifact string
	commit   string
	paths    []string
}

func (e *env) showCommand() *cli.Command {
	return &cli.Command{
		Name:      "show",
		Usage:     "render a plan saved with plan --out",
		ArgsUsage: "FILE",
		Description: `Reads a plan saved by "ncpimage plan --out FILE" and renders it in any
output format, without calling the API. A file that is not a plan, was
edited after it was written, or has an unknown format_version is an error
(exit status 1).

Examples:
   ncpimage show plan.json
   ncpimage show plan.json -o markdown > comment.md
   ncpimage show plan.json -o markdown --artifact ncpimage-plan > comment.md`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "commit", Usage: "with -o markdown: the commit `SHA` the plan was made at, shown in the comment"},
			&cli.StringFlag{Name: "artifact", Usage: "with -o markdown: the CI artifact `NAME` the plan is uploaded as, for the note of what was cut"},
		},
		Action: func(ctx context.Context, c *cli.Command) error {
			return e.show(showOptions{output: c.String("output"), noColor: c.Bool("no-color"), artifact: c.String("artifact"), commit: c.String("commit"), paths: c.Args().Slice()})
		},
	}
}

func (e *env) show(o showOptions) error {
	if len(o.paths) != 1 {
		return hintError{err: fmt.Errorf("show: want exactly one FILE, got %d", len(o.paths)), hint: "ncpimage show plan.json"}
	}
	format, err := report.ParseFormat(o.output)
	if err != nil {
		return fmt.Errorf("show: %w", err)
	}
	if o.commit != "" && !commitSHA.MatchString(o.commit) {
		return fmt.Errorf("show: --commit %q is not a commit SHA (7 to 40 hex digits)", report.Clean(o.commit))
	}
	path := o.paths[0]
	p, err := loadPlan(path)
	if err != nil {
		return err
	}
	ro := report.Options{Color: useColor(globalOptions{noColor: o.noColor}, e.stdout), SavedAs: path, Artifact: o.artifact, Commit: o.commit}
	if err := report.New(format).Plan(e.stdout, p, ro); err != nil {
		return fmt.Errorf("show: write output: %w", err)
	}
	return nil
}

// commitSHA is what --commit takes: a full or abbreviated commit id.
var commitSHA = regexp.MustCompile(`^[0-9a-f]{7,40}$`)
