// Package cli is the ncpimage command line: urfave/cli wiring, one file
// per command, and the one place ([Program.Run]) that turns a command's
// outcome into an exit status.
//
// Each command turns its flags into a plain options struct at its edge
// and hands it to a method that knows nothing of urfave/cli. Results are
// rendered by package report in the format --output names; this package
// prints only usage errors and the "ncpimage: error:", "hint:" and
// "warning:" lines on stderr.
//
// Exit status: 0 success; 1 error (invalid catalogs, an API failure, a
// partial apply, a stale plan, a refusal); 2 only with plan
// --detailed-exitcode when the plan has changes.
package cli

import (
	"fmt"
	"github.com/ncpimage/ncpimage/suggest"
	"io"
	"strings"

	"github.com/urfave/cli/v2"
)

// Program is ncpimage as a binary builds it: its version and the seed of
// the --sandbox account, which main embeds.
type Program struct {
	// Version is printed by --version and in the outputs; empty means
	// the module version from the build info.
	Version string
	// SandboxSeed is the seed YAML of the --sandbox account.
	SandboxSeed []byte
}

// env is what every command runs with: the program and its streams.
type env struct {
	prog    Program
	version string
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
}

// Run is the whole program: it parses args, runs one command and decides
// the exit code. Commands never call os.Exit.
func (p Program) Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{prog: p, version: versionOf(p.Version), stdin: stdin, stdout: stdout, stderr: stderr}
	app := e.newApp()
	args, err := chdir(args)
	if err == nil {
		err = checkCommand(app, args)
	}
	if err == nil {
		err = danglingFlag(app, args)
	}
	if err == nil {
		err = app.Run(interspersed(app, args))
	}
	return e.exitStatus(err)
}

func (e *env) newApp() *cli.App {
	return &cli.App{
		Name:           "ncpimage",
		Usage:          "keep NCP server images in line with YAML catalogs",
		Version:        e.version,
		Reader:         e.stdin,
		Writer:         e.stdout,
		ErrWriter:      e.stderr,
		ExitErrHandler: func(*cli.Context, error) {},
		Commands:       e.commands(),
		// Unknown commands and flags are errors with exit 1, not panics.
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return hintError{err: err, hint: usageHint(&cli.Command{Flags: globalFlags()}, err)}
		},
	}
}

// commands lists every subcommand. A usage mistake (unknown flag,
// missing value) is an error with a hint, not a page of help.
func (e *env) commands() []*cli.Command {
	cmds := []*cli.Command{
		e.validateCommand(),
		e.schemaCommand(),
		e.emulatorCommand(),
		e.sandboxCommand(),
		e.planCommand(), e.showCommand(),
		e.applyCommand(),
		e.importCommand(),
		e.githubCommand(),
		e.fmtCommand(),
		e.completionCommand(),
	}
	for _, c := range cmds {
		c.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
			return hintError{err: fmt.Errorf("%s: %w", c.Name, err), hint: usageHint(c, err)}
		}
	}
	return cmds
}

// checkCommand refuses an unknown command or subcommand name (urfave/cli
// would treat it as a help topic).
func checkCommand(app *cli.App, args []string) error {
	cmds, path := app.Commands, "ncpimage"
	_, first := leadingFlags(args)
	for _, a := range args[min(first, len(args)):] {
		if strings.HasPrefix(a, "-") {
			continue
		}
		if a == "help" || a == "h" {
			return nil
		}
		c := findCommand(cmds, a)
		if c == nil {
			hint := "see: " + path + " --help"
			if near := closestCommand(cmds, a); near != "" {
				hint = "did you mean \"" + strings.TrimPrefix(path+" "+near, "ncpimage ") + "\"? " + hint
			}
			return hintError{err: fmt.Errorf("unknown command %q", strings.TrimPrefix(path+" "+a, "ncpimage ")), hint: hint}
		}
		if len(c.Subcommands) == 0 {
			return nil
		}
		cmds, path = c.Subcommands, path+" "+c.Name
	}
	return nil
}

// closestCommand is the command name nearest to a mistyped one ("plann"
// -> "plan"), or "" when none is close.
func closestCommand(cmds []*cli.Command, typed string) string {
	best, bestDist := "", 3
	for _, c := range cmds {
		for _, name := range c.Names() {
			if d := suggest.Distance(typed, name); d < bestDist && d <= len(name)/2 {
				best, bestDist = c.Name, d
			}
		}
	}
	return best
}
