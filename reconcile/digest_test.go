package reconcile

import (
	"os"
	"strings"
	"testing"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/spec"
)

func samplePlan(account ...ncloud.ServerImage) *plan.Plan {
	set := setOf(desired("web-a", func(im *spec.Image) { im.BlockStorages = rootBlock(10) }), desired("web-b", nil))
	return Diff(Input{Set: set, DefaultRegion: "KR", State: fixture(account...)})
}

func TestDigestStable(t *testing.T) {
	a, b := samplePlan(existing("web-b", ncloud.ImageCreated, nil)), samplePlan(existing("web-b", ncloud.ImageCreated, nil))
	b.Timestamp, b.Endpoint = "2030-01-01T00:00:00Z", "http://127.0.0.1:9"
	if a.PlanDigest == "" || a.PlanDigest != b.ComputeDigest() {
		t.Fatalf("digest not stable: %q vs %q", a.PlanDigest, b.ComputeDigest())
	}
	c := samplePlan(existing("web-b", ncloud.ImageInit, nil))
	if c.PlanDigest == a.PlanDigest {
		t.Fatal("digest did not change with the account")
	}
}

func TestObservedFingerprint(t *testing.T) {
	base := samplePlan(existing("web-b", ncloud.ImageCreated, nil))
	tests := []struct {
		name    string
		account []ncloud.ServerImage
		state   func(*State)
		changed []string
	}{
		{name: "unrelated image appears", account: []ncloud.ServerImage{existing("web-b", ncloud.ImageCreated, nil), existing("zzz", ncloud.ImageCreated, nil)}},
		{name: "server stops but stays ready", account: []ncloud.ServerImage{existing("web-b", ncloud.ImageCreated, nil)},
			state: func(s *State) { s.ByRegion["KR"].Servers[0].Status = ncloud.ServerStopped }},
		{name: "declared image appears", account: []ncloud.ServerImage{existing("web-a", ncloud.ImageInit, nil), existing("web-b", ncloud.ImageCreated, nil)},
			changed: []string{"image:KR/web-a"}},
		{name: "declared image changes status", account: []ncloud.ServerImage{existing("web-b", ncloud.ImageInit, nil)},
			changed: []string{"image:KR/web-b"}},
		{name: "source server becomes busy", account: []ncloud.ServerImage{existing("web-b", ncloud.ImageCreated, nil)},
			state:   func(s *State) { s.ByRegion["KR"].Servers[0].Operation = "REBOOT" },
			changed: []string{"server:KR/name:web-01"}},
		{name: "snapshot resized", account: []ncloud.ServerImage{existing("web-b", ncloud.ImageCreated, nil)},
			state:   func(s *State) { s.ByRegion["KR"].Snapshots[0].SizeBytes = 20 * gib },
			changed: []string{"snapshot:KR/name:web-01-root"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := fixture(tt.account...)
			if tt.state != nil {
				tt.state(st)
			}
			now := st.fingerprint(base.Observed.Keys())
			var changed []string
			for _, k := range base.Observed.Changed(now) {
				changed = append(changed, k.String())
			}
			if diff := cmp.Diff(tt.changed, changed); diff != "" {
				t.Errorf("changed keys (-want +got):\n%s", diff)
			}
			if same := now.Digest == base.Observed.Digest; same != (len(tt.changed) == 0) {
				t.Errorf("digest equal = %v, want %v", same, len(tt.changed) == 0)
			}
		})
	}
}

// TestDigestIgnoresListOrder: the API may list images in any order; two
// images of one name (blocked) must give the same plan either way.
func TestDigestIgnoresListOrder(t *testing.T) {
	one := existing("web-b", ncloud.ImageCreated, func(i *ncloud.ServerImage) { i.No = "101" })
	two := existing("web-b", ncloud.ImageCreated, func(i *ncloud.ServerImage) { i.No = "102" })
	a, b := samplePlan(one, two), samplePlan(two, one)
	if a.PlanDigest != b.PlanDigest {
		t.Errorf("digest depends on the list order: %s vs %s", a.PlanDigest, b.PlanDigest)
	}
}

// A plan saved by a 1.0 ncpimage (testdata/plan-1.0.json, written before
// sharing existed) still decodes: its digest is checked in the 1.0 shape,
// and it manages no sharing.
func TestDecodeFormat10(t *testing.T) {
	data, err := os.ReadFile("testdata/plan-1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Decode(data)
	if err != nil {
		t.Fatalf("decode a 1.0 plan: %v", err)
	}
	if p.FormatVersion != "1.0" || p.Summary != (plan.Summary{Create: 1, Unchanged: 1, Orphaned: 1}) {
		t.Errorf("decoded %s with summary %+v", p.FormatVersion, p.Summary)
	}
	for _, ch := range p.Changes {
		if ch.ShareAdd != nil || ch.ShareRemove != nil || (ch.After != nil && ch.After.SharedWith != nil) {
			t.Errorf("%s: a 1.0 plan manages no sharing: %+v", ch.Address, ch)
		}
	}
	edited := strings.Replace(string(data), `"unchanged": 1`, `"unchanged": 2`, 1)
	if _, err := plan.Decode([]byte(edited)); err == nil || !strings.Contains(err.Error(), "plan_digest does not match") {
		t.Errorf("an edited 1.0 plan: %v, want a digest mismatch", err)
	}
	fresh := samplePlan()
	if fresh.FormatVersion != "1.2" {
		t.Errorf("new plans are format %q, want 1.2", fresh.FormatVersion)
	}
}
