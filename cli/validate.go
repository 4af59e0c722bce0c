package cli

import (
	"context"
	"fmt"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/report"
	"github.com/ncpimage/ncpimage/spec"
)

// validateOptions are the flags and arguments of validate.
type validateOptions struct {
	output string
	region string
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

PATH "-" reads one catalog from standard input (named <stdin> in the
messages). --region resolves the region of images that set none, so
that validate finds the names that clash once it is applied, as plan
does (without it, only names clashing as written).

Examples:
   ncpimage validate examples/catalog/
   cat web.yaml | ncpimage validate -
   ncpimage validate catalogs/ --region KR
   ncpimage validate catalogs/ --output json
   ncpimage validate catalogs/ -o github      # annotations in GitHub Actions`,
		Action: func(ctx context.Context, c *cli.Command) error {
			output, err := outputOf(c, "text", "json", "github")
			if err != nil {
				return err
			}
			return e.validate(validateOptions{output: output, region: c.String("region"), paths: c.Args().Slice()})
		},
	}
}

func (e *env) validate(o validateOptions) error {
	if len(o.paths) == 0 {
		return hintError{err: fmt.Errorf("validate: no PATH given"), hint: "ncpimage validate examples/catalog/"}
	}
	set := e.load(o.paths)
	e.warnLoad(set)
	if o.region != "" {
		set.Diagnostics = spec.SortDiagnostics(append(set.Diagnostics, spec.CheckRegionNames(set, o.region)...))
	}
	if err := report.New(report.Format(o.output)).Validate(e.stdout, set); err != nil {
		return fmt.Errorf("validate: write output: %w", err)
	}
	if len(set.Diagnostics) > 0 {
		return exitError{1}
	}
	return nil
}

// load loads the catalogs at paths; "-" alone reads standard input.
func (e *env) load(paths []string) *spec.Set {
	if len(paths) == 1 && paths[0] == "-" {
		return spec.LoadReader(e.stdin)
	}
	return spec.LoadWith(paths, spec.Options{NamesOnly: true}) // validate counts and checks images, never plans them
}
