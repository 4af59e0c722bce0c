package emulator

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A seeded snapshot number the SDK cannot read (above int32) is refused
// at its line and column, and nothing of the seed is added.
func TestSeedSnapshotNumberAboveInt32(t *testing.T) {
	doc := "regions: [{code: KR}]\n" +
		"snapshots:\n" +
		"  - {region: KR, no: \"2147483647\", name: ok, sizeGB: 10}\n" +
		"  - region: KR\n" +
		"    no: \"3000000001\"\n" +
		"    name: too-big\n" +
		"    sizeGB: 10\n"
	path := filepath.Join(t.TempDir(), "seed.yaml")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := LoadSeedFile(path)
	if err != nil {
		t.Fatal(err)
	}
	e := New(Options{})
	err = e.Seed(s)
	want := path + ":5:9: snapshot too-big: number 3000000001 is above 2147483647"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v\nwant prefix %s", err, want)
	}
	if len(e.Regions()) != 0 {
		t.Errorf("a refused seed added regions %v", e.Regions())
	}
	// ParseSeed without a name positions errors in "seed".
	s, _ = ParseSeed([]byte(doc))
	if err := New(Options{}).Seed(s); err == nil || !strings.HasPrefix(err.Error(), "seed:5:9: ") {
		t.Errorf("unnamed seed: %v", err)
	}
	// A seed built in Go has no positions.
	err = New(Options{}).Seed(Seed{Regions: []SeedRegion{{Code: "KR"}},
		Snapshots: []SeedSnapshot{{Region: "KR", No: "3000000001", Name: "x", SizeGB: 1}}})
	if err == nil || !strings.HasPrefix(err.Error(), "seed: snapshot x: number 3000000001") {
		t.Errorf("Go seed: %v", err)
	}
}

// Other seed errors carry the position of their object or field too.
func TestSeedErrorPositions(t *testing.T) {
	tests := []struct{ doc, want string }{
		{"regions: [{code: KR}]\nservers:\n  - {region: KR, name: a}\n  - {region: XX, name: b}\n", "s.yaml:4:5: server b: unknown region"},
		{"regions: [{code: KR}, {code: KR}]\n", "s.yaml:1:30: region KR: defined twice"},
		{"regions: [{code: KR}]\nimages:\n  - {region: KR, name: i, status: GONE}\n", "s.yaml:3:35: image i: unknown status"},
		{"regions: [{code: KR}]\nimages:\n  - region: KR\n    name: i\n    blockStorages:\n      - {order: 0, snapshotName: nope}\n", "s.yaml:6:9: image i: order 0: no snapshot"},
	}
	for _, tc := range tests {
		s, err := ParseSeedNamed("s.yaml", []byte(tc.doc))
		if err != nil {
			t.Fatal(err)
		}
		if err := New(Options{}).Seed(s); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want prefix %q", tc.doc, err, tc.want)
		}
	}
}

// Numbers the emulator generates stay within int32 even when a seed uses
// bigger numbers for servers or images (the SDK reads those as strings).
func TestGeneratedNumbersStayInt32(t *testing.T) {
	h := newHarness(t, Options{})
	big := Seed{
		Servers: []SeedServer{{Region: "KR", No: "9000000001", Name: "big"}},
		Images:  []SeedImage{{Region: "KR", No: "9000000002", Name: "big-image"}},
	}
	if err := h.emu.Seed(big); err != nil {
		t.Fatal(err)
	}
	im := h.create("after-big", nil)
	for _, no := range []string{im.ServerImageNo} {
		if n, _ := strconv.ParseInt(no, 10, 64); n > maxNo {
			t.Errorf("generated image number %s above int32", no)
		}
	}
	for _, m := range im.BlockStorageMappingList {
		if m.BlockStorageSnapshotInstanceNo <= 0 {
			t.Errorf("generated snapshot number %d", m.BlockStorageSnapshotInstanceNo)
		}
	}
	for _, im := range h.emu.Images("KR") {
		for _, d := range im.BlockStorages {
			if !fitsInt32(d.SnapshotNo) {
				t.Errorf("image %s: snapshot number %s above int32", im.Name, d.SnapshotNo)
			}
		}
	}
}

// When the counter has no 32-bit number left, a create is refused rather
// than listing a snapshot number the SDK cannot read.
func TestNumbersExhausted(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.mu.Lock()
	h.emu.st.NextNo = maxNo // one number left; a create needs two
	h.emu.mu.Unlock()
	if status, e := h.apiErr("createServerImage", form("img")); status != 500 || e.ReturnCode != codeNoNumbers {
		t.Errorf("got %d %+v", status, e)
	}
	s, _ := ParseSeed([]byte("images: [{region: KR, name: a}, {region: KR, name: b}]"))
	if err := h.emu.Seed(s); err == nil || !strings.Contains(err.Error(), "no object numbers left") {
		t.Errorf("seed past int32: %v", err)
	}
}

// A state file that lists a snapshot number above int32 is refused; an
// old one whose counter went past int32 is brought back below it.
func TestStateNumbersInt32(t *testing.T) {
	dir := t.TempDir()
	bad := `{"version":1,"regions":[{"code":"KR","name":"KR"}],"snapshots":[{"region":"KR","no":"3000000001","name":"s","sizeGB":1,"status":"CREAT","volumeType":"CB1"}],"nextNo":5000001}`
	p := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(p, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := New(Options{}).LoadState(p); err == nil || !strings.Contains(err.Error(), "above 2147483647") {
		t.Errorf("load bad state: %v", err)
	}
	old := `{"version":1,"regions":[{"code":"KR","name":"KR"}],"servers":[{"region":"KR","no":"9000000001","name":"s","status":"RUN","operation":"NULL","disks":[{"sizeGB":10,"volumeType":"CB1"}]},{"region":"KR","no":"5000009","name":"t","status":"RUN","operation":"NULL","disks":[{"sizeGB":10,"volumeType":"CB1"}]}],"nextNo":9000000002}`
	p = filepath.Join(dir, "old.json")
	if err := os.WriteFile(p, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	e := New(Options{})
	if err := e.LoadState(p); err != nil {
		t.Fatal(err)
	}
	if e.st.NextNo != 5000010 {
		t.Errorf("nextNo %d, want 5000010", e.st.NextNo)
	}
}
