package spec

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const catalogText = `# yaml-language-server: $schema=x
apiVersion: ncpimage/v1
kind: ServerImageCatalog
catalog: web
defaults:
  region: KR
  description: &desc Golden image
images:
  - name: web-base
    source:
      serverName: web-01
    blockStorages:
      - order: 0
        snapshotName: web-01-root
      - order: 1
        sizeGB: 100
        volumeType: CB1
        empty: true
      - {order: 2, exclude: true}
  - name: api-base
    region: SGN
    description: *desc
    source: {serverInstanceNo: "1001003"}
---
apiVersion: ncpimage/v1
kind: ServerImageCatalog
catalog: data
images: []
`

func pos(line, col int) Pos { return Pos{File: "a.yaml", Line: line, Col: col} }

func wantCatalogs() []*Catalog {
	web := &Image{
		Catalog: "web", Name: "web-base", Region: "KR", Description: "Golden image",
		Source: Source{ServerName: "web-01"},
		BlockStorages: []BlockStorage{
			{Order: 0, SnapshotName: "web-01-root"},
			{Order: 1, SizeGB: 100, VolumeType: "CB1", Empty: true},
			{Order: 2, Exclude: true},
		},
		Pos: pos(9, 5), Pointer: "/images/0",
		Fields: map[string]Pos{
			"name": pos(9, 5), "region": pos(6, 3), "description": pos(7, 3),
			"source": pos(10, 5), "source.serverName": pos(11, 7),
			"blockStorages":   pos(12, 5),
			"blockStorages.0": pos(13, 9), "blockStorages.0.order": pos(13, 9), "blockStorages.0.snapshotName": pos(14, 9),
			"blockStorages.1": pos(15, 9), "blockStorages.1.order": pos(15, 9), "blockStorages.1.sizeGB": pos(16, 9),
			"blockStorages.1.volumeType": pos(17, 9), "blockStorages.1.empty": pos(18, 9),
			"blockStorages.2": pos(19, 9), "blockStorages.2.order": pos(19, 10), "blockStorages.2.exclude": pos(19, 20),
		},
	}
	api := &Image{
		Catalog: "web", Name: "api-base", Region: "SGN", Description: "Golden image",
		Source: Source{ServerInstanceNo: "1001003"},
		Pos:    pos(20, 5), Pointer: "/images/1",
		Fields: map[string]Pos{
			"name": pos(20, 5), "region": pos(21, 5), "description": pos(22, 5),
			"source": pos(23, 5), "source.serverInstanceNo": pos(23, 14),
		},
	}
	return []*Catalog{
		{Name: "web", File: "a.yaml", Doc: 0, Pos: pos(2, 1), PrunePos: pos(2, 1), MaxDeletesPos: pos(2, 1), Images: []*Image{web, api}},
		{Name: "data", File: "a.yaml", Doc: 1, Pos: pos(25, 1), PrunePos: pos(25, 1), MaxDeletesPos: pos(25, 1)},
	}
}

func TestLoadModel(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{name: "plain", text: catalogText},
		{name: "byte order mark", text: "\xef\xbb\xbf" + catalogText},
		{name: "CRLF line ends", text: strings.ReplaceAll(catalogText, "\n", "\r\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			write(t, map[string]string{"a.yaml": tt.text})
			set := Load([]string{"a.yaml"})
			if len(set.Diagnostics) > 0 {
				t.Fatalf("unexpected diagnostics: %v", messages(set))
			}
			// Load keeps positions compactly: compare them as a map.
			positions := cmp.Transformer("positions", func(im *Image) map[string]any {
				return map[string]any{"image": *im, "fields": im.FieldPositions()}
			})
			ignore := cmpopts.IgnoreFields(Image{}, "Fields", "shape", "shareWithPos")
			if diff := cmp.Diff(wantCatalogs(), set.Catalogs, positions, ignore, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("catalogs mismatch (-want +got):\n%s", diff)
			}
			if len(set.Files) != 1 || !strings.HasPrefix(set.Files[0].Digest, "sha256:") {
				t.Errorf("files: %+v", set.Files)
			}
		})
	}
}

func TestLoadWalksDirectories(t *testing.T) {
	img := "images:\n  - name: %s\n    source: {serverName: x}\n"
	write(t, map[string]string{
		"cat/b.yml":          header + strings.Replace(img, "%s", "img-b", 1),
		"cat/a.yaml":         header + strings.Replace(img, "%s", "img-a", 1),
		"cat/sub/c.YAML":     header + strings.Replace(img, "%s", "img-c", 1),
		"cat/notes.txt":      "not yaml",
		"cat/.hidden/d.yaml": "not: [valid",
		"e.yaml":             header + strings.Replace(img, "%s", "img-e", 1),
	})
	set := Load([]string{"e.yaml", "cat", "cat/a.yaml"})
	if len(set.Diagnostics) > 0 {
		t.Fatalf("unexpected diagnostics: %v", messages(set))
	}
	var files, names []string
	for _, f := range set.Files {
		files = append(files, f.Path)
	}
	for _, im := range set.Images() {
		names = append(names, im.Name)
	}
	if diff := cmp.Diff([]string{"e.yaml", "cat/a.yaml", "cat/b.yml", "cat/sub/c.YAML"}, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"img-e", "img-a", "img-b", "img-c"}, names); diff != "" {
		t.Errorf("images (-want +got):\n%s", diff)
	}
}

func TestMarker(t *testing.T) {
	tests := []struct {
		name        string
		full        string
		wantDesc    string
		wantCatalog string
		wantRebuild string
		wantOK      bool
	}{
		{name: "with text", full: "Ubuntu 22.04 [ncpimage:web-team]", wantDesc: "Ubuntu 22.04", wantCatalog: "web-team", wantOK: true},
		{name: "marker alone", full: "[ncpimage:web]", wantDesc: "", wantCatalog: "web", wantOK: true},
		{name: "no marker", full: "Ubuntu", wantDesc: "Ubuntu"},
		{name: "not at the end", full: "a [ncpimage:web] b", wantDesc: "a [ncpimage:web] b"},
		{name: "no space before", full: "a[ncpimage:web]", wantDesc: "a[ncpimage:web]"},
		{name: "bad catalog", full: "a [ncpimage:Web Team]", wantDesc: "a [ncpimage:Web Team]"},
		{name: "empty catalog", full: "a [ncpimage:]", wantDesc: "a [ncpimage:]"},
		{name: "last marker wins", full: "a [ncpimage:x] [ncpimage:y]", wantDesc: "a [ncpimage:x]", wantCatalog: "y", wantOK: true},
		{name: "with a rebuild", full: "a [ncpimage:web@2026-12.1_b]", wantDesc: "a", wantCatalog: "web", wantRebuild: "2026-12.1_b", wantOK: true},
		{name: "empty rebuild", full: "a [ncpimage:web@]", wantDesc: "a [ncpimage:web@]"},
		{name: "bad rebuild", full: "a [ncpimage:web@x y]", wantDesc: "a [ncpimage:web@x y]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			desc, catalog, rebuild, ok := ParseMarker(tt.full)
			if diff := cmp.Diff([]any{tt.wantDesc, tt.wantCatalog, tt.wantRebuild, tt.wantOK}, []any{desc, catalog, rebuild, ok}); diff != "" {
				t.Errorf("ParseMarker(%q) (-want +got):\n%s", tt.full, diff)
			}
			if ok && WithRebuildMarker(desc, catalog, rebuild) != tt.full {
				t.Errorf("WithRebuildMarker(%q, %q, %q) = %q, want %q", desc, catalog, rebuild, WithRebuildMarker(desc, catalog, rebuild), tt.full)
			}
		})
	}
	if got := Marker("web"); got != " [ncpimage:web]" {
		t.Errorf("Marker = %q", got)
	}
}
