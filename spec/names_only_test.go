package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// NamesOnly finds the same problems and keeps, of every image, what
// identifies it and where it was written, and nothing else.
func TestLoadNamesOnly(t *testing.T) {
	write(t, map[string]string{
		"a.yaml": header + `defaults: {region: KR}
images:
  - name: web
    description: base
    source: {serverName: web-01}
    blockStorages: [{order: 0, snapshotName: root}]
    shareWith: [bob]
  - name: api
    adopt: true
`,
		"b.yaml": header + `images:
  - name: web
    region: KR
    source: {serverInstanceNo: "7"}
  - name: bad
    sizeGB: 3
`,
	})
	full, names := Load([]string{"."}), LoadWith([]string{"."}, Options{NamesOnly: true})
	if diff := cmp.Diff(messages(full), messages(names)); diff != "" {
		t.Errorf("diagnostics differ (-full +names only):\n%s", diff)
	}
	if len(names.Diagnostics) == 0 {
		t.Fatal("want the duplicate name and the misplaced field reported")
	}
	fi, ni := full.Images(), names.Images()
	if len(fi) != len(ni) {
		t.Fatalf("%d images, names only %d", len(fi), len(ni))
	}
	for i, im := range ni {
		want := Image{Catalog: fi[i].Catalog, Name: fi[i].Name, Region: fi[i].Region, Adopt: fi[i].Adopt,
			Pos: fi[i].Pos, Pointer: fi[i].Pointer}
		got := *im
		got.shape = nil
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(Image{})); diff != "" {
			t.Errorf("image %d (-want +got):\n%s", i, diff)
		}
		if diff := cmp.Diff(fi[i].FieldPositions(), im.FieldPositions()); diff != "" {
			t.Errorf("image %d positions (-full +names only):\n%s", i, diff)
		}
	}
}
