package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A file with more problems than are printed says so in its summary,
// with the note after every shown problem, not first.
func TestValidateManyProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: web\nimages:\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "  - {name: Bad_%d, source: {serverName: s}}\n", i)
	}
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"ncpimage", "validate", path}, strings.NewReader(""), &out, &errb); code != 1 {
		t.Fatalf("exit %d\n%s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	if !regexp.MustCompile(`^3000 images in 1 file: more than \d+ errors \(1000 shown\)$`).MatchString(last) {
		t.Errorf("summary %q", last)
	}
	if strings.Contains(lines[0], "more") || !strings.Contains(lines[len(lines)-2], "more") {
		t.Errorf("the cut note must come after the problems shown: first %q, before the summary %q", lines[0], lines[len(lines)-2])
	}
}
