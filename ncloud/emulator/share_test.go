package emulator

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func share(no string, ids ...string) url.Values {
	f := url.Values{"regionCode": {"KR"}, "serverImageNo": {no}}
	for i, id := range ids {
		f.Set("targetLoginIdList."+string(rune('1'+i)), id)
	}
	return f
}

// Sharing adds and removes accounts; every list and detail row shows
// shareStatus and sharedLoginIdList; both are idempotent.
func TestSharing(t *testing.T) {
	h := newHarness(t, Options{})
	im := h.create("shared", nil)
	no := im.ServerImageNo
	if im.ShareStatus.Code != "NULL" || im.SharedLoginIDList == nil || len(im.SharedLoginIDList) != 0 {
		t.Fatalf("new image share fields: %+v %#v", im.ShareStatus, im.SharedLoginIDList)
	}
	steps := []struct {
		action string
		ids    []string
		want   []string
		status string
	}{
		{"addServerImageSharingPermission", []string{"a@example.com", "b@example.com"}, []string{"a@example.com", "b@example.com"}, "SHARE"},
		{"addServerImageSharingPermission", []string{"b@example.com", "c@example.com"}, []string{"a@example.com", "b@example.com", "c@example.com"}, "SHARE"},
		{"removeServerImageSharingPermission", []string{"a@example.com", "nobody@example.com"}, []string{"b@example.com", "c@example.com"}, "SHARE"},
		{"removeServerImageSharingPermission", []string{"c@example.com", "b@example.com"}, []string{}, "NULL"},
		{"removeServerImageSharingPermission", []string{"c@example.com"}, []string{}, "NULL"},
	}
	for i, st := range steps {
		res := h.ok(st.action, share(no, st.ids...))
		if res.TotalRows != 1 || len(res.ServerImageList) != 1 || res.ServerImageList[0].ServerImageNo != no {
			t.Fatalf("step %d: answer %+v", i, res)
		}
		rows := map[string]wireImage{
			st.action:              res.ServerImageList[0],
			"getServerImageList":   h.ok("getServerImageList", nil).ServerImageList[0],
			"getServerImageDetail": h.ok("getServerImageDetail", url.Values{"serverImageNo": {no}}).ServerImageList[0],
		}
		for from, row := range rows {
			if diff := cmp.Diff(st.want, row.SharedLoginIDList); diff != "" || row.ShareStatus.Code != st.status {
				t.Errorf("step %d %s: status %s ids (-want +got):\n%s", i, from, row.ShareStatus.Code, diff)
			}
		}
		pub := h.emu.Images("KR")[0]
		if pub.ShareStatus != st.status || len(pub.SharedLoginIDs) != len(st.want) {
			t.Errorf("step %d Images(): %s %v", i, pub.ShareStatus, pub.SharedLoginIDs)
		}
	}
}

func TestSharingRefusals(t *testing.T) {
	h := newHarness(t, Options{CreateDelay: time.Hour, DeleteDelay: time.Hour})
	seed, _ := ParseSeed([]byte("images: [{region: KR, no: '900', name: ready}, {region: KR, no: '901', name: failed, status: CREFL}, {region: KR, no: '902', name: gone}]"))
	if err := h.emu.Seed(seed); err != nil {
		t.Fatal(err)
	}
	pending := h.create("pending", nil) // INIT for an hour
	h.ok("deleteServerImage", url.Values{"serverImageNoList.1": {"902"}})
	tests := []struct {
		name string
		form url.Values
		code string
	}{
		{"no image number", share("", "a"), codeInvalidParam},
		{"no login IDs", share("900"), codeNoTargets},
		{"empty login ID", share("900", ""), codeNoTargets},
		{"unknown image", share("777", "a"), codeImageNotFound},
		{"image of another region", func() url.Values { f := share("900", "a"); f.Set("regionCode", "SGN"); return f }(), codeImageNotFound},
		{"image INIT", share(pending.ServerImageNo, "a"), codeImageState},
		{"image CREFL", share("901", "a"), codeImageState},
		{"image terminating", share("902", "a"), codeImageState},
	}
	for _, tc := range tests {
		for _, action := range []string{"addServerImageSharingPermission", "removeServerImageSharingPermission"} {
			t.Run(tc.name+"/"+action, func(t *testing.T) {
				if status, e := h.apiErr(action, tc.form); status != 400 || e.ReturnCode != tc.code {
					t.Errorf("got %d %+v, want 400 %s", status, e, tc.code)
				}
			})
		}
	}
	if im := h.emu.Images("KR")[0]; len(im.SharedLoginIDs) != 0 {
		t.Errorf("a refused call shared the image: %v", im.SharedLoginIDs)
	}
}

// Shares are seeded, saved and restored; state files without them load.
func TestSharingSeedAndState(t *testing.T) {
	h := newHarness(t, Options{})
	seed, err := ParseSeed([]byte("images: [{region: KR, name: seeded, sharedLoginIdList: [x@example.com, y@example.com, x@example.com]}]"))
	if err != nil {
		t.Fatal(err)
	}
	if err := h.emu.Seed(seed); err != nil {
		t.Fatal(err)
	}
	want := []string{"x@example.com", "y@example.com"}
	if got := h.emu.Images("KR")[0]; got.ShareStatus != "SHARE" || !cmp.Equal(want, got.SharedLoginIDs) {
		t.Fatalf("seeded: %s %v", got.ShareStatus, got.SharedLoginIDs)
	}
	path := filepath.Join(t.TempDir(), "state.json")
	if err := h.emu.SaveState(path); err != nil {
		t.Fatal(err)
	}
	again := New(Options{Now: h.clock.Now})
	if err := again.LoadState(path); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(h.emu.Images("KR"), again.Images("KR")); diff != "" {
		t.Errorf("(-saved +loaded):\n%s", diff)
	}
	old := `{"version":1,"regions":[{"code":"KR","name":"KR"}],"images":[{"region":"KR","no":"5000001","name":"old","description":"","status":"CREAT","createdAt":"2026-11-01T00:00:00Z","disks":[{"order":0,"snapshotNo":"5000002","snapshotName":"","sizeGB":10,"volumeType":"CB1"}]}],"nextNo":5000003}`
	p := filepath.Join(t.TempDir(), "old.json")
	if err := os.WriteFile(p, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	e := New(Options{})
	if err := e.LoadState(p); err != nil {
		t.Fatal(err)
	}
	if im := e.Images("KR")[0]; im.ShareStatus != "NULL" || im.SharedLoginIDs != nil {
		t.Errorf("old state: %s %v", im.ShareStatus, im.SharedLoginIDs)
	}
	if _, err := ParseSeed([]byte("images: [{region: KR, name: bad, sharedLoginIdList: ['']}]")); err != nil {
		t.Fatal(err)
	}
	s, _ := ParseSeed([]byte("images: [{region: KR, name: bad, sharedLoginIdList: ['']}]"))
	if err := h.emu.Seed(s); err == nil {
		t.Error("empty seeded login ID accepted")
	}
}
