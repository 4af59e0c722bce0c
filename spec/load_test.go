package spec

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// write creates files (name -> content) under a fresh directory and makes
// it the working directory, so diagnostics carry short relative paths.
func write(t testing.TB, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	for name, content := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func messages(set *Set) []string {
	var out []string
	for _, d := range set.Diagnostics {
		out = append(out, d.Error())
	}
	return out
}

const header = "apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: web\n"

func TestLoadDiagnostics(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		paths []string
		want  []string
	}{
		{
			name:  "valid",
			files: map[string]string{"a.yaml": header + "images:\n  - name: web-a\n    source:\n      serverName: web-01\n"},
			paths: []string{"a.yaml"},
		},
		{
			name:  "float orders count as integers",
			files: map[string]string{"a.yaml": header + "images:\n  - name: web-a\n    source: {serverName: x}\n    blockStorages:\n      - {order: 0.0, snapshotName: s}\n      - {order: 1.0, exclude: true}\n"},
			paths: []string{"a.yaml"},
		},
		{
			name:  "missing path",
			paths: []string{"nope.yaml"},
			want:  []string{"nope.yaml: no such file or directory"},
		},
		{
			name:  "directory without yaml",
			files: map[string]string{"d/readme.txt": "hi"},
			paths: []string{"d"},
			want:  []string{"d: directory holds no *.yaml or *.yml file"},
		},
		{
			name:  "empty file",
			files: map[string]string{"a.yaml": ""},
			paths: []string{"a.yaml"},
			want:  []string{"a.yaml:1:1: file is empty: want a ServerImageCatalog document"},
		},
		{
			name:  "comments only",
			files: map[string]string{"a.yaml": "# nothing\n\n---\n# here\n"},
			paths: []string{"a.yaml"},
			want:  []string{"a.yaml:1:1: file holds no YAML document (only comments or empty documents): want a ServerImageCatalog document"},
		},
		{
			name:  "binary",
			files: map[string]string{"a.yaml": "apiVersion: \x00\x01\x02"},
			paths: []string{"a.yaml"},
			want:  []string{"a.yaml:1:13: binary file or not UTF-8 text: a manifest must be a UTF-8 YAML file"},
		},
		{
			name:  "not UTF-8, at the first bad byte",
			files: map[string]string{"a.yaml": "\xef\xbb\xbfkind: x\r\ndescription: 한글 \xff\xfe\n"},
			paths: []string{"a.yaml"},
			want:  []string{"a.yaml:2:17: binary file or not UTF-8 text: a manifest must be a UTF-8 YAML file"},
		},
		{
			name:  "malformed on line 3",
			files: map[string]string{"a.yaml": "a: 1\nb: 2\nc: d: e\n"},
			paths: []string{"a.yaml"},
			want:  []string{`a.yaml:3:5: invalid YAML: the value of c holds ": " (a colon and a space), which YAML reads as a new key: quote the value: c: "d: e"`},
		},
		{
			name:  "unclosed flow sequence",
			files: map[string]string{"a.yaml": "a: 1\nb: [1, 2\nc: 3\n"},
			paths: []string{"a.yaml"},
			want:  []string{"a.yaml:2:1: invalid YAML: did not find expected ',' or ']'"},
		},
		{
			name:  "unknown anchor",
			files: map[string]string{"a.yaml": "a: 1\nb:  *nope\n"},
			paths: []string{"a.yaml"},
			want:  []string{"a.yaml:2:5: invalid YAML: unknown anchor 'nope' referenced"},
		},
		{
			name:  "tab indentation",
			files: map[string]string{"a.yaml": "a:\n  b: 1\n\tc: 2\n"},
			paths: []string{"a.yaml"},
			want:  []string{"a.yaml:3:1: invalid YAML: found a tab character that violates indentation (YAML indents with spaces, never tabs)"},
		},
		{
			name:  "list document",
			files: map[string]string{"a.yaml": "- a\n- b\n"},
			paths: []string{"a.yaml"},
			want:  []string{"a.yaml:1:1: document 1 is a sequence, not a mapping: a catalog is a mapping with apiVersion, kind, catalog and images"},
		},
		{
			name:  "scalar second document",
			files: map[string]string{"a.yaml": header + "images: []\n---\njust text\n"},
			paths: []string{"a.yaml"},
			want:  []string{"a.yaml:6:1: document 2 is a string, not a mapping: a catalog is a mapping with apiVersion, kind, catalog and images"},
		},
		{
			name:  "duplicate key names the first",
			files: map[string]string{"a.yaml": header + "catalog: other\nimages: []\n"},
			paths: []string{"a.yaml"},
			want:  []string{`a.yaml:4:1: duplicate key "catalog": first written at line 3, column 1`},
		},
		{
			name:  "non-string keys",
			files: map[string]string{"a.yaml": header + "images: []\n1: x\n? [a]\n: y\n"},
			paths: []string{"a.yaml"},
			want: []string{
				"a.yaml:5:1: key 1 is a scalar (int), not a string; quote it if it is meant as text",
				"a.yaml:6:3: key is a sequence, not a string",
			},
		},
		{
			name:  "merge key",
			files: map[string]string{"a.yaml": header + "x: &x {a: 1}\nimages: []\ny:\n  <<: *x\n"},
			paths: []string{"a.yaml"},
			want: []string{
				`a.yaml:4:1: unknown field "x" in document`,
				`a.yaml:6:1: unknown field "y" in document`,
				"a.yaml:7:3: merge keys (<<) are not supported; write the fields out or use defaults",
			},
		},
		{
			name:  "alias loop",
			files: map[string]string{"a.yaml": header + "images: &l [*l]\n"},
			paths: []string{"a.yaml"},
			want:  []string{"a.yaml:4:13: alias *l refers to a node that contains it (alias loop)"},
		},
		{
			name:  "alias bomb",
			files: map[string]string{"a.yaml": bomb()},
			paths: []string{"a.yaml"},
			want:  []string{"a.yaml:1:25: aliases expand to more than 10000 values; refusing to expand further (alias bomb?)"},
		},
		{
			name:  "deep nesting",
			files: map[string]string{"a.yaml": "a: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n"},
			paths: []string{"a.yaml"},
			want:  []string{"a.yaml:1:67: nesting deeper than 64 levels"},
		},
		{
			name: "schema errors at keys",
			files: map[string]string{"a.yaml": header + "images:\n  - name: web-a\n    region: kr\n    source:\n      serverInstanceNo: 123\n" +
				"    tags: {}\n  - source: {serverName: x}\n"},
			paths: []string{"a.yaml"},
			want: []string{
				`a.yaml:6:5: region "kr" must be an NCP region code: capital letters, digits and '-', starting with a letter (such as KR, SGN, JPN)`,
				`a.yaml:8:7: serverInstanceNo must be a string, not a number: quote it, e.g. serverInstanceNo: "…"`,
				`a.yaml:9:5: unknown field "tags" in images[0]`,
				`a.yaml:10:5: missing required field "name" in images[1]`,
			},
		},
		{
			name: "duplicate names across files",
			files: map[string]string{
				"a.yaml": header + "defaults:\n  region: KR\nimages:\n  - name: web-a\n    source: {serverName: x}\n",
				"b.yaml": header + "images:\n  - name: web-a\n    region: KR\n    source: {serverName: x}\n  - name: web-a\n    region: SGN\n    source: {serverName: x}\n",
			},
			paths: []string{"."},
			want:  []string{`b.yaml:5:5: image name "web-a" is used twice in region KR: first at a.yaml:7:5`},
		},
		{
			name: "block storage rules",
			files: map[string]string{"a.yaml": header + "images:\n  - name: web-a\n    source: {serverName: x, serverInstanceNo: \"1\"}\n    blockStorages:\n" +
				"      - {order: 1, snapshotName: s}\n" +
				"      - {order: 1, exclude: true, sizeGB: 10}\n" +
				"      - {order: 2, empty: true, sizeGB: 10}\n" +
				"      - {order: 3, sizeGB: 10}\n" +
				"      - {order: 4, snapshotName: s, volumeType: CB1}\n" +
				"      - {order: 5, snapshotName: s, snapshotInstanceNo: \"2\"}\n"},
			paths: []string{"a.yaml"},
			want: []string{
				"a.yaml:6:29: source sets both serverName and serverInstanceNo; keep exactly one",
				"a.yaml:7:5: blockStorages has no entry with order 0, the base storage; add one with its bootable snapshot",
				"a.yaml:9:10: order 1 is used twice: first at line 8, column 10",
				"a.yaml:9:35: exclude: true stands alone with order; remove sizeGB",
				"a.yaml:10:9: empty: true needs volumeType",
				"a.yaml:11:9: order 3 needs a snapshot (snapshotName or snapshotInstanceNo), or empty: true with sizeGB and volumeType, or exclude: true",
				"a.yaml:12:37: volumeType goes only with empty: true; storage from a snapshot keeps the snapshot's type",
				"a.yaml:13:37: set only one of snapshotName and snapshotInstanceNo",
			},
		},
		{
			name: "base storage rules",
			files: map[string]string{"a.yaml": header + "images:\n" +
				"  - {name: img-a, source: {serverName: x}, blockStorages: [{order: 0}]}\n" +
				"  - {name: img-b, source: {serverName: x}, blockStorages: [{order: 0, snapshotName: s, volumeType: CB1}]}\n" +
				"  - {name: img-c, source: {serverName: x}, blockStorages: [{order: 0, exclude: true}]}\n" +
				"  - {name: img-d, source: {serverName: x}, blockStorages: [{order: 0, empty: true}]}\n"},
			paths: []string{"a.yaml"},
			want: []string{
				"a.yaml:5:60: order 0, the base storage, needs snapshotName or snapshotInstanceNo (a bootable snapshot)",
				"a.yaml:6:88: order 0, the base storage, takes no volumeType: it keeps its snapshot's type",
				"a.yaml:7:71: order 0, the base storage, cannot be excluded",
				"a.yaml:8:71: order 0, the base storage, cannot be empty: it is built from a bootable snapshot",
			},
		},
		{
			name: "description limit counts the marker",
			files: map[string]string{"a.yaml": header + "defaults:\n  description: " + strings.Repeat("x", 990) + "\nimages:\n" +
				"  - {name: img-a, source: {serverName: x}}\n  - {name: img-b, source: {serverName: x}}\n" +
				"  - {name: img-c, description: " + strings.Repeat("y", 985) + ", source: {serverName: x}}\n"},
			paths: []string{"a.yaml"},
			want: []string{
				`a.yaml:5:3: description is 1005 bytes with the ownership marker " [ncpimage:web]" (990 bytes of text); NCP allows 1000`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			write(t, tt.files)
			got := messages(Load(tt.paths))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// bomb is a "billion laughs" document: nine levels of nine aliases.
func bomb() string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		prev := "*a" + string(rune('0'+i-1))
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat(prev+", ", 8) + prev + "]\n")
	}
	return b.String()
}

// TestLoadBigFile checks that a 50 MB file is refused from its size alone:
// the file is sparse, and the test would take long and use 50 MB if the
// loader read it.
func TestLoadBigFile(t *testing.T) {
	write(t, nil)
	f, err := os.Create("big.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	start := time.Now()
	got := messages(Load([]string{"big.yaml"}))
	want := []string{"big.yaml:1:1: file is 52428800 bytes, larger than the limit of 8 MiB for a manifest; split it into several files"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("refusing a big file took %v", d)
	}
}
