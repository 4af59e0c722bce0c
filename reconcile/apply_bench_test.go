package reconcile_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/ncloud/emulator"
	"github.com/ncpimage/ncpimage/plan"
	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/spec"
)

// Figures of the apply benchmark (issue 5).
const (
	benchImages = 1000
	benchRate   = 50 // requests per second, enforced by the emulator and paced by the client
	benchDelay  = 2 * time.Second
)

// BenchmarkApply1000 plans and applies 1,000 images against the emulator
// over HTTP with a 50 req/s limit and a 2 s creation delay, with the
// default poll schedule, and reports wall time against the floor
// N/rate + delay (the last create, then its creation), and API calls per
// (creates + polls). Run it alone, it takes ~22 s:
//
//	go test -run '^$' -bench Apply1000 -benchtime 1x ./reconcile/
func BenchmarkApply1000(b *testing.B) {
	for b.Loop() {
		emu, client := benchAccount(b)
		start := time.Now()
		p, _, err := (&reconcile.Planner{API: client}).Plan(context.Background(), benchSet(benchImages))
		if err != nil {
			b.Fatal(err)
		}
		var lastWait time.Time // the last create answered: its wait begins
		progress := func(e plan.Event) {
			if strings.HasPrefix(e.Message, "waiting for image") {
				lastWait = e.Time
			}
		}
		rep := reconcile.Applier{API: client, Parallelism: reconcile.DefaultParallelism, Progress: progress}.
			Apply(context.Background(), p)
		wall := time.Since(start)
		if rep.Summary.Created != benchImages {
			b.Fatalf("summary %+v, want %d created", rep.Summary, benchImages)
		}
		calls := emu.Calls()
		polls := calls["getServerImageList"] - 1 // the plan lists once
		floor := time.Duration(benchImages)*time.Second/benchRate + benchDelay
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.ReportMetric(wall.Seconds()/floor.Seconds(), "wall/floor")
		b.ReportMetric(lastWait.Sub(start).Seconds(), "last-create-s")
		b.ReportMetric(float64(calls["total"])/float64(calls["createServerImage"]+polls), "calls/(creates+polls)")
		b.ReportMetric(float64(calls["total"]), "calls")
		b.ReportMetric(float64(polls), "polls")
		b.ReportMetric(float64(calls["createServerImage"]), "creates")
	}
}

// benchAccount is the sandbox-like account with the rate limit and the
// delay of the benchmark, and a client paced at the same rate.
func benchAccount(b *testing.B) (*emulator.Emulator, *ncloud.Client) {
	return webAccount(b, benchRate, benchDelay)
}

// webAccount is an account with server web-01 and its bootable snapshot
// in KR, creating images in delay, with a client; rate > 0 limits the
// account and paces the client to it.
func webAccount(tb testing.TB, rate float64, delay time.Duration) (*emulator.Emulator, *ncloud.Client) {
	tb.Helper()
	emu := emulator.New(emulator.Options{Accounts: []emulator.Account{{AccessKey: testAccess, SecretKey: testSecret}},
		CreateDelay: delay})
	seed := emulator.Seed{
		Regions:   []emulator.SeedRegion{{Code: "KR", Name: "Korea"}},
		Servers:   []emulator.SeedServer{{Region: "KR", No: "1001001", Name: "web-01", Status: "RUN"}},
		Snapshots: []emulator.SeedSnapshot{{Region: "KR", No: "3001001", Name: "web-01-root", SizeGB: 10, Bootable: true}},
	}
	if err := emu.Seed(seed); err != nil {
		tb.Fatal(err)
	}
	opts := []ncloud.Option{ncloud.WithCredentials(ncloud.Credentials{AccessKey: testAccess, SecretKey: testSecret})}
	if rate > 0 {
		emu.SetFaults(emulator.Faults{RateLimit: rate, Burst: int(rate)})
		opts = append(opts, ncloud.WithLimiter(ncloud.NewLimiter(rate)))
	}
	srv := httptest.NewServer(emu)
	tb.Cleanup(srv.Close)
	client, err := ncloud.New(append(opts, ncloud.WithEndpoint(srv.URL))...)
	if err != nil {
		tb.Fatal(err)
	}
	return emu, client
}

// benchSet declares n images of catalog "bench" from web-01.
func benchSet(n int) *spec.Set {
	c := &spec.Catalog{Name: "bench", File: "bench.yaml"}
	for i := range n {
		c.Images = append(c.Images, &spec.Image{Catalog: "bench", Name: fmt.Sprintf("bench-%04d", i), Region: "KR",
			Description: "bench image", Source: spec.Source{ServerName: "web-01"},
			BlockStorages: []spec.BlockStorage{{Order: 0, SnapshotName: "web-01-root", SizeGB: 10}},
			Pos:           spec.Pos{File: "bench.yaml", Line: 5 + 7*i, Col: 5}})
	}
	return &spec.Set{Catalogs: []*spec.Catalog{c}, Files: []spec.File{{Path: "bench.yaml", Digest: "sha256:00"}}}
}
