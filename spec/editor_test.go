package spec

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEditorManifests: ncpimage flags each typical mistake of
// testdata/editor/bad at a line marked "# <-" (the line
// scripts/editorcheck/run requires of yaml-language-server with the
// printed schema), and nothing in testdata/editor/good.
func TestEditorManifests(t *testing.T) {
	bad, _ := filepath.Glob("testdata/editor/bad/*.yaml")
	good, _ := filepath.Glob("testdata/editor/good/*.yaml")
	if len(bad) < 37 || len(good) == 0 {
		t.Fatalf("want at least 37 bad and one good manifest, have %d and %d", len(bad), len(good))
	}
	for _, path := range bad {
		t.Run(filepath.Base(path), func(t *testing.T) {
			want := markedLines(t, path)
			set := Load([]string{path})
			for _, d := range set.Diagnostics {
				if slices.Contains(want, d.Pos.Line) {
					return
				}
			}
			t.Errorf("want a diagnostic at line %v, got %v", want, set.Diagnostics)
		})
	}
	for _, path := range good {
		if set := Load([]string{path}); len(set.Diagnostics) > 0 {
			t.Errorf("%s: want no diagnostic, got %v", path, set.Diagnostics)
		}
	}
}

// markedLines are the lines a manifest marks with "# <-": the mistake's
// line, or two where it spans a key and its value (a missing base disk is
// the key's fault to ncpimage and its list's to the editor).
func markedLines(t *testing.T, path string) []int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, "# <-") {
			lines = append(lines, i+1)
		}
	}
	if lines == nil {
		t.Fatalf("%s marks no line with # <-", path)
	}
	return lines
}
