package main

import (
	"fmt"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/report"
)

func showCommand() *cli.Command {
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
   ncpimage show plan.json -o markdown > comment.md`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "text", Usage: "output format: text, json, markdown or github"},
			&cli.BoolFlag{Name: "no-color", Usage: "never colour the output (also: NO_COLOR)"},
		},
		Action: runShow,
	}
}

func runShow(c *cli.Context) error {
	if c.NArg() != 1 {
		return hintError{err: fmt.Errorf("show: want exactly one FILE, got %d", c.NArg()), hint: "ncpimage show plan.json"}
	}
	format, err := report.ParseFormat(c.String("output"))
	if err != nil {
		return fmt.Errorf("show: %w", err)
	}
	path := c.Args().First()
	plan, err := loadPlan(path)
	if err != nil {
		return err
	}
	w := c.App.Writer
	o := report.Options{Color: useColor(c, w), SavedAs: path}
	if err := report.Plan(w, format, plan, o); err != nil {
		return fmt.Errorf("show: write output: %w", err)
	}
	return nil
}

// loadPlan reads and checks a saved plan (apply uses it too).
func loadPlan(path string) (*reconcile.Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read plan: %w", err)
	}
	plan, err := reconcile.Decode(data)
	if err != nil {
		if !isSavedPlan(path) {
			return nil, hintError{err: fmt.Errorf("%s is not a saved plan: %w", path, err),
				hint: "save one with: ncpimage plan PATH... --out plan.json"}
		}
		return nil, hintError{err: fmt.Errorf("%s: %w", path, err), hint: "make a new one with: ncpimage plan PATH... --out " + path}
	}
	return plan, nil
}
