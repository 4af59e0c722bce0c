package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUnifiedDiff compares the hunks with those of diff -u (when
// installed): far-apart changes, merged hunks, a missing last newline,
// empty files.
func TestUnifiedDiff(t *testing.T) {
	if _, err := exec.LookPath("diff"); err != nil {
		t.Skip("diff is not installed")
	}
	long := func(change ...int) string {
		var b strings.Builder
		for i := range 30 {
			if slices.Contains(change, i) {
				b.WriteString("changed\n")
				continue
			}
			b.WriteString("line " + string(rune('a'+i%26)) + "\n")
		}
		return b.String()
	}
	tests := []struct {
		name          string
		before, after string
	}{
		{name: "one change", before: "a\nb\nc\n", after: "a\nB\nc\n"},
		{name: "far apart", before: long(), after: long(2, 25)},
		{name: "close together", before: long(), after: long(5, 11)},
		{name: "merged at six lines apart", before: long(), after: long(5, 12)},
		{name: "seven lines apart", before: long(), after: long(5, 13)},
		{name: "insert at start", before: "a\nb\n", after: "x\na\nb\n"},
		{name: "delete at end", before: "a\nb\nc\n", after: "a\nb\n"},
		{name: "no newline at end", before: "a\nb", after: "a\nb\n"},
		{name: "from empty", before: "", after: "a\n"},
		{name: "reordered", before: "k: 1\na: 2\nb: 3\n", after: "a: 2\nb: 3\nk: 1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
			if err := os.WriteFile(a, []byte(tt.before), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(b, []byte(tt.after), 0o644); err != nil {
				t.Fatal(err)
			}
			out, _ := exec.Command("diff", "-u", a, b).Output()
			want := hunkLines(string(out))
			got := hunkLines(unifiedDiff("f", tt.before, tt.after))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("hunks (-diff -u +ours):\n%s", diff)
			}
		})
	}
}

// hunkLines drops the two header lines, which name the files.
func hunkLines(d string) []string {
	ls := strings.Split(d, "\n")
	if len(ls) >= 2 && strings.HasPrefix(ls[0], "---") {
		ls = ls[2:]
	}
	return ls
}
