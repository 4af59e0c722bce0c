package cli

import (
	"os"
	"regexp"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() {
	scriptSetups = append(scriptSetups, setupPlanEnv)
	scriptCmds["plan-normalize"] = cmdPlanNormalize
	scriptCmds["plan-digest"] = cmdPlanDigest
}

// setupPlanEnv sets EMU_HOST to the emulator's host:port (what a
// non-sandbox plan header names), for cmpenv. It runs after the
// emulator's setup, which sets NCLOUD_API_GW.
func setupPlanEnv(env *testscript.Env) error {
	gw := env.Getenv("NCLOUD_API_GW")
	env.Setenv("EMU_HOST", strings.TrimPrefix(strings.TrimPrefix(gw, "http://"), "https://"))
	return nil
}

// timestampLine matches the one field of a JSON plan that changes from
// run to run (it is not part of the plan digest).
var timestampLine = regexp.MustCompile(`"timestamp": "[^"]*"`)

// plan-normalize FILE: replace the timestamp of a JSON plan file with
// TIMESTAMP, so golden comparisons are stable.
func cmdPlanNormalize(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: plan-normalize FILE")
	}
	path := ts.MkAbs(args[0])
	data, err := os.ReadFile(path)
	ts.Check(err)
	out := timestampLine.ReplaceAll(data, []byte(`"timestamp": "TIMESTAMP"`))
	ts.Check(os.WriteFile(path, out, 0o644))
}

var digestField = regexp.MustCompile(`"plan_digest": "(sha256:[0-9a-f]{64})"`)

// plan-digest FILE VAR: set VAR to the plan_digest of the JSON plan FILE.
func cmdPlanDigest(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: plan-digest FILE VAR")
	}
	m := digestField.FindSubmatch([]byte(ts.ReadFile(args[0])))
	if m == nil {
		ts.Fatalf("plan-digest: no plan_digest in %s", args[0])
	}
	ts.Setenv(args[1], string(m[1]))
}
