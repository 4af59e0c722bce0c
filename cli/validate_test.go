package cli

import (
	"bytes"
	"os"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	scriptCmds["validate-gen"] = cmdValidateGen
}

// cmdValidateGen writes input files that are awkward to keep inside a
// txtar archive:
//
//	validate-gen big FILE MIB        a sparse file of MIB mebibytes
//	validate-gen binary FILE         bytes with NULs
//	validate-gen bomb FILE           a "billion laughs" alias bomb
//	validate-gen deep FILE LEVELS    a sequence nested LEVELS deep
//	validate-gen dense FILE N        a flow list of N numbers, 2 bytes each
//	validate-gen bom FILE SRC        SRC with a UTF-8 byte order mark
//	validate-gen crlf FILE SRC       SRC with CRLF line ends
//	validate-gen midbom FILE SRC     SRC with each "<BOM>" made a byte order mark
func cmdValidateGen(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: validate-gen big|binary|bomb|deep|dense|bom|crlf|midbom FILE [ARG]")
	}
	kind, file := args[0], ts.MkAbs(args[1])
	arg := func() string {
		if len(args) < 3 {
			ts.Fatalf("validate-gen %s: missing argument", kind)
		}
		return args[2]
	}
	var data []byte
	switch kind {
	case "big":
		n, err := strconv.Atoi(arg())
		ts.Check(err)
		f, err := os.Create(file)
		ts.Check(err)
		ts.Check(f.Truncate(int64(n) << 20))
		ts.Check(f.Close())
		return
	case "binary":
		data = []byte("apiVersion: \x00\x01\x02\xff\xfe")
	case "bomb":
		data = []byte(aliasBomb())
	case "deep":
		n, err := strconv.Atoi(arg())
		ts.Check(err)
		data = []byte("apiVersion: " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n")
	case "dense":
		n, err := strconv.Atoi(arg())
		ts.Check(err)
		data = []byte("images: [" + strings.Repeat("1,", n) + "]\n")
	case "bom":
		data = append([]byte("\xef\xbb\xbf"), ts.ReadFile(arg())...)
	case "crlf":
		data = bytes.ReplaceAll([]byte(ts.ReadFile(arg())), []byte("\n"), []byte("\r\n"))
	case "midbom":
		data = bytes.ReplaceAll([]byte(ts.ReadFile(arg())), []byte("<BOM>"), []byte("\xef\xbb\xbf"))
	default:
		ts.Fatalf("validate-gen: unknown kind %q", kind)
	}
	ts.Check(os.WriteFile(file, data, 0o644))
}

func aliasBomb() string {
	var b strings.Builder
	b.WriteString("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		prev := "*a" + strconv.Itoa(i-1)
		b.WriteString("a" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [" + strings.Repeat(prev+", ", 8) + prev + "]\n")
	}
	return b.String()
}
