package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tagCatalog is a catalog of one image that ends with the lines desc.
func tagCatalog(desc string) string {
	return header + "images:\n  - name: web-a\n    source: {serverName: web-01}\n" + desc
}

func TestLoadTags(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{name: "binary", text: tagCatalog("    description: !!binary aGVsbG8=\n"),
			want: []string{"f.yaml:7:18: YAML tag !!binary is not allowed: write the value as plain text"}},
		{name: "local", text: tagCatalog("    description: !custom x\n"),
			want: []string{"f.yaml:7:18: YAML tag !custom is not allowed: write the value as plain text"}},
		{name: "python object", text: tagCatalog("    description: !python/object:os.system x\n"),
			want: []string{"f.yaml:7:18: YAML tag !python/object:os.system is not allowed: write the value as plain text"}},
		{name: "verbatim core tag", text: tagCatalog("    description: !<tag:yaml.org,2002:str> x\n"),
			want: []string{"f.yaml:7:18: YAML tag !<tag:yaml.org,2002:str> is not allowed: write the value as plain text"}},
		{name: "non-specific tag", text: tagCatalog("    description: ! x\n"),
			want: []string{"f.yaml:7:18: YAML tag ! is not allowed: write the value as plain text"}},
		{name: "timestamp", text: tagCatalog("    description: !!timestamp 2026-11-01\n"),
			want: []string{"f.yaml:7:18: YAML tag !!timestamp is not allowed: write the value as plain text"}},
		{name: "after an anchor", text: tagCatalog("    description: &d !x text\n"),
			want: []string{"f.yaml:7:21: YAML tag !x is not allowed: write the value as plain text"}},
		{name: "on a key", text: tagCatalog("    !x description: text\n"),
			want: []string{"f.yaml:7:5: YAML tag !x is not allowed: write the value as plain text"}},
		{name: "on a mapping", text: header + "images:\n  - name: web-a\n    source: !set {serverName: web-01}\n",
			want: []string{"f.yaml:6:13: YAML tag !set is not allowed: remove it"}},
		{name: "in a flow sequence", text: tagCatalog("    shareWith: [a, !!binary b]\n"),
			want: []string{"f.yaml:7:20: YAML tag !!binary is not allowed: write the value as plain text"}},
		{name: "core tag on the wrong kind", text: tagCatalog("    shareWith: !!map [a]\n"),
			want: []string{"f.yaml:7:16: YAML tag !!map on a sequence: remove the tag"}},
		{name: "int that is no integer", text: tagCatalog("    blockStorages:\n      - {order: !!int zero, snapshotName: s}\n"),
			want: []string{"f.yaml:8:10: order must be an integer, not a string", `f.yaml:8:17: YAML tag !!int on "zero", which is not an integer: remove the tag`}},
		{name: "core tag redefined", text: "%TAG !! tag:example.com,2000:\n---\n" + tagCatalog("    description: !!str x\n"),
			want: []string{"f.yaml:9:18: YAML tag !!str is not allowed: write the value as plain text"}},
		{name: "whole document", text: "--- !catalog\n" + tagCatalog(""),
			want: []string{"f.yaml:1:5: YAML tag !catalog is not allowed: remove it"}},
		{name: "harmless core tags", text: header + "images: !!seq\n  - !!map\n    !!str name: !!str web-a\n    adopt: !!bool false\n" +
			"    description: !!str 2026\n    source: {serverName: !!str \"web-01\"}\n" +
			"    blockStorages:\n      - {order: !!int \"0\", snapshotName: s}\n      - {order: !!float 1, exclude: !!bool true}\n"},
		{name: "an alias of a tagged value is reported once", text: tagCatalog("    description: &d !x text\n    shareWith: [*d, b]\n"),
			want: []string{"f.yaml:7:21: YAML tag !x is not allowed: write the value as plain text"}},
		{name: "a bang inside text is no tag", text: tagCatalog("    description: hello !x and !!binary\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := loadFile("f.yaml", []byte(tt.text))
			var got []string
			for _, d := range sortDiagnostics(diags) {
				got = append(got, d.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFastParseLeavesTags: the fast path reads no tag; every one goes
// to go-yaml and the converter, which refuse it.
func TestFastParseLeavesTags(t *testing.T) {
	for _, text := range []string{
		"a: !!binary aGVsbG8=\n",
		"a: !x\n  b: c\n",
		"a:\n  - !x b\n",
		"a:\n  - !x\n    b: c\n",
		"!x a: b\n",
		"--- !x\na: b\n",
		"%TAG ! tag:x,2000:\n---\na: !b c\n",
		"a: ! b\n",
		"a: &x !y b\n",
	} {
		if _, ok := fastParse("f.yaml", []byte(text)); ok {
			t.Errorf("fast path accepts a tag:\n%s", text)
		}
	}
}
