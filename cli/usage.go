package cli

import (
	"github.com/ncpimage/ncpimage/suggest"
	"strings"

	"github.com/urfave/cli/v2"
)

// usageHint is the hint of a command's usage error: the nearest flag to
// an unknown one ("--sandx" -> "did you mean --sandbox?"), and where the
// flags are listed.
func usageHint(cmd *cli.Command, err error) string {
	hint := strings.Replace("see: ncpimage "+cmd.Name+" --help", "  ", " ", 1) // no name: the program's help
	typed, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
	if !ok {
		return hint
	}
	if near := closestFlag(cmd.Flags, strings.TrimLeft(typed, "-")); near != "" {
		return "did you mean " + near + "? " + hint
	}
	return hint
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
// ("-ojson", as kubectl takes it) into the flag and its value, for the
// flags that take one.
func shortValues(flags []cli.Flag, args []string) []string {
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' && !strings.Contains(a, "=") {
			if f := lookupFlag(flags, a[:2]); f != nil && takesValue(flags, a[:2]) && lookupFlag(flags, a) == nil {
				out = append(out, a[:2], a[2:])
				continue
			}
		}
		out = append(out, a)
	}
	return out
}
