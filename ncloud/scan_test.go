package ncloud

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// recorder serves a client's requests from an emulator in-process and
// keeps the last answer to each action, as the emulator wrote it.
type recorder struct {
	h      http.Handler
	mu     sync.Mutex
	bodies map[string][]byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	r.h.ServeHTTP(rec, req)
	action := req.URL.Path[strings.LastIndex(req.URL.Path, "/")+1:]
	r.mu.Lock()
	r.bodies[action] = bytes.Clone(rec.Body.Bytes())
	r.mu.Unlock()
	return rec.Result(), nil
}

// emulatorAnswers lists regions, servers, snapshots and n images (with
// two disks each, every third one shared) from an emulator, and returns
// the last answer of each list action.
func emulatorAnswers(tb testing.TB, n int) map[string][]byte {
	tb.Helper()
	const access, secret = "scan-test-access", "scan-test-secret"
	emu := emulator.New(emulator.Options{Accounts: []emulator.Account{{AccessKey: access, SecretKey: secret}}, RandSeed: 1})
	seed := emulator.Seed{
		Regions: []emulator.SeedRegion{{Code: "KR", Name: "Korea"}, {Code: "SGN", Name: "Singapore(New)"}},
		Servers: []emulator.SeedServer{{Region: "KR", No: "1001001", Name: "web-01"}, {Region: "KR", No: "1001002", Name: "web-02", Status: "NSTOP"}},
		Snapshots: []emulator.SeedSnapshot{
			{Region: "KR", No: "3001001", Name: "web-01-root", SizeGB: 10, Bootable: true},
			{Region: "KR", No: "3001005", Name: "db-01-data", SizeGB: 200, VolumeType: "CB2"},
		},
	}
	for i := range n {
		img := emulator.SeedImage{Region: "KR", Name: fmt.Sprintf("img-%05d", i), Description: fmt.Sprintf("nginx [ncpimage:web-%d]", i%7),
			BlockStorages: []emulator.SeedBlockStorage{{Order: 0, SnapshotNo: "3001001"}, {Order: 1, SnapshotNo: "3001005", SizeGB: 250}}}
		if i%3 == 0 {
			img.SharedLoginIDList = []string{"a@example.com", "b@example.com"}
		}
		seed.Images = append(seed.Images, img)
	}
	if err := emu.Seed(seed); err != nil {
		tb.Fatal(err)
	}
	rec := &recorder{h: emu, bodies: map[string][]byte{}}
	c, err := New(WithEndpoint("http://127.0.0.1:1"), WithCredentials(Credentials{AccessKey: access, SecretKey: secret}),
		WithLimiter(instantLimiter()), withHTTPClient(&http.Client{Transport: rec}))
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.GetRegionList(ctx); err != nil {
		tb.Fatal(err)
	}
	if _, err := c.GetServerInstanceList(ctx, "KR", ServerFilter{}); err != nil {
		tb.Fatal(err)
	}
	if _, err := c.GetBlockStorageSnapshotInstanceList(ctx, "KR", SnapshotFilter{}); err != nil {
		tb.Fatal(err)
	}
	if imgs, err := c.GetServerImageList(ctx, "KR", ImageFilter{}); err != nil || len(imgs) != n {
		tb.Fatalf("listed %d images: %v", len(imgs), err)
	}
	return rec.bodies
}

// BenchmarkDecodeImagePage decodes one page of 1000 images as the
// emulator writes it (pretty-printed, with every field NCP sends).
func BenchmarkDecodeImagePage(b *testing.B) {
	page := emulatorAnswers(b, 1000)["getServerImageList"]
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	var r listResponse
	for b.Loop() {
		if err := decodeEnvelope("getServerImageList", 200, page, &r); err != nil || len(r.ServerImageList) != 1000 {
			b.Fatalf("decoded %d images: %v", len(r.ServerImageList), err)
		}
	}
}
