package ncloud_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/time/rate"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

const (
	emuAccess = "ncpimage-test-access"
	emuSecret = "ncpimage-test-secret-do-not-print"
)

// account is a part of the sandbox inventory of the common brief.
func account() emulator.Seed {
	return emulator.Seed{
		Regions: []emulator.SeedRegion{{Code: "KR", Name: "Korea"}, {Code: "SGN", Name: "Singapore(New)"}, {Code: "JPN", Name: "Japan(New)"}},
		Servers: []emulator.SeedServer{
			{Region: "KR", No: "1001001", Name: "web-01", Status: "RUN"},
			{Region: "KR", No: "1001002", Name: "web-02", Status: "NSTOP"},
			{Region: "SGN", No: "2001001", Name: "web-sg-01", Status: "RUN"},
		},
		Snapshots: []emulator.SeedSnapshot{
			{Region: "KR", No: "3001001", Name: "web-01-root-2026-11", SizeGB: 10, Bootable: true, VolumeType: "CB1"},
			{Region: "KR", No: "3001005", Name: "db-01-data-2026-11", SizeGB: 200, VolumeType: "CB2"},
		},
	}
}

type emuEnv struct {
	emu    *emulator.Emulator
	client *ncloud.Client
	url    string
}

// newEmu serves an emulator seeded with account() and extra over real
// HTTP, and returns a client of it with fast retries and no rate limit.
func newEmu(t testing.TB, o emulator.Options, extra emulator.Seed, opts ...ncloud.Option) *emuEnv {
	t.Helper()
	o.Accounts = append(o.Accounts, emulator.Account{AccessKey: emuAccess, SecretKey: emuSecret})
	emu := emulator.New(o)
	for _, s := range []emulator.Seed{account(), extra} {
		if err := emu.Seed(s); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	log := &lockedBuffer{}
	t.Cleanup(func() {
		if strings.Contains(log.String(), emuSecret) {
			t.Errorf("debug log contains the secret key")
		}
	})
	base := []ncloud.Option{ncloud.WithDebug(log),
		ncloud.WithEndpoint(srv.URL), ncloud.WithRegion("KR"),
		ncloud.WithCredentials(ncloud.Credentials{AccessKey: emuAccess, SecretKey: emuSecret}),
		ncloud.WithLimiter(ncloud.NewLimiter(float64(rate.Inf))),
		ncloud.WithRetry(ncloud.RetryPolicy{MaxAttempts: 5, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}),
	}
	c, err := ncloud.New(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return &emuEnv{emu: emu, client: c, url: srv.URL}
}

func TestEmulatorReads(t *testing.T) {
	env := newEmu(t, emulator.Options{}, emulator.Seed{})
	ctx := context.Background()
	regions, err := env.client.GetRegionList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantRegions := []ncloud.Region{{Code: "KR", Name: "Korea"}, {Code: "SGN", Name: "Singapore(New)"}, {Code: "JPN", Name: "Japan(New)"}}
	if diff := cmp.Diff(wantRegions, regions); diff != "" {
		t.Errorf("regions (-want +got):\n%s", diff)
	}
	servers, err := env.client.GetServerInstanceList(ctx, "", ncloud.ServerFilter{Name: "web-02"})
	if err != nil {
		t.Fatal(err)
	}
	wantServers := []ncloud.ServerInstance{{No: "1001002", Name: "web-02", Region: "KR", Status: "NSTOP", Operation: "NULL"}}
	if diff := cmp.Diff(wantServers, servers, cmpopts.IgnoreFields(ncloud.ServerInstance{}, "StatusName")); diff != "" {
		t.Errorf("servers (-want +got):\n%s", diff)
	}
	servers, err = env.client.GetServerInstanceList(ctx, "SGN", ncloud.ServerFilter{Nos: []string{"2001001"}})
	if err != nil || len(servers) != 1 || servers[0].Name != "web-sg-01" || servers[0].Region != "SGN" {
		t.Errorf("SGN servers = %+v, %v", servers, err)
	}
	snaps, err := env.client.GetBlockStorageSnapshotInstanceList(ctx, "KR", ncloud.SnapshotFilter{Nos: []string{"3001001", "3001005"}})
	if err != nil {
		t.Fatal(err)
	}
	wantSnaps := []ncloud.Snapshot{
		{No: "3001001", Name: "web-01-root-2026-11", SizeBytes: 10 << 30, Status: "CREAT", Operation: "NULL", Bootable: true, VolumeType: "CB1"},
		{No: "3001005", Name: "db-01-data-2026-11", SizeBytes: 200 << 30, Status: "CREAT", Operation: "NULL", VolumeType: "CB2"},
	}
	if diff := cmp.Diff(wantSnaps, snaps); diff != "" {
		t.Errorf("snapshots (-want +got):\n%s", diff)
	}
}

// An image's life through the client: create (INIT), list, detail (CREAT
// once the delay passed), delete, gone.
func TestEmulatorImageLifecycle(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	env := newEmu(t, emulator.Options{CreateDelay: time.Minute, DeleteDelay: time.Minute, Now: func() time.Time { return clock() }},
		emulator.Seed{}, ncloud.WithClock(func() time.Time { return clock() }))
	ctx := context.Background()
	in := ncloud.CreateImageInput{ServerInstanceNo: "1001001", Name: "web-base-2026-11", Description: "nginx [ncpimage:web]",
		BlockStorages: []ncloud.BlockStorageInput{{Order: 0, SnapshotInstanceNo: "3001001"}, {Order: 1, SnapshotInstanceNo: "3001005", SizeGB: 250, VolumeType: "CB2"}}}
	img, err := env.client.CreateServerImage(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if img.No == "" || img.Name != in.Name || img.Status != "INIT" || img.Operation != "CREAT" || img.Type != "SELF" {
		t.Errorf("created image = %+v", img)
	}
	list, err := env.client.GetServerImageList(ctx, "", ncloud.ImageFilter{Name: in.Name})
	if err != nil || len(list) != 1 || list[0].No != img.No {
		t.Fatalf("list by name = %+v, %v", list, err)
	}
	byNo := func() []ncloud.ServerImage {
		t.Helper()
		imgs, err := env.client.GetServerImageList(ctx, "KR", ncloud.ImageFilter{Nos: []string{img.No}})
		if err != nil {
			t.Fatal(err)
		}
		return imgs
	}
	now = now.Add(2 * time.Minute)
	listed := byNo()
	if len(listed) != 1 {
		t.Fatalf("list by number = %+v", listed)
	}
	got := listed[0]
	wantDisks := []ncloud.BlockStorageMapping{
		{Order: 0, SnapshotInstanceNo: "3001001", SnapshotName: "web-01-root-2026-11", SizeBytes: 10 << 30, VolumeType: "CB1"},
		{Order: 1, SnapshotInstanceNo: "3001005", SnapshotName: "db-01-data-2026-11", SizeBytes: 250 << 30, VolumeType: "CB2"},
	}
	if diff := cmp.Diff(wantDisks, got.BlockStorages, cmpopts.IgnoreFields(ncloud.BlockStorageMapping{}, "Name")); diff != "" {
		t.Errorf("disks (-want +got):\n%s", diff)
	}
	if got.Status != "CREAT" || got.Operation != "NULL" || got.Description != in.Description || got.CreateDate.IsZero() {
		t.Errorf("image after the delay = %+v", got)
	}
	if err := env.client.DeleteServerImage(ctx, "KR", []string{img.No}); err != nil {
		t.Fatal(err)
	}
	if got := byNo(); len(got) != 1 || !got[0].Terminating() {
		t.Errorf("image while terminating = %+v", got)
	}
	now = now.Add(2 * time.Minute)
	if got := byNo(); len(got) != 0 {
		t.Errorf("image after delete = %+v, want none listed", got)
	}
}

func TestEmulatorRejections(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		opts   []ncloud.Option
		call   func(c *ncloud.Client) error
		status int
		code   string
		gw     bool
	}{
		{
			name: "wrong secret", status: 401, code: "200", gw: true,
			opts: []ncloud.Option{ncloud.WithCredentials(ncloud.Credentials{AccessKey: emuAccess, SecretKey: "wrong"})},
			call: func(c *ncloud.Client) error { _, err := c.GetRegionList(ctx); return err },
		},
		{
			name: "unknown key", status: 401, code: "200", gw: true,
			opts: []ncloud.Option{ncloud.WithCredentials(ncloud.Credentials{AccessKey: "nobody", SecretKey: emuSecret})},
			call: func(c *ncloud.Client) error { _, err := c.GetRegionList(ctx); return err },
		},
		{
			name: "clock 6 minutes slow", status: 401, code: "200", gw: true,
			opts: []ncloud.Option{ncloud.WithClock(func() time.Time { return time.Now().Add(-6 * time.Minute) })},
			call: func(c *ncloud.Client) error { _, err := c.GetRegionList(ctx); return err },
		},
		{
			name: "duplicate name", status: 400, code: "3400001",
			call: func(c *ncloud.Client) error {
				_, err := c.CreateServerImage(ctx, ncloud.CreateImageInput{ServerInstanceNo: "1001001", Name: "taken-name"})
				return err
			},
		},
		{
			name: "bad name", status: 400, code: "3400002",
			call: func(c *ncloud.Client) error {
				_, err := c.CreateServerImage(ctx, ncloud.CreateImageInput{ServerInstanceNo: "1001001", Name: "X"})
				return err
			},
		},
		{
			name: "unknown region", status: 400, code: "3400014",
			call: func(c *ncloud.Client) error {
				_, err := c.GetServerImageList(ctx, "XX", ncloud.ImageFilter{})
				return err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newEmu(t, emulator.Options{CreateDelay: time.Hour}, emulator.Seed{Images: []emulator.SeedImage{{Region: "KR", Name: "taken-name"}}}, tt.opts...)
			err := tt.call(env.client)
			var ae *ncloud.APIError
			if !errors.As(err, &ae) || ae.HTTPStatus != tt.status || ae.Code != tt.code || ae.Gateway != tt.gw {
				t.Fatalf("err = %v, want HTTP %d code %s", err, tt.status, tt.code)
			}
			if strings.Contains(err.Error(), emuSecret) {
				t.Errorf("error contains the secret key: %v", err)
			}
			var ou *ncloud.OutcomeUnknownError
			if errors.As(err, &ou) || ncloud.IsRetryable(err) {
				t.Errorf("a rejection is terminal and known: %v", err)
			}
			if calls := env.emu.Calls()["total"]; calls > 1 {
				t.Errorf("emulator counted %d calls, want at most 1", calls)
			}
		})
	}
}

// Pagination over 2,500 images: every image once, in 3 calls.
func TestEmulatorPagination2500(t *testing.T) {
	env := newEmu(t, emulator.Options{}, manyImages(2500))
	env.emu.ResetCalls()
	imgs, err := env.client.GetServerImageList(context.Background(), "KR", ncloud.ImageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, img := range imgs {
		seen[img.No] = true
	}
	if len(imgs) != 2500 || len(seen) != 2500 {
		t.Errorf("listed %d images (%d distinct), want 2500", len(imgs), len(seen))
	}
	if calls := env.emu.Calls()["getServerImageList"]; calls != 3 {
		t.Errorf("getServerImageList calls = %d, want 3", calls)
	}
}

func manyImages(n int) emulator.Seed {
	s := emulator.Seed{}
	for i := range n {
		s.Images = append(s.Images, emulator.SeedImage{Region: "KR", Name: fmt.Sprintf("img-%05d", i),
			BlockStorages: []emulator.SeedBlockStorage{{Order: 0, SnapshotNo: "3001001"}}})
	}
	return s
}

// Injected faults: reads ride through throttling and transient errors; a
// create that the emulator executes but answers 504 is outcome-unknown,
// sent once, and the image exists; a dropped create is outcome-unknown.
func TestEmulatorFaults(t *testing.T) {
	ctx := context.Background()
	t.Run("throttled reads retried within the budget, not a count", func(t *testing.T) {
		env := newEmu(t, emulator.Options{RandSeed: 1}, emulator.Seed{},
			ncloud.WithRetry(ncloud.RetryPolicy{Budget: time.Second, MaxAttempts: 5, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}))
		env.emu.SetFaults(emulator.Faults{RateLimit: 0.001, Burst: 2})
		_, err := env.client.GetRegionList(ctx)
		for range 2 {
			_, err = env.client.GetRegionList(ctx)
		}
		var ae *ncloud.APIError
		if !errors.As(err, &ae) || ae.HTTPStatus != 429 || env.emu.Calls()["getRegionList"] <= 2+5 {
			t.Errorf("err = %v after %d calls, want 429 after more than 2+5 calls", err, env.emu.Calls()["getRegionList"])
		}
	})
	t.Run("transient errors retried", func(t *testing.T) {
		env := newEmu(t, emulator.Options{RandSeed: 7}, emulator.Seed{})
		env.emu.SetFaults(emulator.Faults{ErrorRate: 0.5, DropRate: 0.2})
		for range 10 {
			if _, err := env.client.GetServerImageList(ctx, "", ncloud.ImageFilter{}); err != nil {
				t.Fatal(err)
			}
		}
		if calls := env.emu.Calls()["getServerImageList"]; calls <= 10 {
			t.Errorf("calls = %d, want retries beyond 10", calls)
		}
	})
	t.Run("create answered 504", func(t *testing.T) {
		env := newEmu(t, emulator.Options{}, emulator.Seed{})
		env.emu.SetFaults(emulator.Faults{Create504Rate: 1})
		_, err := env.client.CreateServerImage(ctx, ncloud.CreateImageInput{ServerInstanceNo: "1001001", Name: "web-a"})
		var ou *ncloud.OutcomeUnknownError
		if !errors.As(err, &ou) || env.emu.Calls()["createServerImage"] != 1 || len(env.emu.Images("KR")) != 1 {
			t.Errorf("err = %v, creates %d, images %d; want outcome unknown, 1, 1", err, env.emu.Calls()["createServerImage"], len(env.emu.Images("KR")))
		}
	})
	t.Run("create dropped", func(t *testing.T) {
		env := newEmu(t, emulator.Options{}, emulator.Seed{})
		env.emu.SetFaults(emulator.Faults{DropRate: 1})
		_, err := env.client.CreateServerImage(ctx, ncloud.CreateImageInput{ServerInstanceNo: "1001001", Name: "web-a"})
		var ou *ncloud.OutcomeUnknownError
		if !errors.As(err, &ou) || env.emu.Calls()["createServerImage"] != 1 {
			t.Errorf("err = %v, creates %d; want outcome unknown after 1", err, env.emu.Calls()["createServerImage"])
		}
	})
}

// lockedBuffer collects a debug log written from concurrent calls.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// BenchmarkListImages10k lists 10,000 images from the emulator over HTTP;
// calls/op must be 10 (pageSize 1000).
func BenchmarkListImages10k(b *testing.B) {
	env := newEmu(b, emulator.Options{}, manyImages(10000))
	env.emu.ResetCalls()
	ctx := context.Background()
	n := 0
	for b.Loop() {
		imgs, err := env.client.GetServerImageList(ctx, "KR", ncloud.ImageFilter{})
		if err != nil || len(imgs) != 10000 {
			b.Fatalf("listed %d images: %v", len(imgs), err)
		}
		n++
	}
	b.ReportMetric(float64(env.emu.Calls()["getServerImageList"])/float64(n), "calls/op")
}

// Sharing through the emulator: add, then remove, each row listing the
// accounts; an image that is not CREAT is refused (3400018).
func TestEmulatorSharing(t *testing.T) {
	env := newEmu(t, emulator.Options{CreateDelay: time.Hour}, emulator.Seed{Images: []emulator.SeedImage{
		{Region: "KR", No: "5000001", Name: "shared"},
		{Region: "KR", No: "5000002", Name: "pending", Status: "INIT"},
	}})
	ctx := context.Background()
	c := env.client
	if err := c.AddServerImageSharingPermission(ctx, "KR", "5000001", []string{"a@example.com", "b@example.com"}); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveServerImageSharingPermission(ctx, "KR", "5000001", []string{"a@example.com"}); err != nil {
		t.Fatal(err)
	}
	imgs, err := c.GetServerImageList(ctx, "KR", ncloud.ImageFilter{Name: "shared"})
	if err != nil || len(imgs) != 1 {
		t.Fatalf("list = %v, %v", imgs, err)
	}
	if diff := cmp.Diff([]string{"b@example.com"}, imgs[0].SharedLoginIDs); diff != "" || imgs[0].ShareStatus != "SHARE" {
		t.Errorf("sharing %s (-want +got):\n%s", imgs[0].ShareStatus, diff)
	}
	err = c.AddServerImageSharingPermission(ctx, "KR", "5000002", []string{"a@example.com"})
	var ae *ncloud.APIError
	if !errors.As(err, &ae) || ae.Code != "3400018" {
		t.Errorf("sharing an INIT image: %v, want returnCode 3400018", err)
	}
}
