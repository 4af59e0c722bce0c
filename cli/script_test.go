package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected outputs inside testdata/script/*.txtar")

// scriptSetups and scriptCmds let each area of the CLI add what its
// scripts need (the emulator, seeding, call counters) from a file of its
// own, without editing this one.
var (
	scriptSetups []func(*testscript.Env) error
	scriptCmds   = map[string]func(ts *testscript.TestScript, neg bool, args []string){}
)

// sandboxSeed is the example account main embeds; the tests read it
// from the repository. The test binary also runs as the ncpimage of the
// scripts, in another directory: seedEnv tells it where the file is.
var sandboxSeed = func() []byte {
	path := os.Getenv(seedEnv)
	if path == "" {
		abs, err := filepath.Abs("../examples/sandbox-account.yaml")
		if err != nil {
			panic(err)
		}
		path = abs
		os.Setenv(seedEnv, abs)
	}
	seed, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return seed
}()

const seedEnv = "NCPIMAGE_TEST_SANDBOX_SEED"

// run is the program as the tests run it (version "dev").
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return Program{Version: "dev", SandboxSeed: sandboxSeed}.Run(args, stdin, stdout, stderr)
}

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"ncpimage": func() {
			os.Exit(Program{Version: "dev", SandboxSeed: sandboxSeed, GitHubSleep: scriptGitHubSleep()}.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			env.Setenv(seedEnv, os.Getenv(seedEnv))
			env.Setenv("HOME", env.WorkDir+"/home")
			for _, s := range scriptSetups {
				if err := s(env); err != nil {
					return err
				}
			}
			return nil
		},
		Cmds: scriptCmds,
		// [root]: running as root, when file permissions do not stop reads
		Condition: func(cond string) (bool, error) {
			if cond == "root" {
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}
