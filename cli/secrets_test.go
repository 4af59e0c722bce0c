package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

func init() {
	scriptSetups = append(scriptSetups, setupSecretScan)
	scriptCmds["replace-once"] = cmdReplaceOnce
}

// setupSecretScan makes every script prove, once it has run, that no
// file under $WORK (plans, state files, outputs it saved, $HOME) holds
// the secret key the script ran with.
func setupSecretScan(env *testscript.Env) error {
	env.Defer(func() {
		if hits := filesWith(env.WorkDir, scriptSecretKey); len(hits) > 0 {
			env.T().Fatal(fmt.Sprintf("the secret key is in files the script left: %s", strings.Join(hits, ", ")))
		}
	})
	return nil
}

// filesWith returns the regular files under dir whose bytes contain s.
func filesWith(dir, s string) []string {
	var hits []string
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if data, err := os.ReadFile(path); err == nil && bytes.Contains(data, []byte(s)) {
			hits = append(hits, path)
		}
		return nil
	})
	return hits
}

// replace-once FILE OLD NEW: replace the first OLD in FILE by NEW (for
// editing a saved plan by hand); fails when FILE has no OLD.
func cmdReplaceOnce(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace-once FILE OLD NEW")
	}
	data := ts.ReadFile(args[0])
	if !strings.Contains(data, args[1]) {
		ts.Fatalf("replace-once: %s has no %q", args[0], args[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Replace(data, args[1], args[2], 1)), 0o644))
}

// secretRun is one command of TestSecretNeverWritten; env changes the
// environment for it alone (KEY=VALUE).
type secretRun struct {
	args []string
	env  []string
}

// TestSecretNeverWritten runs a representative set of commands — plan,
// apply and show in every output format, --debug, failing
// authentication, a stale plan, a saved and an edited plan file,
// validation errors, transient faults — against an emulator and scans
// every byte of their stdout and stderr and of every file written under
// the work directory and $HOME for the secret keys used.
func TestSecretNeverWritten(t *testing.T) {
	emu, env := applyEmu(t, emulator.Options{CreateDelay: 20 * time.Millisecond, RandSeed: 3})
	setEnv(t, env)
	home := os.Getenv("HOME")
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	writeCatalog(t, dir, 3)
	writeFile(t, at("other/other.yaml"), "apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: other\n"+
		"images:\n  - {name: other-one, region: KR, source: {serverName: web-01}}\n")
	writeFile(t, at("bad/bad.yaml"), "apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: Bad_Name\n"+
		"images:\n  - {name: x, source: {serverName: web-01, serverInstanceNo: \"1\"}, colour: red}\n")
	const wrongSecret = "wrong-secret-abcdefghijklmnop"
	bulk, other := at("bulk.yaml"), at("other")
	runs := []secretRun{
		{args: []string{"validate", at("bad")}},
		{args: []string{"validate", at("bad"), "-o", "json"}},
		{args: []string{"validate", at("bad"), "-o", "github"}},
		{args: []string{"plan", at("bad"), "--debug"}},
		{args: []string{"plan", bulk, "--debug", "--out", at("plan.json")}},
		{args: []string{"plan", other, "--out", at("stale.json")}},
	}
	for _, o := range outputs {
		runs = append(runs,
			secretRun{args: []string{"plan", bulk, "--debug", "-o", o, "--detailed-exitcode"}},
			secretRun{args: []string{"show", at("plan.json"), "-o", o}})
	}
	runs = append(runs,
		secretRun{args: []string{"apply", bulk, "--debug"}}, // no terminal, no --auto-approve: refused
		secretRun{args: []string{"apply", at("plan.json"), "--debug", "-o", "json", "--poll-interval", "10ms"}},
		secretRun{args: []string{"apply", other, "--auto-approve", "--poll-interval", "10ms"}},
		secretRun{args: []string{"apply", at("stale.json"), "--debug"}}, // stale: other-one exists now
		secretRun{args: []string{"apply", at("edited.json"), "--debug"}},
		secretRun{args: []string{"plan", bulk, "--debug", "-o", "json"}, env: []string{"NCLOUD_ACCESS_KEY=not-the-key"}},
		secretRun{args: []string{"apply", bulk, "--debug", "--auto-approve", "-o", "github"}, env: []string{"NCLOUD_SECRET_KEY=" + wrongSecret}},
		secretRun{args: []string{"plan", bulk, "--debug", "--endpoint", "http://203.0.113.7:8080"}},
	)
	for _, o := range outputs {
		runs = append(runs, secretRun{args: []string{"apply", bulk, "--debug", "--auto-approve", "-o", o,
			"--replace", bulkName(0), "--poll-interval", "10ms"}})
	}
	var all bytes.Buffer
	for i, r := range runs {
		if r.args[1] == at("edited.json") {
			editPlan(t, at("plan.json"), at("edited.json"))
		}
		if i == len(runs)-len(outputs) {
			emu.SetFaults(emulator.Faults{Create504Rate: 0.5, ErrorRate: 0.05})
		}
		all.Write(runSecret(t, r))
	}
	for _, s := range []string{"createServerImage", "plan_digest does not match", "stale", "401", "--auto-approve"} {
		if !strings.Contains(all.String(), s) {
			t.Fatalf("the outputs never mention %q: the runs did not reach what they should, so the scan proves less", s)
		}
	}
	for _, secret := range []string{scriptSecretKey, wrongSecret} {
		if bytes.Contains(all.Bytes(), []byte(secret)) {
			t.Errorf("the secret key %q appears in stdout or stderr", secret)
		}
		for _, d := range []string{dir, home} {
			if hits := filesWith(d, secret); len(hits) > 0 {
				t.Errorf("the secret key %q is in %s", secret, strings.Join(hits, ", "))
			}
		}
	}
}

var outputs = []string{"text", "json", "markdown", "github"}

// runSecret runs one command and returns its stdout and stderr.
func runSecret(t *testing.T, r secretRun) []byte {
	t.Helper()
	for _, kv := range r.env {
		k, v, _ := strings.Cut(kv, "=")
		old := os.Getenv(k)
		t.Setenv(k, v)
		defer os.Setenv(k, old)
	}
	args := r.args
	if args[0] == "plan" || args[0] == "apply" {
		args = append(args, "--max-rps", "500") // the test is about outputs, not pacing
	}
	var out, errb bytes.Buffer
	start := time.Now()
	code := run(append([]string{"ncpimage"}, args...), strings.NewReader(""), &out, &errb)
	t.Logf("ncpimage %s: exit %d (%s)", strings.Join(r.args, " "), code, time.Since(start).Round(time.Millisecond))
	return append(out.Bytes(), errb.Bytes()...)
}

// editPlan writes to edited a copy of the saved plan with one byte of
// its content changed.
func editPlan(t *testing.T, p, edited string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte("bulk image"))
	if i < 0 {
		t.Fatalf("%s has no description to edit", p)
	}
	data[i] = 'B'
	writeFile(t, edited, string(data))
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPlainHTTPRefused: the CLI sends nothing over plain http to a host
// that is not loopback, however the endpoint is given and whatever the
// host looks like; loopback is allowed (the emulator).
func TestPlainHTTPRefused(t *testing.T) {
	_, env := applyEmu(t, emulator.Options{})
	setEnv(t, env)
	dir := t.TempDir()
	writeCatalog(t, dir, 1)
	for _, endpoint := range []string{
		"http://ncloud.apigw.ntruss.com", "http://10.0.0.1:8080", "http://203.0.113.7",
		"http://localhost.example.com:8080", "http://127.0.0.1.nip.io", "http://2130706433", "http://0x7f000001",
		"http://[fe80::1]:8080",
	} {
		for _, how := range []string{"flag", "env"} {
			t.Run(how+" "+endpoint, func(t *testing.T) {
				args := []string{"ncpimage", "plan", filepath.Join(dir, "bulk.yaml")}
				if how == "flag" {
					args = append(args, "--endpoint", endpoint)
				} else {
					t.Setenv("NCLOUD_API_GW", endpoint)
				}
				var out, errb bytes.Buffer
				code := run(args, strings.NewReader(""), &out, &errb)
				if code != 1 || !strings.Contains(errb.String(), "plain http is only allowed to a loopback address") {
					t.Errorf("exit %d, stderr:\n%s", code, errb.String())
				}
			})
		}
	}
}
