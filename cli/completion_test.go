package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompletionScripts checks that the shells installed here (bash
// always; zsh and fish when present) accept the syntax of the script
// completion prints for them. What the scripts complete is held by the
// testscript completion_works, which drives bash's.
func TestCompletionScripts(t *testing.T) {
	tests := []struct {
		shell string
		check []string // the syntax check: argv before the script's path
	}{
		{shell: "bash", check: []string{"bash", "-n"}},
		{shell: "zsh", check: []string{"zsh", "-n"}},
		{shell: "fish", check: []string{"fish", "--no-execute"}},
	}
	for _, tt := range tests {
		t.Run(tt.shell, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run([]string{"ncpimage", "completion", tt.shell}, nil, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if !strings.Contains(stdout.String(), "ncpimage") {
				t.Errorf("the script does not name ncpimage:\n%s", stdout.String())
			}
			if _, err := exec.LookPath(tt.check[0]); err != nil {
				t.Skipf("%s is not installed: syntax not checked", tt.check[0])
			}
			path := filepath.Join(t.TempDir(), "ncpimage."+tt.shell)
			if err := os.WriteFile(path, stdout.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(tt.check[0], append(tt.check[1:], path)...).CombinedOutput(); err != nil {
				t.Errorf("%s: %v\n%s", strings.Join(tt.check, " "), err, out)
			}
		})
	}
}
