package cli

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/ncpimage/ncpimage/report"
	"github.com/ncpimage/ncpimage/spec"
)

// validateOptions are the flags and arguments of validate.
type validateOptions struct {
	output string
	paths  []string
}

func (e *env) validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check catalogs offline: YAML, JSON Schema and semantic rules",
		ArgsUsage: "PATH...",
		Description: `Reads every catalog at PATH (files, or directories searched recursively
for *.yaml and *.yml) and reports each problem at its file:line:col.
Nothing is sent to NCP. Exit status: 0 when every catalog is valid,
1 otherwise.

Examples:
   ncpimage validate examples/catalog/
   ncpimage validate catalogs/ --output json
   ncpimage validate catalogs/ -o github      # annotations in GitHub Actions`,
		Flags: []cli.Flag{
			outputFlag("text", "json", "github"),
			&cli.BoolFlag{Name: "no-color", Usage: "never colour the output (validate prints no colour anyway)"},
		},
		Action: func(c *cli.Context) error {
			return e.validate(validateOptions{output: c.String("output"), paths: c.Args().Slice()})
		},
	}
}

func (e *env) validate(o validateOptions) error {
	if len(o.paths) == 0 {
		return hintError{err: fmt.Errorf("validate: no PATH given"), hint: "ncpimage validate examples/catalog/"}
	}
	set := spec.Load(o.paths)
	e.warnLoad(set)
	if err := report.New(report.Format(o.output)).Validate(e.stdout, set); err != nil {
		return fmt.Errorf("validate: write output: %w", err)
	}
	if len(set.Diagnostics) > 0 {
		return exitError{1}
	}
	return nil
}
