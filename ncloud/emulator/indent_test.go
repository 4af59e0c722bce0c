package emulator

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

// appendIndent writes what json.MarshalIndent writes, for every value
// json.Marshal can produce.
func TestAppendIndentMatchesMarshalIndent(t *testing.T) {
	for _, prefix := range []string{"", "    "} {
		for _, src := range indentSeeds {
			checkIndent(t, []byte(src), prefix)
		}
	}
	im := &image{Region: "KR", No: "9", Name: "web <&> \u2028", Description: "d \"q\" [ncpimage:c]", Status: "CREAT",
		Disks: []imageDisk{{Order: 0, SnapshotNo: "301", SizeGB: 10, VolumeType: "SSD"}, {Order: 1}}}
	list, err := json.Marshal([]wireImage{im.wire(), im.wire()})
	if err != nil {
		t.Fatal(err)
	}
	checkIndent(t, list, "    ")
}

func checkIndent(t *testing.T, src []byte, prefix string) {
	t.Helper()
	if !json.Valid(src) {
		return // appendIndent is only given json.Marshal output
	}
	var compact, want bytes.Buffer
	if err := json.Compact(&compact, src); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&want, compact.Bytes(), prefix, "  "); err != nil {
		t.Fatal(err)
	}
	if got := appendIndent(nil, compact.Bytes(), prefix, "  "); !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("appendIndent(%q):\n got %q\nwant %q", compact.Bytes(), got, want.Bytes())
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
