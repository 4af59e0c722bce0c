package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
)

// interspersed rewrites the arguments the way users of terraform and
// kubectl write them, into the order urfave/cli v2 parses: global flags
// written before the command ("ncpimage --debug plan x", "ncpimage -o
// json plan x") move behind it, and a command's flags move ahead of its
// positional arguments ("ncpimage plan examples/ --out plan.json");
// urfave/cli stops parsing flags at the first positional argument.
// Everything after "--" stays as is.
func interspersed(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	args = append(args[:1:1], shortValues(globalFlags(), args[1:])...)
	leading, i := leadingFlags(args)
	if i >= len(args) {
		return args
	}
	cmd := findCommand(app.Commands, args[i])
	if cmd == nil {
		return args
	}
	out := []string{args[0], args[i]}
	i++
	// Walk down nested subcommands ("sandbox reset", "github comment").
	for i < len(args) && len(cmd.Subcommands) > 0 {
		sub := findCommand(cmd.Subcommands, args[i])
		if sub == nil {
			break
		}
		cmd = sub
		out = append(out, args[i])
		i++
	}
	flags, positional := splitFlags(cmd, shortValues(cmd.Flags, args[i:]))
	for _, f := range leading {
		if !hasFlag(cmd, f[0]) { // an app flag (--help, --version) stays in front
			out = append(out[:1], append(f, out[1:]...)...)
			continue
		}
		flags = append(f, flags...)
	}
	out = append(out, flags...)
	return append(out, positional...)
}

// leadingFlags returns the flags written before the command, each with
// its value when it takes one, and the index of the command.
func leadingFlags(args []string) ([][]string, int) {
	var out [][]string
	i := 1
	for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "-" && args[i] != "--" {
		f := []string{args[i]}
		if !strings.Contains(args[i], "=") && globalTakesValue(args[i]) && i+1 < len(args) {
			f = append(f, args[i+1])
			i++
		}
		out = append(out, f)
		i++
	}
	return out, i
}

// splitFlags separates a command's flags (with their values) from its
// positional arguments.
func splitFlags(cmd *cli.Command, args []string) (flags, positional []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return flags, append(positional, args[i:]...)
		case strings.HasPrefix(a, "-") && a != "-":
			needsValue := !strings.Contains(a, "=") && takesValue(cmd.Flags, a) && i+1 < len(args)
			flags = append(flags, a)
			if needsValue {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			positional = append(positional, a)
		}
	}
	return flags, positional
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

// globalTakesValue reports whether a global flag written before the
// command expects a value in the next argument.
func globalTakesValue(a string) bool { return takesValue(globalFlags(), a) }

// takesValue reports whether flag a (as written, "-o" or "--output") of
// flags expects a value in the next argument.
func takesValue(flags []cli.Flag, a string) bool {
	f := lookupFlag(flags, a)
	if f == nil {
		return false
	}
	_, isBool := f.(*cli.BoolFlag)
	return !isBool
}

func hasFlag(cmd *cli.Command, a string) bool { return lookupFlag(cmd.Flags, a) != nil }

func lookupFlag(flags []cli.Flag, a string) cli.Flag {
	name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

// chdir runs "-C DIR" (or --chdir DIR, as git and make do) written before
// the command: the command then runs in DIR, paths relative to it. The
// flag is removed from the arguments.
func chdir(args []string) ([]string, error) {
	for i := 1; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
			break
		}
		dir, ok := "", false
		switch {
		case a == "-C" || a == "--chdir":
			if i+1 < len(args) {
				dir, ok = args[i+1], true
				args = append(args[:i:i], args[i+2:]...)
			}
		case strings.HasPrefix(a, "-C="), strings.HasPrefix(a, "--chdir="):
			_, dir, _ = strings.Cut(a, "=")
			ok = true
			args = append(args[:i:i], args[i+1:]...)
		case globalTakesValue(a) && !strings.Contains(a, "="):
			i++ // skip the value
			continue
		default:
			continue
		}
		if !ok {
			return args, hintError{err: fmt.Errorf("-C: want a directory"), hint: "ncpimage -C catalogs/ plan ."}
		}
		if err := os.Chdir(dir); err != nil {
			return args, hintError{err: fmt.Errorf("-C %s: %w", dir, err), hint: "give an existing directory"}
		}
		i--
	}
	return args, nil
}

// danglingFlag refuses a command's flag that wants a value written last
// with none ("plan x -o"): moved ahead of the paths, it would take one
// of them for its value.
func danglingFlag(app *cli.App, args []string) error {
	_, i := leadingFlags(args)
	if i >= len(args) || len(args) < 2 {
		return nil
	}
	cmd := findCommand(app.Commands, args[i])
	last := args[len(args)-1]
	if cmd == nil || len(args)-1 == i || !strings.HasPrefix(last, "-") || strings.Contains(last, "=") || !takesValue(cmd.Flags, last) {
		return nil
	}
	for _, a := range args[i+1 : len(args)-1] {
		if a == "--" {
			return nil
		}
	}
	return hintError{err: fmt.Errorf("%s: flag needs an argument: %s", cmd.Name, last), hint: "see: ncpimage " + cmd.Name + " --help"}
}
