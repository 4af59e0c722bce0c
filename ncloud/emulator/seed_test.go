package emulator

import (
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSeedErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{name: "unknown key", yaml: "servers: [{region: KR, no: '9', name: x, colour: red}]", want: "field colour not found"},
		{name: "unknown region", yaml: "servers: [{region: XX, no: '9', name: x}]", want: `server x: unknown region "XX"`},
		{name: "number not digits", yaml: "snapshots: [{region: KR, no: 'a1', name: s, sizeGB: 1}]", want: "not all digits"},
		{name: "number reused", yaml: "servers: [{region: KR, no: '101', name: again}]", want: "number 101 is already used"},
		{name: "region twice", yaml: "regions: [{code: KR}]", want: "region KR: defined twice"},
		{name: "server without name", yaml: "servers: [{region: KR, no: '9'}]", want: "name is required"},
		{name: "server status", yaml: "servers: [{region: KR, name: x, status: DEAD}]", want: `unknown status "DEAD"`},
		{name: "server disk", yaml: "servers: [{region: KR, name: x, disks: [{sizeGB: 0}]}]", want: "disk needs sizeGB"},
		{name: "snapshot size", yaml: "snapshots: [{region: KR, name: s}]", want: "sizeGB must be > 0"},
		{name: "snapshot type", yaml: "snapshots: [{region: KR, name: s, sizeGB: 1, volumeType: ZZ}]", want: `unknown volumeType "ZZ"`},
		{name: "image snapshot unknown", yaml: "images: [{region: KR, name: i, blockStorages: [{order: 0, snapshotName: nope}]}]", want: `no snapshot "nope"`},
		{name: "image duplicate", yaml: "images: [{region: KR, name: i}, {region: KR, name: i}]", want: "name already used"},
		{name: "image status", yaml: "images: [{region: KR, name: i, status: GONE}]", want: `unknown status "GONE"`},
		{name: "image orders", yaml: "images: [{region: KR, name: i, blockStorages: [{order: 1, sizeGB: 5}, {order: 1, sizeGB: 5}]}]", want: "order 1 appears twice"},
		{name: "account half", yaml: "accounts: [{accessKey: a}]", want: "accessKey and secretKey are required"},
		{name: "not yaml", yaml: "servers: [", want: "parse seed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			before := h.emu.Images("KR")
			s, err := ParseSeed([]byte(tc.yaml))
			if err == nil {
				err = h.emu.Seed(s)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if diff := cmp.Diff(before, h.emu.Images("KR")); diff != "" {
				t.Errorf("a failed seed changed the account:\n%s", diff)
			}
		})
	}
}

// A seed is all or nothing: the valid objects before an invalid one are
// not added either.
func TestSeedIsAtomic(t *testing.T) {
	h := newHarness(t, Options{})
	s, err := ParseSeed([]byte("images: [{region: KR, name: good}, {region: XX, name: bad}]"))
	if err != nil {
		t.Fatal(err)
	}
	if h.emu.Seed(s) == nil {
		t.Fatal("seed with an unknown region accepted")
	}
	if res := h.ok("getServerImageList", nil); res.TotalRows != 0 {
		t.Errorf("%d images after a failed seed", res.TotalRows)
	}
}

func TestSeedDefaults(t *testing.T) {
	h := newHarness(t, Options{CreateDelay: time.Minute})
	s, err := ParseSeed([]byte(`
images:
  - region: KR
    name: seeded
    description: from a seed
    blockStorages:
      - {order: 0, snapshotName: root-10}
      - {order: 1, snapshotNo: "302", sizeGB: 300}
      - {order: 2, sizeGB: 40, volumeType: FB2}
  - {region: KR, name: plain, status: INIT}
`))
	if err != nil {
		t.Fatal(err)
	}
	if err := h.emu.Seed(s); err != nil {
		t.Fatal(err)
	}
	ims := h.emu.Images("KR")
	want := []BlockStorage{
		{Order: 0, SnapshotNo: "301", SnapshotName: "root-10", SizeGB: 10, VolumeType: "CB1"},
		{Order: 1, SnapshotNo: "302", SnapshotName: "data-200", SizeGB: 300, VolumeType: "CB2"},
		{Order: 2, SnapshotNo: ims[0].BlockStorages[2].SnapshotNo, SizeGB: 40, VolumeType: "FB2"},
	}
	if diff := cmp.Diff(want, ims[0].BlockStorages); diff != "" {
		t.Errorf("disks (-want +got):\n%s", diff)
	}
	if ims[1].Status != "INIT" || ims[1].StatusName != "creating" || len(ims[1].BlockStorages) != 1 {
		t.Errorf("plain image: %+v", ims[1])
	}
	// The empty document is an empty seed.
	if s, err := ParseSeed(nil); err != nil || h.emu.Seed(s) != nil {
		t.Errorf("empty seed: %v", err)
	}
}

// Many clients at once: creates with distinct names all land, and every
// call is counted (run with -race).
func TestConcurrentClients(t *testing.T) {
	h := newHarness(t, Options{})
	const workers, each = 8, 10
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				name := "c-" + string(rune('a'+w)) + "-" + string(rune('a'+i))
				status, body := h.post("createServerImage", form(name))
				if status != 200 {
					t.Errorf("%s: %d %s", name, status, body)
				}
				h.post("getServerImageList", url.Values{"serverImageName": {name}})
				_ = h.emu.Calls()
			}
		}()
	}
	wg.Wait()
	if n := len(h.emu.Images("KR")); n != workers*each {
		t.Errorf("%d images, want %d", n, workers*each)
	}
	if got := h.emu.Calls()["total"]; got != 2*workers*each {
		t.Errorf("total calls %d, want %d", got, 2*workers*each)
	}
}
