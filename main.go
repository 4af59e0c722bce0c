// Command ncpimage keeps Naver Cloud Platform "My server images" in line
// with YAML catalogs committed to git: validate, plan, apply. Everything
// but this entry point lives in the packages; the CLI is package cli.
package main

import (
	_ "embed"
	"os"

	"github.com/ncpimage/ncpimage/cli"
)

// sandboxAccount is the emulated account --sandbox starts from, embedded
// so the binary works from any directory.
//
//go:embed examples/sandbox-account.yaml
var sandboxAccount []byte

// version may be set with -ldflags "-X main.version=..."; empty means the
// module version from the build info.
var version string

func main() {
	p := cli.Program{Version: version, SandboxSeed: sandboxAccount}
	os.Exit(p.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
