package reconcile_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/ncloud/emulator"
	"github.com/ncpimage/ncpimage/reconcile"
)

// TestApplyNameLookupsShareListings holds the duplicate check of a bulk
// create to listings shared by the images found ready together: 60
// creates cost far fewer than 60 look-ups (it was one call per image,
// doubling BenchmarkApply1000's wall time), and every image is still
// created exactly once.
func TestApplyNameLookupsShareListings(t *testing.T) {
	const n = 60
	emu := emulator.New(emulator.Options{Accounts: []emulator.Account{{AccessKey: testAccess, SecretKey: testSecret}},
		CreateDelay: 2 * time.Second})
	seed := emulator.Seed{
		Regions:   []emulator.SeedRegion{{Code: "KR", Name: "Korea"}},
		Servers:   []emulator.SeedServer{{Region: "KR", No: "1001001", Name: "web-01", Status: "RUN"}},
		Snapshots: []emulator.SeedSnapshot{{Region: "KR", No: "3001001", Name: "web-01-root", SizeGB: 10, Bootable: true}},
	}
	if err := emu.Seed(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	client, err := ncloud.New(ncloud.WithEndpoint(srv.URL),
		ncloud.WithCredentials(ncloud.Credentials{AccessKey: testAccess, SecretKey: testSecret}))
	if err != nil {
		t.Fatal(err)
	}
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
