// Package cli is the ncpimage command line: urfave/cli v3 wiring, one file
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
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/suggest"
)

// Program is ncpimage as a binary builds it: its version and the seed of
// the --sandbox account, which main embeds.
type Program struct {
	// Version is printed by --version and in the outputs; empty means
	// the module version from the build info.
	Version string
	// SandboxSeed is the seed YAML of the --sandbox account.
	SandboxSeed []byte
	// GitHubSleep, when set, replaces the backoff waits between retries
	// of GitHub calls (the tests record them instead of waiting).
	GitHubSleep func(ctx context.Context, d time.Duration) error
}

// env is what every command runs with: the program and its streams.
type env struct {
	prog    Program
	version string
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
}

// Main is the process: it runs -C DIR written before the command (the
// process's working directory becomes DIR, as with git -C), then Run.
func (p Program) Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	args, err := chdir(args)
	if err != nil {
		e := &env{prog: p, stderr: stderr}
		return e.exitStatus(err)
	}
	return p.Run(args, stdin, stdout, stderr)
}

// Run is the whole program but for -C (see [Program.Main]): it parses
// args, runs one command and decides the exit code. It never changes the
// process's directory, and commands never call os.Exit.
func (p Program) Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{prog: p, version: versionOf(p.Version), stdin: stdin, stdout: stdout, stderr: stderr}
	root := e.newRoot()
	return e.exitStatus(root.Run(context.Background(), shortValues(root, args)))
}

// newRoot is the command tree. urfave/cli v3 parses flags anywhere on
// the line (global flags are the root's, persistent for every command),
// suggests nothing we do not ask for, and writes the completion scripts.
func (e *env) newRoot() *cli.Command {
	root := &cli.Command{
		Name:    "ncpimage",
		Usage:   "keep NCP server images in line with YAML catalogs",
		Version: e.version,
		Description: `ncpimage validates catalogs of server images against their schema, plans
what the account needs to match them, and applies the plan.

  ncpimage validate images/            # check the catalogs (no account needed)
  ncpimage plan images/ --out plan.json
  ncpimage apply plan.json             # create what the plan shows`,
		Reader:                          e.stdin,
		Writer:                          e.stdout,
		ErrWriter:                       e.stderr,
		ExitErrHandler:                  func(context.Context, *cli.Command, error) {},
		Flags:                           append(globalFlags(), chdirFlag()),
		Commands:                        e.commands(),
		EnableShellCompletion:           true,
		ConfigureShellCompletionCommand: configureCompletion,
		HideHelpCommand:                 false,
		Action:                          unknownCommand,
	}
	setUsageErrors(root)
	return root
}

// commands lists every subcommand.
func (e *env) commands() []*cli.Command {
	return []*cli.Command{
		e.validateCommand(),
		e.schemaCommand(),
		e.emulatorCommand(),
		e.sandboxCommand(),
		e.planCommand(), e.showCommand(),
		e.applyCommand(),
		e.importCommand(),
		e.githubCommand(),
		e.fmtCommand(),
		versionCommand(),
	}
}

// setUsageErrors makes every usage mistake of cmd and its subcommands
// (unknown flag, missing value) one error line with a hint, not a page of
// help, and gives each command the completion of fixed flag values.
func setUsageErrors(cmd *cli.Command) {
	cmd.OnUsageError = func(_ context.Context, c *cli.Command, err error, _ bool) error {
		hint := usageHint(c, err)
		if c.Root() != c {
			err = fmt.Errorf("%s: %w", commandPath(c), err)
		}
		return hintError{err: err, hint: hint}
	}
	cmd.ShellComplete = completeValues
	for _, sub := range cmd.Commands {
		setUsageErrors(sub)
	}
}

// unknownCommand is the action of a command whose subcommands are what
// it runs (ncpimage, sandbox, github): no name shows its help; an unknown
// one is an error with the nearest name (urfave/cli would print help).
func unknownCommand(ctx context.Context, c *cli.Command) error {
	if c.Args().Len() == 0 {
		return cli.ShowSubcommandHelp(c)
	}
	typed, path := c.Args().First(), commandPath(c)
	hint := "see: " + strings.TrimSpace("ncpimage "+path) + " --help"
	if near := closestCommand(c.Commands, typed); near != "" {
		hint = "did you mean \"" + strings.TrimSpace(path+" "+near) + "\"? " + hint
	}
	return hintError{err: fmt.Errorf("unknown command %q", strings.TrimSpace(path+" "+typed)), hint: hint}
}

// commandPath is a command's name below the program: "" for ncpimage,
// "sandbox reset" for a subcommand.
func commandPath(c *cli.Command) string {
	var names []string
	for _, a := range c.Lineage() {
		if a.Root() != a {
			names = append([]string{a.Name}, names...)
		}
	}
	return strings.Join(names, " ")
}

// closestCommand is the command name nearest to a mistyped one ("plann"
// -> "plan"), or "" when none is close. urfave/cli's own suggestion
// always names a command, however far; this one stays quiet.
func closestCommand(cmds []*cli.Command, typed string) string {
	best, bestDist := "", 3
	for _, c := range cmds {
		if c.Hidden {
			continue
		}
		for _, name := range c.Names() {
			if d := suggest.Distance(typed, name); d < bestDist && d <= len(name)/2 {
				best, bestDist = c.Name, d
			}
		}
	}
	return best
}

// versionCommand prints what --version prints.
func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version",
		Action: func(_ context.Context, c *cli.Command) error {
			cli.ShowVersion(c.Root())
			return nil
		},
	}
}
