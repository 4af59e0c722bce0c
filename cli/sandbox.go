package cli

import (
	"context"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/report"
	"github.com/ncpimage/ncpimage/sandbox"
)

// sandboxCommand manages the --sandbox account of the working directory.
func (e *env) sandboxCommand() *cli.Command {
	return &cli.Command{
		Name:  "sandbox",
		Usage: "manage the emulated account used by --sandbox",
		Commands: []*cli.Command{{
			Name:   "reset",
			Usage:  "start the sandbox over from the example account (deletes " + sandbox.Dir + "/" + sandbox.StateFile + ")",
			Action: func(context.Context, *cli.Command) error { return e.sandboxReset() },
		}},
		Action: unknownCommand,
	}
}

func (e *env) sandboxReset() error {
	existed, err := sandbox.Reset(".")
	if err != nil {
		return err
	}
	report.SandboxReset(e.stdout, sandbox.Dir+"/"+sandbox.StateFile, existed)
	return nil
}
