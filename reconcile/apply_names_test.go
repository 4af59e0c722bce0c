package reconcile_test

import (
	"context"
	"testing"
	"time"

	"github.com/ncpimage/ncpimage/reconcile"
)

// TestApplyNameLookupsShareListings holds the duplicate check of a bulk
// create to listings shared by the images found ready together: 60
// creates cost far fewer than 60 look-ups (it was one call per image,
// doubling BenchmarkApply1000's wall time), and every image is still
// created exactly once.
func TestApplyNameLookupsShareListings(t *testing.T) {
	const n = 60
	emu, client := webAccount(t, 0, 2*time.Second)
	p, _, err := (&reconcile.Planner{API: client}).Plan(context.Background(), benchSet(n))
	if err != nil {
		t.Fatal(err)
	}
	rep := reconcile.Applier{API: client}.Apply(context.Background(), p)
	if rep.Summary.Created != n || rep.Summary.Failed != 0 {
		t.Fatalf("summary %+v, want %d created", rep.Summary, n)
	}
	calls := emu.Calls()
	// the plan's listing, the status checks (at most one a second) and
	// the shared look-ups; one look-up per image alone would be n
	if got := calls["getServerImageList"]; got >= n/2 {
		t.Errorf("getServerImageList called %d times for %d creates, want fewer than %d", got, n, n/2)
	}
	seen := map[string]int{}
	for _, im := range emu.Images("KR") {
		seen[im.Name]++
	}
	for name, k := range seen {
		if k != 1 {
			t.Errorf("%d images named %s", k, name)
		}
	}
}
