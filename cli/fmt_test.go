package cli

import (
	"os"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
)

// The fmt scripts check that a rewritten file keeps its mode:
// "mode FILE 0600".
func init() {
	scriptCmds["mode"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: mode FILE OCTAL")
		}
		want, err := strconv.ParseUint(args[1], 8, 32)
		ts.Check(err)
		info, err := os.Stat(ts.MkAbs(args[0]))
		ts.Check(err)
		if got := info.Mode().Perm(); (got == os.FileMode(want)) == neg {
			ts.Fatalf("%s: mode %#o, want %#o", args[0], got, want)
		}
	}
}
