package cli

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ncpimage/ncpimage/sandbox"
)

// Ctrl-C while a command waits for another command's sandbox ends the
// wait at once, with reason "interrupted" (the lock's own bound is 10
// minutes).
func TestSandboxWaitInterrupted(t *testing.T) {
	dir := t.TempDir()
	held, err := sandbox.Start(context.Background(), dir, sandboxSeed, sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	catalog := "apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: web\nimages:\n" +
		"  - {name: web-base, region: KR, source: {serverName: web-01}}\n"
	if err := os.WriteFile(filepath.Join(dir, "web.yaml"), []byte(catalog), 0o644); err != nil {
		t.Fatal(err)
	}
	bin, err := exec.LookPath("ncpimage")
	if err != nil {
		t.Fatalf("ncpimage not in PATH (testscript.Main puts it there): %v", err)
	}
	cmd := exec.Command(bin, "plan", "--sandbox", "-o", "json", "web.yaml")
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "NO_COLOR=1")
	var stdout strings.Builder
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	// the explicit state change: the command says that it waits
	lines := bufio.NewScanner(stderr)
	for lines.Scan() && !strings.Contains(lines.Text(), "waiting for it") {
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	for lines.Scan() {
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(time.Minute): // a bound for a broken build, never reached when it works
		t.Fatal("the command still waits for the sandbox a minute after SIGINT")
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1", err)
	}
	if !strings.Contains(stdout.String(), `"reason": "interrupted"`) {
		t.Errorf("stdout lacks reason interrupted:\n%s", stdout.String())
	}
}
