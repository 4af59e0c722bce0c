package spec

import (
	"strings"
	"testing"
)

func TestBadIndent(t *testing.T) {
	head := "apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: web\nimages:\n"
	tests := []struct {
		name      string
		yaml      string
		line, col int
		ok        bool
		msg       string // a part of the message, when given
	}{
		{name: "key one space too little", yaml: head + "  - name: a\n   source:\n      serverName: s\n", line: 6, col: 4, ok: true},
		{name: "key one space too much", yaml: head + "  - name: a\n     source:\n      serverName: s\n", line: 6, col: 6, ok: true},
		{name: "back to no block: names the first line of the block left", yaml: head + "  - name: a\n    source:\n        serverName: s\n      serverInstanceNo: \"1\"\n",
			line: 8, col: 7, ok: true, msg: "the lines it belongs with are indented 8 (line 7)"},
		{name: "well indented", yaml: head + "  - name: a\n    source:\n      serverName: s\n    blockStorages:\n      - order: 0\n        snapshotName: x\n"},
		{name: "items at the key's level", yaml: head + "- name: a\n  source: {serverName: s}\n"},
		{name: "block scalar", yaml: head + "  - name: a\n    description: |\n       odd\n     indents\n    source: {serverName: s}\n"},
		{name: "comment lines", yaml: head + "  - name: a\n # a comment at any column\n    source: {serverName: s}\n"},
		{name: "flow over lines gives up", yaml: head + "  - {name: a,\n   source: {serverName: s}}\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			line, col, msg, ok := badIndent([]byte(tc.yaml))
			if ok != tc.ok || line != tc.line || col != tc.col || !strings.Contains(msg, tc.msg) {
				t.Errorf("badIndent = %d:%d %v %q, want %d:%d %v", line, col, ok, msg, tc.line, tc.col, tc.ok)
			}
		})
	}
}

// A wrongly indented key is reported where it is, not at the line before
// at column 1 as the YAML parser does.
func TestIndentationErrorPosition(t *testing.T) {
	data := []byte("apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: web\nimages:\n  - name: a\n   source:\n      serverName: s\n")
	_, diags := loadFile("a.yaml", data)
	if len(diags) != 1 || diags[0].Pos.Line != 6 || diags[0].Pos.Col != 4 {
		t.Fatalf("diagnostics %v, want one at a.yaml:6:4", diags)
	}
}

// The parser names the line where the item began; the wrong line may be
// several lines further.
func TestIndentationErrorLaterLine(t *testing.T) {
	data := []byte("apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: web\nimages:\n  - name: a\n    source:\n      serverName: web-01\n   description: oops\n")
	_, diags := loadFile("a.yaml", data)
	if len(diags) != 1 || diags[0].Pos.Line != 8 || diags[0].Pos.Col != 4 {
		t.Fatalf("diagnostics %v, want one at a.yaml:8:4", diags)
	}
}
