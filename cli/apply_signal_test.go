package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// applyProcess is "ncpimage apply" running as a separate process: the
// test binary itself, which testscript.Main puts in $PATH as ncpimage.
type applyProcess struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
}

func startApply(t *testing.T, dir string, env []string, args ...string) *applyProcess {
	t.Helper()
	bin, err := exec.LookPath("ncpimage")
	if err != nil {
		t.Fatalf("ncpimage not in PATH (testscript.Main puts it there): %v", err)
	}
	p := &applyProcess{cmd: exec.Command(bin, append([]string{"apply"}, args...)...)}
	p.cmd.Dir, p.cmd.Env = dir, append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.cmd.Process.Kill() })
	return p
}

// wait returns the exit code.
func (p *applyProcess) wait(t *testing.T) int {
	t.Helper()
	err := p.cmd.Wait()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	}
	t.Fatalf("wait: %v", err)
	return -1
}

// TestApplySIGKILLThenRerunConverges kills an apply mid-run (SIGKILL: no
// chance to clean up) once some creates happened, with an account that
// accepts duplicate names; the next apply finds the images already made
// by name, waits for them and creates the rest: one image per name.
func TestApplySIGKILLThenRerunConverges(t *testing.T) {
	const n = 12
	emu, env := applyEmu(t, emulator.Options{CreateDelay: time.Hour, AllowDuplicateNames: true})
	dir := t.TempDir()
	writeCatalog(t, dir, n)
	p := startApply(t, dir, env, "bulk.yaml", "--auto-approve", "--poll-interval", "50ms", "--parallelism", "2", "--max-rps", "20")
	waitCalls(t, emu, "createServerImage", 4)
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t); code != -1 {
		t.Fatalf("exit code %d after SIGKILL; want -1 (killed)", code)
	}
	// The images made stay INIT (create delay 1h) until the re-run has
	// made the rest; then every image is finished at once.
	again := startApply(t, dir, env, "bulk.yaml", "--auto-approve", "--poll-interval", "50ms")
	waitImages(t, emu, n)
	for i := range n {
		if err := emu.SetImageStatus("KR", bulkName(i), "CREAT"); err != nil {
			t.Fatal(err)
		}
	}
	if code := again.wait(t); code != 0 {
		t.Fatalf("re-run exit %d\nstdout:\n%s\nstderr:\n%s", code, again.stdout.String(), again.stderr.String())
	}
	lines, dups := imageCensus(emu)
	if diff := cmp.Diff(wantCensus(n), lines); diff != "" || len(dups) > 0 {
		t.Errorf("images after re-run (-want +got):\n%s\nduplicates: %v", diff, dups)
	}
	m := completeLine.FindStringSubmatch(again.stdout.String())
	if m == nil {
		t.Fatalf("re-run stdout lacks the summary:\n%s", again.stdout.String())
	}
	created, _ := strconv.Atoi(m[1])
	waited, _ := strconv.Atoi(m[2])
	if created == 0 || waited == 0 || created+waited != n {
		t.Errorf("re-run created %d and waited for %d; want both > 0, %d in all", created, waited, n)
	}
}

var completeLine = regexp.MustCompile(`(?m)^Apply complete: (\d+) created, 0 updated, 0 replaced, 0 deleted, (\d+) waited, 0 unchanged, 0 failed\.$`)

// waitImages waits (polling, as waitCalls) until the account holds n
// images in KR.
func waitImages(t *testing.T, emu *emulator.Emulator, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for len(emu.Images("KR")) < n {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %d images (got %d)", n, len(emu.Images("KR")))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

var interruptedLine = regexp.MustCompile(`(?m)^ncpimage: interrupted: (\d+) images? in flight, (\d+) not started; run apply again`)

// TestApplySIGINTReportsInFlight interrupts an apply: it stops starting
// creates, prints every image NCP is still creating and exits 1.
func TestApplySIGINTReportsInFlight(t *testing.T) {
	const n = 12
	emu, env := applyEmu(t, emulator.Options{CreateDelay: time.Hour})
	dir := t.TempDir()
	writeCatalog(t, dir, n)
	p := startApply(t, dir, env, "bulk.yaml", "--auto-approve", "--poll-interval", "50ms", "--parallelism", "1", "--max-rps", "20")
	waitCalls(t, emu, "createServerImage", 3)
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t); code != 1 {
		t.Fatalf("exit %d after SIGINT; want 1\nstderr:\n%s", code, p.stderr.String())
	}
	m := interruptedLine.FindStringSubmatch(p.stderr.String())
	if m == nil {
		t.Fatalf("stderr lacks the interrupted line:\n%s", p.stderr.String())
	}
	inFlight, _ := strconv.Atoi(m[1])
	notStarted, _ := strconv.Atoi(m[2])
	images := emu.Images("KR")
	if inFlight != len(images) || inFlight+notStarted != n || notStarted == 0 {
		t.Errorf("%d in flight, %d not started, %d images made; want every image made in flight, the rest not started",
			inFlight, notStarted, len(images))
	}
	out := p.stdout.String()
	for _, im := range images {
		line := "  KR/" + im.Name + " (image " + im.No + ")\n"
		if !bytes.Contains(p.stdout.Bytes(), []byte(line)) {
			t.Errorf("stdout does not list in-flight %q:\n%s", line, out)
		}
	}
	if !regexp.MustCompile(`(?m)^Apply interrupted: 0 created, .* \d+ in flight, \d+ not started\.$`).MatchString(out) {
		t.Errorf("stdout lacks the interrupted summary:\n%s", out)
	}
}

// TestApplySIGINTWhilePlanning interrupts an apply while it still reads
// the account: nothing is created, the error says it was interrupted and
// --output json reports reason "interrupted".
func TestApplySIGINTWhilePlanning(t *testing.T) {
	emu, env := applyEmu(t, emulator.Options{CreateDelay: time.Hour})
	emu.SetFaults(emulator.Faults{Latency: time.Hour})
	dir := t.TempDir()
	writeCatalog(t, dir, 2)
	p := startApply(t, dir, env, "bulk.yaml", "--auto-approve", "-o", "json")
	waitCalls(t, emu, "getRegionList", 1)
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t); code != 1 {
		t.Fatalf("exit %d after SIGINT; want 1\nstderr:\n%s", code, p.stderr.String())
	}
	if got := emu.Calls()["createServerImage"]; got != 0 {
		t.Errorf("%d creates after an interrupted plan", got)
	}
	if !regexp.MustCompile(`(?m)^ncpimage: error: apply: plan: .*\(interrupted\)$`).Match(p.stderr.Bytes()) {
		t.Errorf("stderr does not say the run was interrupted:\n%s", p.stderr.String())
	}
	if !regexp.MustCompile(`"reason": "interrupted"`).Match(p.stdout.Bytes()) {
		t.Errorf("the JSON report lacks reason interrupted:\n%s", p.stdout.String())
	}
}
