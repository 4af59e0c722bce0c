package reconcile_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"testing"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/spec"
)

const staleManifest = "catalog: web\n"

// stalePlan plans "web-base" (from server web-01) and "web-wait" against
// f, from a manifest whose content is staleManifest.
func stalePlan(t *testing.T, f *fakeAPI) *plan.Plan {
	t.Helper()
	sum := sha256.Sum256([]byte(staleManifest))
	img := func(name string, line int) *spec.Image {
		return &spec.Image{Catalog: "web", Name: name, Region: "KR", Description: "golden",
			Source: spec.Source{ServerName: "web-01"}, Pos: spec.Pos{File: "web.yaml", Line: line, Col: 5}}
	}
	set := &spec.Set{Catalogs: []*spec.Catalog{{Name: "web", File: "web.yaml", Images: []*spec.Image{img("web-base", 5), img("web-wait", 9)}}},
		Files: []spec.File{{Path: "web.yaml", Digest: "sha256:" + hex.EncodeToString(sum[:])}}}
	p, _, err := (&reconcile.Planner{API: f}).Plan(context.Background(), set)
	if err != nil {
		t.Fatal(err)
	}
	if s := p.Summary; s.Create != 1 || s.Waiting != 1 {
		t.Fatalf("plan summary %+v, want one create and one wait", s)
	}
	return p
}

func TestCheckStale(t *testing.T) {
	tests := []struct {
		name          string
		change        func(f *fakeAPI, waitNo string)
		manifest      string // "" keeps it; "-" makes it unreadable
		wantManifests []string
		wantObjects   []string
	}{
		{name: "nothing changed"},
		{name: "an unrelated image appears", change: func(f *fakeAPI, _ string) {
			f.add("someone-else", "by hand", ncloud.ImageCreated)
		}},
		{name: "the image waited for is now created", change: func(f *fakeAPI, no string) {
			f.images[no].img.Status, f.images[no].img.Operation = ncloud.ImageCreated, ncloud.OperationNull
		}},
		{name: "the manifest changed", manifest: "catalog: web\nimages: []\n", wantManifests: []string{"web.yaml"}},
		{name: "the manifest is gone", manifest: "-", wantManifests: []string{"web.yaml (unreadable)"}},
		{name: "an image of a planned name appears", change: func(f *fakeAPI, _ string) {
			f.add("web-base", spec.WithMarker("golden", "web"), ncloud.ImageInit)
		}, wantObjects: []string{"image:KR/web-base"}},
		{name: "the source server becomes busy", change: func(f *fakeAPI, _ string) { f.serverOp = "REBOOT" },
			wantObjects: []string{"server:KR/name:web-01"}},
		{name: "the image waited for is replaced by another", change: func(f *fakeAPI, no string) {
			f.images[no].gone = true
			f.add("web-wait", spec.WithMarker("golden", "web"), ncloud.ImageInit)
		}, wantObjects: []string{"image:KR/web-wait"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			waitNo := f.add("web-wait", spec.WithMarker("golden", "web"), ncloud.ImageInit)
			p := stalePlan(t, f)
			if tc.change != nil {
				tc.change(f, waitNo)
			}
			readFile := func(path string) ([]byte, error) {
				switch {
				case path != "web.yaml" || tc.manifest == "-":
					return nil, os.ErrNotExist
				case tc.manifest != "":
					return []byte(tc.manifest), nil
				}
				return []byte(staleManifest), nil
			}
			err := reconcile.CheckStale(context.Background(), f, p, readFile)
			if tc.wantManifests == nil && tc.wantObjects == nil {
				if err != nil {
					t.Fatalf("CheckStale = %v, want not stale", err)
				}
				return
			}
			var se *reconcile.StaleError
			if !errors.As(err, &se) {
				t.Fatalf("CheckStale = %v, want a *StaleError", err)
			}
			if diff := cmp.Diff([2][]string{tc.wantManifests, tc.wantObjects}, [2][]string{se.Manifests, se.Objects}); diff != "" {
				t.Errorf("manifests, objects (-want +got):\n%s", diff)
			}
		})
	}
}

// A sharing change by someone else makes a plan stale only for an image
// whose sharing the plan manages.
func TestCheckStaleSharing(t *testing.T) {
	f := newFake()
	managed := f.add("web-shared", spec.WithMarker("golden", "web"), ncloud.ImageCreated)
	other := f.add("web-plain", spec.WithMarker("golden", "web"), ncloud.ImageCreated)
	img := func(name string, share []string) *spec.Image {
		return &spec.Image{Catalog: "web", Name: name, Region: "KR", Description: "golden", ShareWith: share,
			Source: spec.Source{ServerName: "web-01"}, Pos: spec.Pos{File: "web.yaml", Line: 5, Col: 5}}
	}
	sum := sha256.Sum256([]byte(staleManifest))
	set := &spec.Set{Catalogs: []*spec.Catalog{{Name: "web", File: "web.yaml",
		Images: []*spec.Image{img("web-shared", []string{"a@example.com"}), img("web-plain", nil)}}},
		Files: []spec.File{{Path: "web.yaml", Digest: "sha256:" + hex.EncodeToString(sum[:])}}}
	p, _, err := (&reconcile.Planner{API: f}).Plan(context.Background(), set)
	if err != nil {
		t.Fatal(err)
	}
	if p.Summary.Update != 1 || p.Summary.Unchanged != 1 {
		t.Fatalf("summary %+v, want one update and one unchanged", p.Summary)
	}
	readFile := func(string) ([]byte, error) { return []byte(staleManifest), nil }
	f.images[other].img.SharedLoginIDs = []string{"z@example.com"}
	if err := reconcile.CheckStale(context.Background(), f, p, readFile); err != nil {
		t.Fatalf("sharing of an image whose sharing is not managed: %v, want not stale", err)
	}
	f.images[managed].img.SharedLoginIDs = []string{"z@example.com"}
	var se *reconcile.StaleError
	if err := reconcile.CheckStale(context.Background(), f, p, readFile); !errors.As(err, &se) ||
		!cmp.Equal(se.Objects, []string{"sharing:KR/web-shared"}) {
		t.Fatalf("CheckStale = %v, want stale sharing:KR/web-shared", err)
	}
}
