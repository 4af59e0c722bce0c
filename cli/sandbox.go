package cli

import (
	"github.com/urfave/cli/v2"

	"github.com/ncpimage/ncpimage/report"
	"github.com/ncpimage/ncpimage/sandbox"
)

// sandboxCommand manages the --sandbox account of the working directory.
func (e *env) sandboxCommand() *cli.Command {
	return &cli.Command{
		Name:  "sandbox",
		Usage: "manage the emulated account used by --sandbox",
		Subcommands: []*cli.Command{{
			Name:   "reset",
			Usage:  "start the sandbox over from the example account (deletes " + sandbox.Dir + "/" + sandbox.StateFile + ")",
			Action: func(*cli.Context) error { return e.sandboxReset() },
		}},
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
