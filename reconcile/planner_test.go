package reconcile_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/spec"
)

// A name used twice once the default region is resolved is reported in
// the error, not added to the caller's set.
func TestPlanReturnsRegionDiagnostics(t *testing.T) {
	img := func(region string, line int) *spec.Image {
		return &spec.Image{Catalog: "web", Name: "web-base", Region: region,
			Source: spec.Source{ServerName: "web-01"}, Pos: spec.Pos{File: "web.yaml", Line: line, Col: 5}}
	}
	set := &spec.Set{Catalogs: []*spec.Catalog{{Name: "web", File: "web.yaml", Images: []*spec.Image{img("KR", 5), img("", 9)}}},
		Files: []spec.File{{Path: "web.yaml", Digest: "sha256:00"}}}
	f := newFake()
	_, _, err := (&reconcile.Planner{API: f}).Plan(context.Background(), set)
	var invalid *reconcile.InvalidSetError
	if !errors.As(err, &invalid) || !errors.Is(err, reconcile.ErrInvalidSet) {
		t.Fatalf("err = %v, want an *InvalidSetError", err)
	}
	if len(invalid.Diagnostics) != 1 || invalid.Diagnostics[0].Pos.Line != 9 {
		t.Errorf("diagnostics = %v, want one at line 9", invalid.Diagnostics)
	}
	if len(set.Diagnostics) != 0 {
		t.Errorf("the caller's set was changed: %v", set.Diagnostics)
	}
	if n := f.count("getServerImageList"); n != 0 {
		t.Errorf("%d image lists for an invalid set, want none", n)
	}

	// a set that already has diagnostics gets a copy of them back
	set.Diagnostics = invalid.Diagnostics
	_, _, err = (&reconcile.Planner{API: f}).Plan(context.Background(), set)
	if !errors.As(err, &invalid) || len(invalid.Diagnostics) != 1 || &invalid.Diagnostics[0] == &set.Diagnostics[0] {
		t.Errorf("err = %v, want an *InvalidSetError with a copy of the set's diagnostic", err)
	}
}
