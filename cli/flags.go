package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/ncloud"
)

// globalOptions are the flags of every command that talks to the API or
// prints a result.
type globalOptions struct {
	cmd      string // the command's name, for error prefixes
	output   string // --output as given; checked by report.ParseFormat
	noColor  bool
	region   string
	endpoint string
	sandbox  bool
	debug    bool
	maxRPS   float64
	// retryBudget bounds the time one API call spends retrying.
	retryBudget time.Duration
}

// globalFlags are the root's flags: persistent, so they are written
// before the command or anywhere after it, as kubectl takes them.
// Commands that do not talk to the API or print a result ignore them.
func globalFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "text", Usage: "output `FORMAT`: text, json, markdown or github"},
		&cli.BoolFlag{Name: "no-color", Usage: "never colour the output (also: NO_COLOR)"},
		&cli.StringFlag{Name: "region", Usage: "region `CODE` for images that set none (else $NCLOUD_REGION, else the account's first region)", Sources: cli.EnvVars("NCLOUD_REGION")},
		&cli.StringFlag{Name: "endpoint", Usage: "API gateway origin `URL` (else $NCLOUD_API_GW, else the public gateway)", Sources: cli.EnvVars("NCLOUD_API_GW")},
		&cli.BoolFlag{Name: "sandbox", Usage: "run against a built-in emulated account (state in .ncpimage/sandbox.json)"},
		&cli.BoolFlag{Name: "debug", Usage: "log API requests to stderr (secrets redacted)"},
		&cli.Float64Flag{Name: "max-rps", Value: 10, Usage: "most API requests per second (`N`): one budget shared by every call of the run, lowered while NCP throttles"},
		&cli.DurationFlag{Name: "retry-budget", Value: ncloud.DefaultRetryBudget, Usage: "longest time (`DURATION`) one API call keeps retrying: reads after transient failures and throttling, creates and deletes after throttling"},
	}
}

func globalOptionsOf(c *cli.Command) globalOptions {
	return globalOptions{cmd: c.Name, output: c.String("output"), noColor: c.Bool("no-color"),
		region: c.String("region"), endpoint: c.String("endpoint"), sandbox: c.Bool("sandbox"),
		debug: c.Bool("debug"), maxRPS: c.Float64("max-rps"), retryBudget: c.Duration("retry-budget")}
}

// changeOptions are the options that change what a plan does; plan and
// apply both take them, so a saved plan can carry them.
type changeOptions struct {
	plan       plan.Options
	maxDeletes int
	pruneRoot  string
	// set names the change flags given on the command line (a saved
	// plan refuses them).
	set []string
}

func changeFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "replace", Usage: "delete image `NAME`, wait until gone and create it again (repeatable)"},
		&cli.BoolFlag{Name: "prune", Usage: "delete this catalog's orphans (images with its marker it no longer lists)"},
		&cli.IntFlag{Name: "max-deletes", Value: 10, Usage: "refuse, before changing anything, a prune that deletes more"},
		&cli.StringFlag{Name: "prune-root", Value: ".", Usage: "with --prune: never delete an image that a catalog file under `DIR` declares, loaded or not"},
		&cli.StringSliceFlag{Name: "only", Usage: "limit the run to image `NAME` (repeatable; exceptional use)"},
	}
}

func changeOptionsOf(c *cli.Command) changeOptions {
	o := changeOptions{maxDeletes: c.Int("max-deletes"), pruneRoot: c.String("prune-root"), plan: plan.Options{
		Replace: c.StringSlice("replace"), Prune: c.Bool("prune"), Only: c.StringSlice("only")}}
	for _, name := range []string{"replace", "prune", "only"} {
		if c.IsSet(name) {
			o.set = append(o.set, name)
		}
	}
	return o
}

// check refuses a negative --max-deletes and warns about --only, like
// Terraform's -target.
func (o changeOptions) check(e *env, cmd string) error {
	if o.maxDeletes < 0 {
		return fmt.Errorf("%s: --max-deletes must not be negative", cmd)
	}
	if len(o.plan.Only) > 0 {
		e.warn("--only limits this run to " + strings.Join(o.plan.Only, ", ") +
			"; the account may not match the catalogs afterwards. Use it for exceptional situations, not routinely.")
	}
	return nil
}

// concatFlags joins flag lists (commands share groups of flags).
func concatFlags(groups ...[]cli.Flag) []cli.Flag {
	var out []cli.Flag
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// outputOf is --output when the command renders that format (the first
// of allowed is the default's stand-in: the flag is global, its default
// "text").
func outputOf(c *cli.Command, allowed ...string) (string, error) {
	v := c.String("output")
	if !slices.Contains(allowed, v) {
		return "", hintError{err: fmt.Errorf("--output %q: want one of %s", v, strings.Join(allowed, ", ")),
			hint: "see: ncpimage " + c.Name + " --help"}
	}
	return v, nil
}

// chdirFlag is -C DIR, which [Program.Main] runs before the command; it is
// here for the help, and refused by a Run that did not come through Main.
func chdirFlag() cli.Flag {
	return &cli.StringFlag{Name: "chdir", Aliases: []string{"C"}, Local: true,
		Usage: "run in `DIR`, as git -C does (before the command)",
		Action: func(context.Context, *cli.Command, string) error {
			return errors.New("-C DIR: only the ncpimage process changes its directory (Program.Main), not Program.Run")
		}}
}
