package spec

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAdoptAndShareWith(t *testing.T) {
	tests := []struct {
		name      string
		yaml      string
		wantDiags []string
		wantAdopt []bool
		wantShare [][]string
	}{
		{name: "adopt in defaults lifts the source rule", yaml: `apiVersion: ncpimage/v1
kind: ServerImageCatalog
catalog: web
defaults: {adopt: true, shareWith: [a@x.com]}
images:
  - name: web-a
  - {name: web-b, adopt: false, source: {serverName: s}, shareWith: []}
`, wantAdopt: []bool{true, false}, wantShare: [][]string{{"a@x.com"}, {}}},
		{name: "no source without adopt", yaml: `apiVersion: ncpimage/v1
kind: ServerImageCatalog
catalog: web
images:
  - name: web-a
`, wantDiags: []string{`c.yaml:5:5: missing required field "source" in images[0] (or adopt: true, for an image that exists)`}},
		{name: "duplicate and empty login ids", yaml: `apiVersion: ncpimage/v1
kind: ServerImageCatalog
catalog: web
images:
  - name: web-a
    source: {serverName: s}
    shareWith:
      - a@x.com
      - ""
      - a@x.com
`, wantDiags: []string{
			`c.yaml:9:9: shareWith[1] must be at least 1 characters long, not 0`,
			`c.yaml:10:9: shareWith lists "a@x.com" twice (also entry 0)`,
		}},
		{name: "omitted shareWith is unmanaged", yaml: `apiVersion: ncpimage/v1
kind: ServerImageCatalog
catalog: web
images:
  - {name: web-a, source: {serverName: s}}
`, wantAdopt: []bool{false}, wantShare: [][]string{nil}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "c.yaml")
			if err := os.WriteFile(path, []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			set := Load([]string{"c.yaml"})
			var diags []string
			for _, d := range set.Diagnostics {
				diags = append(diags, d.Error())
			}
			if diff := cmp.Diff(tc.wantDiags, diags); diff != "" {
				t.Fatalf("diagnostics (-want +got):\n%s", diff)
			}
			if tc.wantDiags != nil {
				return
			}
			var adopt []bool
			var share [][]string
			for _, im := range set.Images() {
				adopt, share = append(adopt, im.Adopt), append(share, im.ShareWith)
			}
			if diff := cmp.Diff(tc.wantAdopt, adopt); diff != "" {
				t.Errorf("adopt (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantShare, share); diff != "" {
				t.Errorf("shareWith (-want +got):\n%s", diff)
			}
		})
	}
}
