package cli

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/urfave/cli/v2"
)

// shells are the shells completion writes a script for, each a function
// of the command tree.
var shells = map[string]func(*strings.Builder, []compCommand){
	"bash": bashCompletion,
	"zsh":  zshCompletion,
	"fish": fishCompletion,
}

func (e *env) completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script (bash, zsh or fish)",
		ArgsUsage: "bash|zsh|fish",
		Description: `Prints a script that completes ncpimage's commands, their flags, and file
paths for their arguments. It is made from the commands of this binary,
so it is always current.

Examples:
   source <(ncpimage completion bash)                 # this bash session; add it to ~/.bashrc
   ncpimage completion zsh > "${fpath[1]}/_ncpimage"  # zsh (or: source <(ncpimage completion zsh))
   ncpimage completion fish > ~/.config/fish/completions/ncpimage.fish`,
		Action: func(c *cli.Context) error {
			return e.completion(c.App, c.Args().Slice())
		},
	}
}

func (e *env) completion(app *cli.App, args []string) error {
	hint := "ncpimage completion bash   (or zsh, fish)"
	if len(args) != 1 {
		if len(args) == 0 {
			return hintError{err: errors.New("completion: no shell given: want bash, zsh or fish"), hint: hint}
		}
		return hintError{err: fmt.Errorf("completion: want one shell, got %d arguments", len(args)), hint: hint}
	}
	write, ok := shells[args[0]]
	if !ok {
		return hintError{err: fmt.Errorf("completion: unknown shell %q: want bash, zsh or fish", args[0]), hint: hint}
	}
	var b strings.Builder
	write(&b, completionTree(app))
	if _, err := fmt.Fprint(e.stdout, b.String()); err != nil {
		return fmt.Errorf("completion: write: %w", err)
	}
	return nil
}

// compCommand is one node of the command tree as completion sees it.
type compCommand struct {
	path  []string // nil for ncpimage itself, {"sandbox", "reset"} for a subcommand
	usage string
	flags []compFlag
	subs  []*compCommand
}

type compFlag struct {
	long, short []string // without dashes
	usage       string
	value       bool // takes a value
}

// safeName is what a command or flag name must look like to be written
// into a shell script unquoted.
var safeName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9-]*$`)

// completionTree flattens the visible commands of app, root first, each
// parent before its subcommands.
func completionTree(app *cli.App) []compCommand {
	root := &compCommand{usage: app.Usage, flags: compFlags(app.Flags)}
	var all []compCommand
	var walk func(c *compCommand, cmds []*cli.Command)
	walk = func(c *compCommand, cmds []*cli.Command) {
		for _, sc := range cmds {
			if !completes(c, sc) {
				continue
			}
			sub := &compCommand{path: append(append([]string(nil), c.path...), sc.Name), usage: sc.Usage, flags: compFlags(sc.Flags)}
			c.subs = append(c.subs, sub)
		}
		all = append(all, *c)
		i := 0
		for _, sc := range cmds {
			if !completes(c, sc) {
				continue
			}
			walk(c.subs[i], sc.Subcommands)
			i++
		}
	}
	walk(root, app.Commands)
	return all
}

// completes reports whether sc, a subcommand of c, is offered: not
// hidden, and not the "help" urfave/cli adds below a command it runs.
func completes(c *compCommand, sc *cli.Command) bool {
	return !sc.Hidden && safeName.MatchString(sc.Name) && (len(c.path) == 0 || sc.Name != "help")
}

func compFlags(flags []cli.Flag) []compFlag {
	out := []compFlag{}
	help := false
	for _, f := range flags {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		var cf compFlag
		for _, n := range f.Names() {
			switch {
			case !safeName.MatchString(n):
			case len(n) == 1:
				cf.short = append(cf.short, n)
			default:
				cf.long = append(cf.long, n)
			}
			help = help || n == "help"
		}
		if d, ok := f.(cli.DocGenerationFlag); ok {
			cf.usage, cf.value = d.GetUsage(), d.TakesValue()
		}
		if len(cf.long)+len(cf.short) > 0 {
			out = append(out, cf)
		}
	}
	if !help {
		out = append(out, compFlag{long: []string{"help"}, short: []string{"h"}, usage: "show help"})
	}
	return out
}

// key names a command in the scripts: "" for ncpimage, "/sandbox/reset".
func (c compCommand) key() string {
	if len(c.path) == 0 {
		return ""
	}
	return "/" + strings.Join(c.path, "/")
}

// words lists the flags as typed: --long and -s.
func (f compFlag) words() []string {
	var w []string
	for _, n := range f.long {
		w = append(w, "--"+n)
	}
	for _, n := range f.short {
		w = append(w, "-"+n)
	}
	return w
}

// flagWords returns every flag word of c, and those that take a value.
func (c compCommand) flagWords() (all, value []string) {
	for _, f := range c.flags {
		all = append(all, f.words()...)
		if f.value {
			value = append(value, f.words()...)
		}
	}
	return all, value
}

func (c compCommand) subNames() []string {
	var n []string
	for _, s := range c.subs {
		n = append(n, s.path[len(s.path)-1])
	}
	return n
}

// oneLine makes a usage text fit one line of a completion menu.
// (The backquotes urfave/cli reads as a value placeholder go.)
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "`", "")), " ")
}

// singleQuoted quotes s for sh, bash, zsh: 'it'\”s'.
func singleQuoted(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
