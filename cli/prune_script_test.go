package cli

import (
	"bytes"
	"os"
	"strconv"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// The prune scripts make files a txtar cannot hold: "nul-byte FILE"
// appends a NUL byte, "grow FILE BYTES" pads a file with comment lines
// to at least BYTES, "sparse FILE BYTES" makes a file of BYTES that
// holds no data (a huge file that costs nothing), and "backdate FILE"
// sets its times two hours back.
func init() {
	scriptCmds["nul-byte"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: nul-byte FILE")
		}
		f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_APPEND|os.O_WRONLY, 0)
		ts.Check(err)
		_, err = f.Write([]byte{0})
		ts.Check(err)
		ts.Check(f.Close())
	}
	scriptCmds["sparse"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: sparse FILE BYTES")
		}
		n, err := strconv.ParseInt(args[1], 10, 64)
		ts.Check(err)
		f, err := os.Create(ts.MkAbs(args[0]))
		ts.Check(err)
		ts.Check(f.Truncate(n))
		ts.Check(f.Close())
	}
	scriptCmds["backdate"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: backdate FILE")
		}
		old := time.Now().Add(-2 * time.Hour)
		ts.Check(os.Chtimes(ts.MkAbs(args[0]), old, old))
	}
	scriptCmds["grow"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: grow FILE BYTES")
		}
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		line := []byte("# padding padding padding padding padding padding padding padding\n")
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), append([]byte(ts.ReadFile(args[0])), bytes.Repeat(line, n/len(line)+1)...), 0o644))
	}
}
