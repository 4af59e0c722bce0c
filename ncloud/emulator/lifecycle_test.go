package emulator

import (
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type imageState struct{ Status, Operation, StatusName string }

func (h *harness) detail(no string) []imageState {
	h.t.Helper()
	res := h.ok("getServerImageDetail", url.Values{"regionCode": {"KR"}, "serverImageNo": {no}})
	var out []imageState
	for _, im := range res.ServerImageList {
		out = append(out, imageState{im.ServerImageStatus.Code, im.ServerImageOperation.Code, im.ServerImageStatusName})
	}
	return out
}

// Images move INIT -> CREAT after CreateDelay on the injected clock, and
// deleted ones are terminating for DeleteDelay, then gone.
func TestImageLifecycle(t *testing.T) {
	h := newHarness(t, Options{CreateDelay: time.Minute, DeleteDelay: 30 * time.Second})
	im := h.create("img-life", nil)
	creating := []imageState{{"INIT", "CREAT", "creating"}}
	if diff := cmp.Diff(creating[0], imageState{im.ServerImageStatus.Code, im.ServerImageOperation.Code, im.ServerImageStatusName}); diff != "" {
		t.Errorf("create answer (-want +got):\n%s", diff)
	}
	steps := []struct {
		name    string
		advance time.Duration
		del     bool
		want    []imageState
	}{
		{name: "just before the delay", advance: time.Minute - time.Millisecond, want: creating},
		{name: "at the delay", advance: time.Millisecond, want: []imageState{{"CREAT", "NULL", "created"}}},
		{name: "deleted", del: true, want: []imageState{{"CREAT", "TERMT", "terminating"}}},
		{name: "still terminating", advance: 29 * time.Second, want: []imageState{{"CREAT", "TERMT", "terminating"}}},
		{name: "gone", advance: time.Second, want: nil},
	}
	for _, st := range steps {
		h.clock.Add(st.advance)
		if st.del {
			h.ok("deleteServerImage", url.Values{"regionCode": {"KR"}, "serverImageNoList.1": {im.ServerImageNo}})
		}
		if diff := cmp.Diff(st.want, h.detail(im.ServerImageNo)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", st.name, diff)
		}
	}
}

// Zero delays mean "at the next request"; a failure rate of 1 ends in CREFL.
func TestImageFailsAtNextRequest(t *testing.T) {
	h := newHarness(t, Options{CreateFailureRate: 1})
	im := h.create("img-fail", nil)
	if im.ServerImageStatus.Code != "INIT" {
		t.Fatalf("create answered %s", im.ServerImageStatus.Code)
	}
	want := []imageState{{"CREFL", "NULL", "createFailed"}}
	if diff := cmp.Diff(want, h.detail(im.ServerImageNo)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSetImageStatus(t *testing.T) {
	h := newHarness(t, Options{CreateDelay: time.Hour})
	h.create("img-forced", nil)
	tests := []struct {
		name, region, image, status string
		wantErr                     bool
		want                        string
	}{
		{name: "to CREFL", region: "KR", image: "img-forced", status: "CREFL", want: "CREFL"},
		{name: "back to INIT", region: "KR", image: "img-forced", status: "INIT", want: "INIT"},
		{name: "unknown status", region: "KR", image: "img-forced", status: "DONE", wantErr: true, want: "INIT"},
		{name: "wrong region", region: "SGN", image: "img-forced", status: "CREAT", wantErr: true, want: "INIT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := h.emu.SetImageStatus(tc.region, tc.image, tc.status)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if got := h.emu.Images("KR")[0].Status; got != tc.want {
				t.Errorf("status %s, want %s", got, tc.want)
			}
		})
	}
	// INIT restarts the create clock.
	h.clock.Add(time.Hour)
	if got := h.emu.Images("KR")[0].Status; got != "CREAT" {
		t.Errorf("after the delay: %s, want CREAT", got)
	}
}

func TestDetailOfUnknownImageIsEmpty(t *testing.T) {
	h := newHarness(t, Options{})
	res := h.ok("getServerImageDetail", url.Values{"serverImageNo": {"999999"}})
	if res.TotalRows != 0 || res.ServerImageList == nil || len(res.ServerImageList) != 0 {
		t.Errorf("got %+v, want totalRows 0 and an empty list", res)
	}
}

func TestDeleteErrors(t *testing.T) {
	h := newHarness(t, Options{DeleteDelay: time.Minute})
	im := h.create("img-del", nil)
	del := url.Values{"serverImageNoList.1": {im.ServerImageNo}}
	h.ok("deleteServerImage", del)
	tests := []struct {
		name string
		form url.Values
		code string
	}{
		{name: "already terminating", form: del, code: codeInOperation},
		{name: "unknown number", form: url.Values{"serverImageNoList.1": {"42"}}, code: codeImageNotFound},
		{name: "no number", form: url.Values{}, code: codeInvalidParam},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if status, e := h.apiErr("deleteServerImage", tc.form); status != 400 || e.ReturnCode != tc.code {
				t.Errorf("got %d %+v, want 400 %s", status, e, tc.code)
			}
		})
	}
}
