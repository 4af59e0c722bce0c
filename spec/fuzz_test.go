package spec

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the loader: it must never panic, and
// every diagnostic must name the file.
func FuzzLoad(f *testing.F) {
	seeds := []string{
		catalogText,
		"",
		"# only a comment\n",
		"- a\n- b\n",
		"a: &a [*a]\n",
		bomb(),
		"a: " + strings.Repeat("[", 100) + strings.Repeat("]", 100),
		header + "images:\n  - {name: x, source: {}, blockStorages: [{order: 0, sizeGB: .inf}]}\n",
		header + "images: [{name: abc, source: {serverName: a}, blockStorages: [{order: 1e400}]}]\n",
		header + "? [a, b]\n: c\n1: 2\n<<: {a: 1}\n",
		"\xef\xbb\xbfa: 1\r\nb: 2\r\n",
		"a:\n\tb: 1\n",
		"a: !!binary aGVsbG8=\nb: !custom x\nc: 2026-11-01\n",
		"---\n---\n...\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cats, diags := loadFile("f.yaml", data)
		for _, d := range diags {
			if d.Pos.File != "f.yaml" {
				t.Errorf("diagnostic without the file: %v", d)
			}
		}
		for _, c := range cats {
			for _, im := range c.Images {
				_ = checkImage(im)
			}
		}
	})
}

// BenchmarkLoad10k loads and validates 10,000 images in 100 files.
func BenchmarkLoad10k(b *testing.B) {
	dir := b.TempDir()
	if err := writeCorpus(dir, 100, 100); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		set := Load([]string{dir})
		if len(set.Diagnostics) > 0 || len(set.Images()) != 10000 {
			b.Fatalf("%d images, diagnostics: %v", len(set.Images()), set.Diagnostics[:min(3, len(set.Diagnostics))])
		}
	}
}

// writeCorpus writes files × perFile images with block storages, the
// shape of a big real catalog.
func writeCorpus(dir string, files, perFile int) error {
	for f := range files {
		var b strings.Builder
		fmt.Fprintf(&b, "apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: bulk\ndefaults:\n  region: KR\n  description: Bulk image %d\nimages:\n", f)
		for i := range perFile {
			fmt.Fprintf(&b, "  - name: img-%03d-%04d\n    source:\n      serverInstanceNo: \"%d\"\n", f, i, 1000000+i)
			fmt.Fprintf(&b, "    blockStorages:\n      - order: 0\n        snapshotName: snap-%d\n", i)
			b.WriteString("      - order: 1\n        sizeGB: 100\n        volumeType: CB1\n        empty: true\n      - order: 2\n        exclude: true\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("cat-%03d.yaml", f)), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// FuzzBadIndent: the indentation scan never panics, and a position it
// gives is inside the input.
func FuzzBadIndent(f *testing.F) {
	f.Add([]byte("images:\n  - name: a\n   source:\n"))
	f.Add([]byte("a:\n  - - b: |\n      x\n    c: d\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		line, col, _, ok := badIndent(data)
		if ok && (line < 1 || col < 1 || line > bytes.Count(data, []byte("\n"))+1) {
			t.Fatalf("position %d:%d outside the input", line, col)
		}
	})
}
