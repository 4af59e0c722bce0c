package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestRunNeverChangesDirectory: -C belongs to the process (Program.Main);
// Program.Run, which a program embedding ncpimage calls, refuses it and
// leaves the working directory alone.
func TestRunNeverChangesDirectory(t *testing.T) {
	before, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"ncpimage", "-C", t.TempDir(), "schema"}, nil, &stdout, &stderr)
	after, _ := os.Getwd()
	if after != before {
		t.Errorf("Run changed the directory to %s", after)
	}
	if code != 1 || !strings.Contains(stderr.String(), "only the ncpimage process changes its directory") {
		t.Errorf("exit %d, stderr %q; want a refusal of -C", code, stderr.String())
	}
}
