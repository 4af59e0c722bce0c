package jsonw

import (
	"bytes"
	"encoding/json"
	"testing"
)

var indentSeeds = []string{
	`{}`, `[]`, `{"a":[]}`, `{"a":{}}`, `[{},[],{"b":[1,2,{"c":null}]}]`, `"x"`, `1`, `null`,
	`{"a\"{[,:":"b\\\\","c":"]}"}`, `{"k":"\u003c\u2028"}`, `[true,false,-1.5e3]`,
	`{"getServerImageListResponse":{"serverImageList":[{"serverImageNo":"1","blockStorageMappingList":[]}]}}`,
}

// AppendIndent writes what json.MarshalIndent writes, for every value
// json.Marshal can produce.
func TestAppendIndentMatchesMarshalIndent(t *testing.T) {
	for _, prefix := range []string{"", "    "} {
		for _, src := range indentSeeds {
			checkIndent(t, []byte(src), prefix)
		}
	}
	list, err := json.Marshal(everyShape())
	if err != nil {
		t.Fatal(err)
	}
	checkIndent(t, list, "    ")
}

func checkIndent(t *testing.T, src []byte, prefix string) {
	t.Helper()
	if !json.Valid(src) {
		return // AppendIndent is only given json.Marshal output
	}
	var compact, want bytes.Buffer
	if err := json.Compact(&compact, src); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&want, compact.Bytes(), prefix, "  "); err != nil {
		t.Fatal(err)
	}
	if got := AppendIndent(nil, compact.Bytes(), prefix, "  "); !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("AppendIndent(%q):\n got %q\nwant %q", compact.Bytes(), got, want.Bytes())
	}
}

func FuzzAppendIndent(f *testing.F) {
	for _, s := range indentSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkIndent(t, []byte(src), "    ")
	})
}
