package spec

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{
			name: "key order is the author's, unknown keys included",
			in: "images: []\nzeta: 1\nkind: ServerImageCatalog\nalpha: 2\ncatalog: web\napiVersion: ncpimage/v1\n" +
				"defaults:\n    shareWith: [a]\n    region: KR\n",
			want: "images: []\nzeta: 1\nkind: ServerImageCatalog\nalpha: 2\ncatalog: web\napiVersion: ncpimage/v1\n" +
				"defaults:\n  shareWith: [a]\n  region: KR\n",
		},
		{
			name: "image, source and block storage keys keep their order",
			in: "images:\n- shareWith: [x]\n  blockStorages:\n  - {exclude: true, order: 2}\n" +
				"  - volumeType: CB1\n    empty: true\n    sizeGB: 10\n    order: 1\n" +
				"  source: {serverInstanceNo: \"1\", serverName: a}\n  adopt: true\n  description: d\n  region: KR\n  name: web\n",
			want: "images:\n  - shareWith: [x]\n    blockStorages:\n      - {exclude: true, order: 2}\n" +
				"      - volumeType: CB1\n        empty: true\n        sizeGB: 10\n        order: 1\n" +
				"    source: {serverInstanceNo: \"1\", serverName: a}\n    adopt: true\n    description: d\n    region: KR\n    name: web\n",
		},
		{
			name: "instance numbers quoted, other values kept",
			in: "images:\n  - source:\n      serverInstanceNo: 1001\n    blockStorages:\n" +
				"      - snapshotInstanceNo: '3001'\n      - snapshotInstanceNo: 0x1F\n      - snapshotInstanceNo: 0123\n" +
				"      - snapshotInstanceNo: 1.5\n      - snapshotInstanceNo: ~\n      - {sizeGB: 100, snapshotInstanceNo: !!int 7}\n" +
				"serverInstanceNo: 5\n",
			want: "images:\n  - source:\n      serverInstanceNo: \"1001\"\n    blockStorages:\n" +
				"      - snapshotInstanceNo: \"3001\"\n      - snapshotInstanceNo: 0x1F\n      - snapshotInstanceNo: 0123\n" +
				"      - snapshotInstanceNo: 1.5\n      - snapshotInstanceNo: ~\n      - {sizeGB: 100, snapshotInstanceNo: !!int 7}\n" +
				"serverInstanceNo: 5\n",
		},
		{
			name: "comments stay with their nodes",
			in: "# yaml-language-server: $schema=https://example.com/s.json\nkind: K # the kind\n" +
				"# the version\napiVersion: v\nimages:\n  - name: a # first\n    # adopt: true\n",
			want: "# yaml-language-server: $schema=https://example.com/s.json\nkind: K # the kind\n" +
				"# the version\napiVersion: v\nimages:\n  - name: a # first\n    # adopt: true\n",
		},
		{
			name: "indent normalised, one blank line kept between entries",
			in:   "images:\n    -   name: a\n        region: KR\n\n\n    # b\n    -   name: b\n",
			want: "images:\n  - name: a\n    region: KR\n\n  # b\n  - name: b\n",
		},
		{
			name: "documents keep their order",
			in:   "kind: K\napiVersion: b\n---\nkind: K\napiVersion: a\n",
			want: "kind: K\napiVersion: b\n---\nkind: K\napiVersion: a\n",
		},
		{
			name: "aliases",
			in:   "images: &i []\napiVersion: v\nold: *i\n",
			want: "images: &i []\napiVersion: v\nold: *i\n",
		},
		{
			name: "merge key",
			in:   "kind: K\n<<: {a: 1}\napiVersion: v\n",
			want: "kind: K\n<<: {a: 1}\napiVersion: v\n",
		},
		{
			name: "byte order mark and CRLF",
			in:   "\xef\xbb\xbfkind: K\r\napiVersion: v\r\n",
			want: "kind: K\napiVersion: v\n",
		},
		{
			name: "scalars keep value and type",
			in:   "a: yes\nb: \"1\"\nc: 2026-11-01\nd: !!binary aGVsbG8=\ne: 'it''s'\nf: |\n  two\n  lines\n",
			want: "a: yes\nb: \"1\"\nc: 2026-11-01\nd: !!binary aGVsbG8=\ne: 'it''s'\nf: |\n  two\n  lines\n",
		},
		{name: "comments only", in: "# nothing yet\n", want: "# nothing yet\n"},
		{name: "empty", in: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Format("f.yaml", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("Format (-want +got):\n%s", diff)
			}
			again, err := Format("f.yaml", got)
			if err != nil || string(again) != string(got) {
				t.Errorf("not idempotent: %v\n%s", err, again)
			}
		})
	}
}

func TestFormatInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "unclosed flow", in: "a: 1\nb: [1, 2\nc: 3\n", want: "f.yaml:2:1: invalid YAML: did not find expected ',' or ']'"},
		{name: "mapping in scalar", in: "a: 1\nb: 2\nc: d: e\n", want: `f.yaml:3:5: invalid YAML: the value of c holds ": " (a colon and a space), which YAML reads as a new key: quote the value: c: "d: e"`},
		{name: "tab indent", in: "a:\n\t- b\n", want: "f.yaml:2:1: invalid YAML: found character that cannot start any token (YAML indents with spaces, never tabs)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Format("f.yaml", []byte(tt.in))
			var se *Error
			if !errors.As(err, &se) || se.Code != "yaml" {
				t.Fatalf("want a yaml *Error, got %v", err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFormatExamples formats every example catalog: no refusal, values
// and comments kept (Format checks both), and a second pass is a no-op.
func TestFormatExamples(t *testing.T) {
	files, err := filepath.Glob("../examples/*/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Format(f, data)
		var se *Error
		if errors.As(err, &se) && se.Code == "yaml" && strings.Contains(f, "invalid") {
			continue // an example of invalid YAML
		}
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if again, _ := Format(f, got); string(again) != string(got) {
			t.Errorf("%s: not idempotent", f)
		}
	}
}

// FuzzFormat: Format never panics, and formatting what it formatted
// changes nothing.
func FuzzFormat(f *testing.F) {
	seeds := []string{
		"",
		"# yaml-language-server: $schema=x\nkind: K\napiVersion: v\nimages:\n  - source: {serverInstanceNo: 1}\n    name: a\n",
		"images:\n  - name: a # c\n\n  # b\n  - name: b\n    blockStorages:\n      - {snapshotInstanceNo: 2, order: 0}\n",
		"a: &a [1]\nb: *a\n",
		"a: |+\n  x\n\nb: 1\n",
		"---\n---\n...\n",
		"a: 1\n---\n# c\n",
		"\xef\xbb\xbfa: 1\r\nb: 2\r\n",
		"? [a, b]\n: c\n<<: {d: 1}\n",
		"a: !custom x\nb: 2026-11-01\nc: .inf\n",
		"k: [1, # x\n 2]\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, p := range []string{"../examples/catalog/web.yaml", "../examples/catalog/data.yaml"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		once, err := Format("f.yaml", data)
		if err != nil {
			return
		}
		twice, err := Format("f.yaml", once)
		if err != nil {
			t.Fatalf("formatted output refused: %v\n%s", err, once)
		}
		if string(twice) != string(once) {
			t.Fatalf("not idempotent:\n%s\n---\n%s", once, twice)
		}
	})
}
