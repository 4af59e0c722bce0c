package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/suggest"
)

// usageHint is the hint of a command's usage error: the nearest flag to
// an unknown one ("--sandx" -> "did you mean --sandbox?"), and where the
// flags are listed. urfave/cli's own suggestion always names a flag,
// however far from what was typed; this one stays quiet then.
func usageHint(c *cli.Command, err error) string {
	hint := "see: " + strings.TrimSpace("ncpimage "+commandPath(c)) + " --help"
	typed, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
	if !ok {
		return hint
	}
	if near := closestFlag(flagsOf(c), strings.TrimLeft(typed, "-")); near != "" {
		return "did you mean " + near + "? " + hint
	}
	return hint
}

// flagsOf is every flag a command takes: its own and its ancestors'
// persistent ones.
func flagsOf(c *cli.Command) []cli.Flag {
	var out []cli.Flag
	for i, a := range c.Lineage() {
		for _, f := range a.Flags {
			if lf, ok := f.(cli.LocalFlag); i > 0 && ok && lf.IsLocal() {
				continue
			}
			out = append(out, f)
		}
	}
	return out
}

// closestFlag is the flag nearest to a mistyped name, written as it is
// used ("--sandbox", "-o"), or "" when none is close.
func closestFlag(flags []cli.Flag, typed string) string {
	best, bestDist := "", 3
	for _, f := range flags {
		for _, name := range f.Names() {
			if d := suggest.Distance(typed, name); d < bestDist && d <= len(name)/2 {
				best, bestDist = dashes(f.Names()[0]), d
			}
		}
	}
	return best
}

func dashes(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// shortValues splits a one-letter flag written with its value attached
// ("-ojson", as kubectl takes it) into the flag and its value; urfave/cli
// reads "-ojson" as the letters o, j, s, o, n.
func shortValues(root *cli.Command, args []string) []string {
	short := shortValueFlags(root)
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if i > 0 && len(a) > 2 && a[0] == '-' && a[1] != '-' && !strings.Contains(a, "=") && slices.Contains(short, a[1:2]) {
			out = append(out, a[:2], a[2:])
			continue
		}
		out = append(out, a)
	}
	return out
}

// shortValueFlags are the one-letter names of the flags that take a
// value, anywhere in the command tree.
func shortValueFlags(c *cli.Command) []string {
	var out []string
	for _, f := range c.Flags {
		if _, isBool := f.(*cli.BoolFlag); isBool {
			continue
		}
		for _, n := range f.Names() {
			if len(n) == 1 {
				out = append(out, n)
			}
		}
	}
	for _, sub := range c.Commands {
		out = append(out, shortValueFlags(sub)...)
	}
	return out
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

// globalTakesValue reports whether a global flag written before the
// command expects a value in the next argument.
func globalTakesValue(a string) bool {
	name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
	for _, f := range globalFlags() {
		if _, isBool := f.(*cli.BoolFlag); !isBool && slices.Contains(f.Names(), name) {
			return true
		}
	}
	return false
}

// completeValues completes the value of a flag that takes one of a fixed
// set (-o text|json|...), else what urfave/cli completes: commands and
// flags.
func completeValues(ctx context.Context, c *cli.Command) {
	args := c.Args().Slice()
	if n := len(args); n > 0 {
		switch args[n-1] {
		case "-o", "--output":
			for _, v := range []string{"text", "json", "markdown", "github"} {
				fmt.Fprintln(c.Root().Writer, v)
			}
			return
		}
	}
	cli.DefaultCompleteWithFlags(ctx, c)
}

// configureCompletion shows the completion command (urfave/cli hides it)
// with our help.
func configureCompletion(c *cli.Command) {
	c.Hidden = false
	c.Usage = "print a shell completion script (bash, zsh, fish or pwsh)"
	c.Description = `Prints a script that completes ncpimage's commands, their flags and the
values of -o; the script asks this binary, so it is always current. The
bash script needs the bash-completion package (installed with bash on most
Linux distributions; on macOS: brew install bash-completion@2).

Examples:
   source <(ncpimage completion bash)                 # this bash session; add it to ~/.bashrc
   ncpimage completion zsh > "${fpath[1]}/_ncpimage"  # zsh (or: source <(ncpimage completion zsh))
   ncpimage completion fish > ~/.config/fish/completions/ncpimage.fish`
	c.Action = noShell
	setUsageErrors(c)
}

// noShell is the completion command run without a known shell.
func noShell(_ context.Context, c *cli.Command) error {
	hint := "ncpimage completion bash   (or zsh, fish, pwsh)"
	switch c.Args().Len() {
	case 0:
		return hintError{err: errors.New("completion: no shell given: want bash, zsh, fish or pwsh"), hint: hint}
	case 1:
		return hintError{err: fmt.Errorf("completion: unknown shell %q: want bash, zsh, fish or pwsh", c.Args().First()), hint: hint}
	}
	return hintError{err: fmt.Errorf("completion: want one shell, got %d arguments", c.Args().Len()), hint: hint}
}
