package cli

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// interspersed moves a subcommand's flags ahead of its positional
// arguments, so that "ncpimage plan examples/ --out plan.json" works as
// users of terraform and kubectl expect (urfave/cli v2 stops parsing flags
// at the first positional argument). Everything after "--" stays as is.
func interspersed(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	out := []string{args[0]}
	i := 1
	for i < len(args) && strings.HasPrefix(args[i], "-") { // global flags
		out = append(out, args[i])
		i++
	}
	if i >= len(args) {
		return out
	}
	cmd := findCommand(app.Commands, args[i])
	if cmd == nil {
		return args
	}
	out = append(out, args[i])
	i++
	// Walk down nested subcommands ("sandbox reset").
	for i < len(args) && len(cmd.Subcommands) > 0 {
		sub := findCommand(cmd.Subcommands, args[i])
		if sub == nil {
			break
		}
		cmd = sub
		out = append(out, args[i])
		i++
	}
	var flags, positional []string
	for ; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			positional = append(positional, args[i:]...)
			i = len(args)
		case strings.HasPrefix(a, "-") && a != "-":
			flags = append(flags, a)
			if !strings.Contains(a, "=") && takesValue(cmd, a) && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			positional = append(positional, a)
		}
	}
	out = append(out, flags...)
	return append(out, positional...)
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

// takesValue reports whether flag a (as written, "-o" or "--output") of
// cmd expects a value in the next argument.
func takesValue(cmd *cli.Command, a string) bool {
	name := strings.TrimLeft(a, "-")
	for _, f := range cmd.Flags {
		for _, n := range f.Names() {
			if n != name {
				continue
			}
			switch f.(type) {
			case *cli.BoolFlag:
				return false
			default:
				return true
			}
		}
	}
	return false
}
