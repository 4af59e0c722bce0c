package reconcile_test

import (
	"context"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/ncloud/emulator"
	"github.com/ncpimage/ncpimage/plan"
	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/spec"
)

const (
	testAccess = "reconcile-test-access"
	testSecret = "reconcile-test-secret"
)

// account starts an emulator over real HTTP holding n images of catalog
// "bulk" (img-00000...) in KR, and a client for it without pacing, so
// the figures measure the plan, not the limiter.
func account(tb testing.TB, n int) (*emulator.Emulator, *ncloud.Client) {
	tb.Helper()
	emu := emulator.New(emulator.Options{Accounts: []emulator.Account{{AccessKey: testAccess, SecretKey: testSecret}}})
	seed := emulator.Seed{
		Regions:   []emulator.SeedRegion{{Code: "KR", Name: "Korea"}, {Code: "SGN", Name: "Singapore(New)"}},
		Servers:   []emulator.SeedServer{{Region: "KR", No: "1001001", Name: "web-01", Status: "RUN"}},
		Snapshots: []emulator.SeedSnapshot{{Region: "KR", No: "3001001", Name: "web-01-root", SizeGB: 10, Bootable: true}},
	}
	for i := range n {
		seed.Images = append(seed.Images, emulator.SeedImage{Region: "KR", Name: imageName(i),
			Description:   spec.WithMarker("bulk image", "bulk"),
			BlockStorages: []emulator.SeedBlockStorage{{Order: 0, SnapshotNo: "3001001", SizeGB: 10}}})
	}
	if err := emu.Seed(seed); err != nil {
		tb.Fatalf("seed: %v", err)
	}
	srv := httptest.NewServer(emu)
	tb.Cleanup(srv.Close)
	client, err := ncloud.New(ncloud.WithEndpoint(srv.URL),
		ncloud.WithCredentials(ncloud.Credentials{AccessKey: testAccess, SecretKey: testSecret}),
		ncloud.WithLimiter(ncloud.NewLimiter(float64(rate.Inf))))
	if err != nil {
		tb.Fatalf("client: %v", err)
	}
	emu.ResetCalls()
	return emu, client
}

func imageName(i int) string { return fmt.Sprintf("img-%05d", i) }

// catalog declares n images of catalog "bulk" matching what account seeds.
func catalog(n int) *spec.Set {
	c := &spec.Catalog{Name: "bulk", File: "bulk.yaml"}
	for i := range n {
		c.Images = append(c.Images, &spec.Image{Catalog: "bulk", Name: imageName(i), Region: "KR",
			Description: "bulk image", Source: spec.Source{ServerName: "web-01"},
			BlockStorages: []spec.BlockStorage{{Order: 0, SnapshotName: "web-01-root", SizeGB: 10}},
			Pos:           spec.Pos{File: "bulk.yaml", Line: 5 + 7*i, Col: 5}})
	}
	return &spec.Set{Catalogs: []*spec.Catalog{c}, Files: []spec.File{{Path: "bulk.yaml", Digest: "sha256:00"}}}
}

func TestPlanCallsFor2500Images(t *testing.T) {
	const m = 2500
	emu, client := account(t, m)
	// 2,500 existing and 10 more desired: 2,500 no-ops and 10 creates.
	p := reconcile.Planner{API: client}
	got, _, err := p.Plan(context.Background(), catalog(m+10))
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	if diff := cmp.Diff(plan.Summary{Create: 10, Unchanged: m}, got.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	want := map[string]int{"getRegionList": 1, "getServerImageList": 3, "getServerInstanceList": 1,
		"getBlockStorageSnapshotInstanceList": 1, "total": 6}
	if diff := cmp.Diff(want, emu.Calls()); diff != "" {
		t.Errorf("API calls (-want +got):\n%s", diff)
	}
	if limit := int(math.Ceil(m/1000.0)) + 4; emu.Calls()["total"] > limit {
		t.Errorf("%d calls, want at most ceil(M/1000)+4 = %d", emu.Calls()["total"], limit)
	}
}

func TestPlanAgainstEmulatorIsStable(t *testing.T) {
	_, client := account(t, 50)
	p := reconcile.Planner{API: client}
	a, _, err := p.Plan(context.Background(), catalog(60))
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := p.Plan(context.Background(), catalog(60))
	if err != nil {
		t.Fatal(err)
	}
	if a.PlanDigest != b.PlanDigest || a.Observed.Digest != b.Observed.Digest {
		t.Errorf("plan of an unchanged account changed: %s vs %s", a.PlanDigest, b.PlanDigest)
	}
}

// BenchmarkPlan10k plans 10,000 desired images against an account of
// 10,000 images served by the emulator over real HTTP.
func BenchmarkPlan10k(b *testing.B) {
	const m = 10000
	emu, client := account(b, m)
	set := catalog(m)
	p := reconcile.Planner{API: client}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		got, _, err := p.Plan(context.Background(), set)
		if err != nil {
			b.Fatal(err)
		}
		if got.Summary.Unchanged != m {
			b.Fatalf("summary %+v", got.Summary)
		}
	}
	b.StopTimer()
	calls := float64(emu.Calls()["total"]) / float64(b.N)
	b.ReportMetric(calls, "calls/op")
	b.ReportMetric((m+4)/calls, "fewer-calls-x")
	b.Logf("API calls per plan: %.0f (budget <= %d), vs %d+ for one read per image (%.0fx fewer); peak RSS %s",
		calls, m/1000+4, m, (m+4)/calls, peakRSS())
}

// peakRSS reads the process's high-water resident set size (Linux).
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
