package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// slowParse is the tree go-yaml and the converter build, when the text is
// one document that converts without a diagnostic; ok false otherwise.
func slowParse(file string, data []byte) (*value, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root *value
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil || root != nil {
			return nil, false
		}
		conv := &converter{file: file, active: map[*yaml.Node]bool{}}
		root = conv.convert(&n, "", 0, false)
		if len(conv.diags) > 0 {
			return nil, false
		}
	}
	return root, root != nil
}

// dump prints a value tree with every position, for failure messages.
func dump(v *value, indent string, b *strings.Builder) {
	fmt.Fprintf(b, "%skind=%d pos=%d:%d key=%d:%d str=%q b=%v i=%d f=%v\n", indent, v.kind, v.pos.line, v.pos.col,
		v.key.line, v.key.col, v.str, v.boolean, v.integer, v.float)
	for _, e := range v.entries {
		fmt.Fprintf(b, "%s %q:\n", indent, e.name)
		dump(e.val, indent+"  ", b)
	}
	for _, it := range v.items {
		dump(it, indent+"  ", b)
	}
}

// agree fails t when fastParse accepts data but builds another tree than
// go-yaml and the converter, or accepts what they reject.
func agree(t *testing.T, data []byte) (fast bool) {
	t.Helper()
	got, ok := fastParse("f.yaml", data)
	if !ok {
		return false
	}
	want, wantOK := slowParse("f.yaml", data)
	if !wantOK {
		t.Fatalf("fast path accepts what go-yaml rejects:\n%s", data)
	}
	if !reflect.DeepEqual(got, want) {
		var g, w strings.Builder
		dump(got, "", &g)
		dump(want, "", &w)
		t.Fatalf("fast path builds another tree for:\n%s\n--- fast:\n%s--- go-yaml:\n%s", data, g.String(), w.String())
	}
	return true
}

// corpus is the texts the agreement tests start from.
func corpus(t *testing.T) [][]byte {
	texts := [][]byte{[]byte(strings.Split(catalogText, "---")[0]), []byte(header + "images: []\n")}
	for _, glob := range []string{"../examples/*.yaml", "../examples/*/*.yaml"} {
		names, _ := filepath.Glob(glob)
		for _, n := range names {
			data, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, data)
		}
	}
	dir := t.TempDir()
	if err := genCatalog(dir, 20); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "catalog-0000.yaml"))
	return append(texts, data, []byte(`---  # a document start
apiVersion: ncpimage/v1
kind: ServerImageCatalog
catalog: web
images:
- name: 'it''s'
  description: "quoted: # not a comment"
  region: KR   # a comment
  source:
     serverName: a:b
  blockStorages:
  - order: 0x1F
    sizeGB: 1_000
  -   order: 1.5
      empty: yes
      exclude: ~
      volumeType: 2026-11-01
`))
}

// odd values, indents and tails the mutations write.
var oddValues = []string{"yes", "no", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "1e3", "0x1F", "0o17",
	"017", "+1", "-1", "1_000", ".inf", "-.inf", ".nan", "1.", "1.5", "2026-11-01", "2026-11-01T10:00:00Z", "'q''s'",
	`"a#b"`, `"a\tb"`, `"x"y`, "'x' y", "a #b", "a#b", ":x", "a: b", "a:", "a :b", "é가나", "!!str 1", "&a x", "*a",
	"[a]", "{a: 1}", "|", ">", "@x", "`x", "%x", "? x", "- x", "-x", "#", "''", `""`, "\"unterminated", "'unterminated",
	"<<", "=", "0", "00", "0b101", "1:30", "x\ty", "\x01", "\u0085", "\u2028", "\ufeff", "a  ", "  a"}

func mutateText(r *rand.Rand, data []byte) []byte {
	lines := strings.Split(string(data), "\n")
	i := r.IntN(len(lines))
	l := lines[i]
	switch r.IntN(9) {
	case 0:
		lines[i] = " " + l
	case 1:
		lines[i] = strings.TrimPrefix(l, " ")
	case 2:
		lines = append(lines[:i], lines[i+1:]...)
	case 3:
		lines = append(lines[:i+1], lines[i:]...) // a duplicate line
	case 4:
		if k := strings.Index(l, ": "); k >= 0 {
			lines[i] = l[:k+2] + oddValues[r.IntN(len(oddValues))]
		}
	case 5:
		if k := strings.Index(l, "- "); k >= 0 {
			lines[i] = l[:k+2] + oddValues[r.IntN(len(oddValues))]
		}
	case 6:
		lines[i] = l + []string{" # c", "#c", "  ", ":", "\r", "\t", " x"}[r.IntN(7)]
	case 7:
		lines[i] = strings.Repeat(" ", r.IntN(8)) + oddValues[r.IntN(len(oddValues))] + []string{"", ":", ": x", ":\n  a: 1"}[r.IntN(4)]
	case 8:
		k := r.IntN(len(l) + 1)
		lines[i] = l[:k] + oddValues[r.IntN(len(oddValues))] + l[k:]
	}
	return []byte(strings.Join(lines, "\n"))
}

// TestFastParseAgrees holds the fast path to go-yaml and the converter on
// the examples and thousands of mutations of them, and checks that it
// takes the plain files (else it would be useless).
func TestFastParseAgrees(t *testing.T) {
	texts := corpus(t)
	for i, text := range texts {
		// The last two (a generated catalog, the odd plain one) are in
		// the subset; the others may use flow style.
		if !agree(t, text) && i >= len(texts)-2 {
			t.Errorf("text %d: the fast path does not take it:\n%s", i, text)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	taken := 0
	for range 10000 {
		text := texts[r.IntN(len(texts))]
		if r.IntN(2) == 0 { // mostly the texts in the subset
			text = texts[len(texts)-1-r.IntN(2)]
		}
		for range 1 + r.IntN(3) {
			text = mutateText(r, text)
		}
		if agree(t, text) {
			taken++
		}
	}
	t.Logf("fast path took %d of 10000 mutated texts", taken)
}

func FuzzFastParse(f *testing.F) {
	f.Add([]byte(catalogText))
	f.Add([]byte(header + "images:\n- name: a\n  source: {serverName: x}\n"))
	f.Add([]byte("a:\n- b\n- c: d\n  e: 'f'\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		agree(t, data)
	})
}
