// Command ncpimage keeps Naver Cloud Platform "My server images" in line
// with YAML catalogs committed to git: validate, plan, apply.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// exitError carries an exit code chosen by a command (1 or 2) without
// printing anything more; the command already reported what happened.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// hintError is an error shown with a "hint:" line below it.
type hintError struct {
	err  error
	hint string
}

func (e hintError) Error() string { return e.err.Error() }
func (e hintError) Unwrap() error { return e.err }

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program: it parses args, runs one command and decides
// the exit code. Commands never call os.Exit.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := newApp(stdin, stdout, stderr)
	err := checkCommand(app, args)
	if err == nil {
		err = app.Run(interspersed(app, args))
	}
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintf(stderr, "ncpimage: error: %v\n", err)
	var he hintError
	if errors.As(err, &he) && he.hint != "" {
		fmt.Fprintf(stderr, "ncpimage: hint: %s\n", he.hint)
	}
	return 1
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:           "ncpimage",
		Usage:          "keep NCP server images in line with YAML catalogs",
		Version:        version,
		Reader:         stdin,
		Writer:         stdout,
		ErrWriter:      stderr,
		ExitErrHandler: func(*cli.Context, error) {},
		Commands:       commands(),
		// Unknown commands and flags are errors with exit 1, not panics.
		OnUsageError: func(_ *cli.Context, err error, _ bool) error { return err },
	}
}

// commands lists every subcommand. Each lives in a cmd_*.go file of its own.
// A usage mistake (unknown flag, missing value) is an error with a hint,
// not a page of help.
func commands() []*cli.Command {
	cmds := allCommands()
	for _, c := range cmds {
		name := c.Name
		c.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
			return hintError{err: fmt.Errorf("%s: %w", name, err), hint: "see: ncpimage " + name + " --help"}
		}
	}
	return cmds
}

// checkCommand refuses an unknown command or subcommand name (urfave/cli
// would treat it as a help topic).
func checkCommand(app *cli.App, args []string) error {
	cmds, path := app.Commands, "ncpimage"
	for _, a := range args[min(1, len(args)):] {
		if strings.HasPrefix(a, "-") {
			continue
		}
		if a == "help" || a == "h" {
			return nil
		}
		c := findCommand(cmds, a)
		if c == nil {
			return hintError{err: fmt.Errorf("unknown command %q", strings.TrimPrefix(path+" "+a, "ncpimage ")),
				hint: "see: " + path + " --help"}
		}
		if len(c.Subcommands) == 0 {
			return nil
		}
		cmds, path = c.Subcommands, path+" "+c.Name
	}
	return nil
}

func allCommands() []*cli.Command {
	return []*cli.Command{
		validateCommand(),
		schemaCommand(),
		emulatorCommand(),
		sandboxCommand(),
		planCommand(), showCommand(),
		applyCommand(),
	}
}

// commonFlags are accepted by every command that talks to the API or
// prints a result; they are defined per command so they can be written
// anywhere on the command line.
func commonFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "text", Usage: "output format: text, json, markdown or github"},
		&cli.BoolFlag{Name: "no-color", Usage: "never colour the output (also: NO_COLOR)"},
		&cli.StringFlag{Name: "region", Usage: "region for images that set none (else $NCLOUD_REGION, else the account's first region)", EnvVars: []string{"NCLOUD_REGION"}},
		&cli.StringFlag{Name: "endpoint", Usage: "API gateway origin (else $NCLOUD_API_GW, else the public gateway)", EnvVars: []string{"NCLOUD_API_GW"}},
		&cli.BoolFlag{Name: "sandbox", Usage: "run against a built-in emulated account (state in .ncpimage/sandbox.json)"},
		&cli.BoolFlag{Name: "debug", Usage: "log API requests to stderr (secrets redacted)"},
		&cli.Float64Flag{Name: "max-rps", Value: 10, Usage: "API requests per second: one budget shared by every call of the run"},
	}
}
