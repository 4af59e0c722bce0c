package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// TestApplyConfirmOnTerminal answers the question as a user at a terminal
// would (the terminal check is replaced: a test has none).
func TestApplyConfirmOnTerminal(t *testing.T) {
	tests := []struct {
		name        string
		answer      string
		wantCode    int
		wantCreates int
		wantOut     string
		wantErr     string
	}{
		{name: "yes applies", answer: "yes\n", wantCode: 0, wantCreates: 2,
			wantOut: "Apply complete: 2 created, 0 updated, 0 replaced, 0 deleted, 0 waited, 0 unchanged, 0 failed."},
		{name: "anything else cancels", answer: "y\n", wantCode: 1,
			wantErr: "ncpimage: error: apply: cancelled: the answer was not \"yes\""},
		{name: "end of input cancels", answer: "", wantCode: 1,
			wantErr: "ncpimage: error: apply: cancelled"},
	}
	old := stdinIsTerminal
	stdinIsTerminal = func(io.Reader) bool { return true }
	t.Cleanup(func() { stdinIsTerminal = old })
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			emu, env := applyEmu(t, emulator.Options{CreateDelay: 10 * time.Millisecond})
			setEnv(t, env)
			path := writeCatalog(t, t.TempDir(), 2)
			var out, errb bytes.Buffer
			code := run([]string{"ncpimage", "apply", path, "--poll-interval", "20ms"}, strings.NewReader(tc.answer), &out, &errb)
			if code != tc.wantCode || emu.Calls()["createServerImage"] != tc.wantCreates {
				t.Fatalf("exit %d with %d creates; want %d with %d\nstdout:\n%s\nstderr:\n%s",
					code, emu.Calls()["createServerImage"], tc.wantCode, tc.wantCreates, out.String(), errb.String())
			}
			question := "Do you want to apply this plan? Only 'yes' will be accepted: "
			if !strings.Contains(errb.String(), question) || strings.Contains(out.String(), question) {
				t.Errorf("the question must be asked on stderr only:\nstdout:\n%s\nstderr:\n%s", out.String(), errb.String())
			}
			if strings.Contains(errb.String(), "--auto-approve") {
				t.Errorf("a refusal at the prompt must not suggest --auto-approve:\n%s", errb.String())
			}
			if !strings.Contains(out.String(), tc.wantOut) || !strings.Contains(errb.String(), tc.wantErr) {
				t.Errorf("stdout:\n%s\nstderr:\n%s\nwant %q in stdout and %q in stderr", out.String(), errb.String(), tc.wantOut, tc.wantErr)
			}
		})
	}
}

// TestApplyStdinDevNullRefuses runs apply with stdin on /dev/null, as a CI
// job or a cron entry does: a character device, but no terminal. Apply
// must refuse without asking a question nobody can answer.
func TestApplyStdinDevNullRefuses(t *testing.T) {
	emu, env := applyEmu(t, emulator.Options{CreateDelay: 10 * time.Millisecond})
	setEnv(t, env)
	path := writeCatalog(t, t.TempDir(), 1)
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	var out, errb bytes.Buffer
	code := run([]string{"ncpimage", "apply", path}, devNull, &out, &errb)
	if code != 1 || emu.Calls()["createServerImage"] != 0 {
		t.Fatalf("exit %d with %d creates, want 1 with none", code, emu.Calls()["createServerImage"])
	}
	if strings.Contains(out.String(), "Do you want") {
		t.Errorf("asked a question on /dev/null:\n%s", out.String())
	}
	if want := "stdin is not a terminal and --auto-approve is not given"; !strings.Contains(errb.String(), want) {
		t.Errorf("stderr:\n%s\nwant %q", errb.String(), want)
	}
}

// TestApplySecretNeverPrinted runs apply through its paths, failures and
// --debug included, and checks that no output and no file written shows
// the secret key.
func TestApplySecretNeverPrinted(t *testing.T) {
	emu, env := applyEmu(t, emulator.Options{CreateDelay: 10 * time.Millisecond})
	setEnv(t, env)
	dir := t.TempDir()
	path := writeCatalog(t, dir, 3)
	planFile := filepath.Join(dir, "plan.json")
	runs := [][]string{
		{"plan", path, "--out", planFile, "--debug"},
		{"apply", planFile, "--debug", "--poll-interval", "20ms", "-o", "json"},
		{"apply", path, "--debug", "--prune", "--max-deletes", "0"},
		{"apply", planFile, "--debug"}, // stale now
		{"apply", path, "--debug", "--replace", bulkName(0), "--auto-approve", "--poll-interval", "20ms", "-o", "github"},
		{"apply", path, "--only", bulkName(1), "-o", "markdown"},
		{"apply", path, "--debug", "--auto-approve"}, // wrong access key: 401
	}
	emu.SetFaults(emulator.Faults{Create504Rate: 0.5})
	var all bytes.Buffer
	for i, args := range runs {
		if i == len(runs)-1 {
			t.Setenv("NCLOUD_ACCESS_KEY", "not-the-key")
		}
		var out, errb bytes.Buffer
		code := run(append([]string{"ncpimage"}, args...), strings.NewReader(""), &out, &errb)
		t.Logf("ncpimage %s: exit %d", strings.Join(args, " "), code)
		all.Write(out.Bytes())
		all.Write(errb.Bytes())
	}
	data, err := os.ReadFile(planFile)
	if err != nil {
		t.Fatal(err)
	}
	all.Write(data)
	if !strings.Contains(all.String(), "createServerImage") {
		t.Fatalf("the debug log shows no request: the check below would prove nothing\n%s", all.String())
	}
	if strings.Contains(all.String(), scriptSecretKey) {
		t.Errorf("the secret key appears in the outputs:\n%s", all.String())
	}
}
