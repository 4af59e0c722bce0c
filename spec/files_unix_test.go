//go:build unix

package spec

import (
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func warnings(set *Set) []string {
	var out []string
	for _, w := range set.Warnings {
		out = append(out, w.Error())
	}
	return out
}

const oneImage = header + "images:\n  - name: img-a\n    source: {serverName: x}\n"

// TestWalkSkipsFIFOs: a named pipe called x.yaml in a directory is
// skipped with a warning, never opened (opening it would hang); named on
// the command line it is refused.
func TestWalkSkipsFIFOs(t *testing.T) {
	write(t, map[string]string{"cat/a.yaml": oneImage})
	if err := syscall.Mkfifo("cat/x.yaml", 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	set := Load([]string{"cat"})
	if len(set.Diagnostics) > 0 || len(set.Images()) != 1 {
		t.Fatalf("images %d, diagnostics %v", len(set.Images()), messages(set))
	}
	if diff := cmp.Diff([]string{"cat/x.yaml: skipped: not a regular file (a named pipe)"}, warnings(set)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	set = Load([]string{"cat/x.yaml"})
	want := []string{"cat/x.yaml: not a regular file (a named pipe): a manifest must be a regular file"}
	if diff := cmp.Diff(want, messages(set)); diff != "" {
		t.Errorf("named FIFO (-want +got):\n%s", diff)
	}
	// read itself refuses a pipe without blocking, should one appear
	// between the walk and the read.
	if _, _, err := read("cat/x.yaml"); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("read of a FIFO: %v", err)
	}
}

// TestWalkSymlinks: a walk follows no symlinked directory (so no loop and
// no escape) and takes a symlinked file only inside the walked root; a
// symlink named on the command line is followed.
func TestWalkSymlinks(t *testing.T) {
	write(t, map[string]string{
		"cat/a.yaml":       oneImage,
		"cat/sub/b.yaml":   strings.Replace(oneImage, "img-a", "img-b", 1),
		"outside/c.yaml":   strings.Replace(oneImage, "img-a", "img-c", 1),
		"outside/d/d.yaml": strings.Replace(oneImage, "img-a", "img-d", 1),
	})
	for _, l := range [][2]string{
		{"..", "cat/sub/loop"},              // a loop: cat/sub/loop -> cat
		{"../outside/d", "cat/escape"},      // a directory outside
		{"../outside/c.yaml", "cat/c.yaml"}, // a file outside
		{"sub/b.yaml", "cat/b-link.yaml"},   // a file inside
		{"nowhere.yaml", "cat/dangling.yaml"},
	} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Fatal(err)
		}
	}
	set := Load([]string{"cat"})
	if len(set.Diagnostics) > 0 {
		t.Fatalf("diagnostics: %v", messages(set))
	}
	var files []string
	for _, f := range set.Files {
		files = append(files, f.Path)
	}
	if diff := cmp.Diff([]string{"cat/a.yaml", "cat/b-link.yaml"}, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	want := []string{
		"cat/c.yaml: skipped: a symlink to a file outside cat",
		"cat/dangling.yaml: skipped: a symlink that leads nowhere readable",
		"cat/escape: skipped: a symlink to a directory; a walk does not follow them (name it on the command line to read it)",
		"cat/sub/b.yaml: skipped: the same file as cat/b-link.yaml (through a symlink)",
		"cat/sub/loop: skipped: a symlink to a directory; a walk does not follow them (name it on the command line to read it)",
	}
	if diff := cmp.Diff(want, warnings(set)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	// Named on the command line, a symlinked directory is walked, and its
	// files keep the name given.
	set = Load([]string{"cat/escape"})
	if len(set.Diagnostics) > 0 || len(set.Files) != 1 || set.Files[0].Path != "cat/escape/d.yaml" {
		t.Errorf("named symlink: files %+v, diagnostics %v", set.Files, messages(set))
	}
}
