package main

import (
	"flag"
	"os"
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

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"ncpimage": func() { os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr)) },
	})
}

func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			env.Setenv("HOME", env.WorkDir+"/home")
			for _, s := range scriptSetups {
				if err := s(env); err != nil {
					return err
				}
			}
			return nil
		},
		Cmds: scriptCmds,
	})
}
