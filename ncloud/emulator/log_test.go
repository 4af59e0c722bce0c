package emulator

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The log lists requests and status transitions in the order they took
// effect, with the emulator's clock and the key parameters.
func TestLogOrder(t *testing.T) {
	h := newHarness(t, Options{CreateDelay: time.Minute, DeleteDelay: time.Minute, BusyWhileImaging: true})
	start := h.clock.Now()
	first := h.create("first", nil)
	h.clock.Add(30 * time.Second)
	h.apiErr("createServerImage", form("second")) // busy: 25013
	h.clock.Add(30 * time.Second)
	second := h.create("second", nil) // first became CREAT just before
	h.ok("addServerImageSharingPermission", share(first.ServerImageNo, "a@example.com", "b@example.com"))
	h.ok("deleteServerImage", url.Values{"serverImageNoList.1": {first.ServerImageNo}})
	h.clock.Add(time.Minute)
	h.ok("getRegionList", nil)

	s1 := func(d time.Duration) time.Time { return start.Add(d) }
	want := []LogEntry{
		{Action: "createServerImage", Region: "KR", HTTPStatus: 200, ReturnCode: "0", ServerInstanceNo: "101", ServerImageName: "first", CreatedImageNo: first.ServerImageNo, Time: s1(0)},
		{Action: "createServerImage", Region: "KR", HTTPStatus: 400, ReturnCode: "25013", ServerInstanceNo: "101", ServerImageName: "second", Time: s1(30 * time.Second)},
		{Action: "status", Region: "KR", ServerImageNo: first.ServerImageNo, ServerInstanceNo: "101", FromStatus: "INIT", ToStatus: "CREAT", Time: s1(time.Minute)},
		{Action: "createServerImage", Region: "KR", HTTPStatus: 200, ReturnCode: "0", ServerInstanceNo: "101", ServerImageName: "second", CreatedImageNo: second.ServerImageNo, Time: s1(time.Minute)},
		{Action: "addServerImageSharingPermission", Region: "KR", HTTPStatus: 200, ReturnCode: "0", ServerImageNo: first.ServerImageNo, TargetLoginIDList: []string{"a@example.com", "b@example.com"}, Time: s1(time.Minute)},
		{Action: "deleteServerImage", Region: "KR", HTTPStatus: 200, ReturnCode: "0", ServerImageNoList: []string{first.ServerImageNo}, Time: s1(time.Minute)},
		{Action: "status", Region: "KR", ServerImageNo: first.ServerImageNo, ServerInstanceNo: "101", FromStatus: "CREAT", ToStatus: "GONE", Time: s1(2 * time.Minute)},
		{Action: "status", Region: "KR", ServerImageNo: second.ServerImageNo, ServerInstanceNo: "101", FromStatus: "INIT", ToStatus: "CREAT", Time: s1(2 * time.Minute)},
		{Action: "getRegionList", Region: "KR", HTTPStatus: 200, ReturnCode: "0", Time: s1(2 * time.Minute)},
	}
	got := h.emu.Log()
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(LogEntry{}, "Seq"), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
	for i, en := range got {
		if en.Seq != int64(i+1) {
			t.Errorf("entry %d has Seq %d", i, en.Seq)
		}
	}
	h.emu.ResetLog()
	h.ok("getRegionList", nil)
	if got := h.emu.Log(); len(got) != 1 || got[0].Seq != int64(len(want)+1) {
		t.Errorf("after ResetLog: %+v", got)
	}
}

// Refused and faulted requests are logged with their status and code.
func TestLogRefusals(t *testing.T) {
	h := newHarness(t, Options{})
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/vserver/v2/getNothing", nil)
	h.do(req)
	req, _ = http.NewRequest(http.MethodPost, h.srv.URL+"/vserver/v2/getRegionList", strings.NewReader("responseFormatType=json"))
	h.do(req) // unsigned
	h.emu.SetFaults(Faults{RateLimit: 0.001, Burst: 1})
	h.ok("getServerImageList", url.Values{"regionCode": {"SGN"}})
	h.post("getServerImageList", url.Values{"regionCode": {"SGN"}, "serverImageNoList.1": {"7"}})
	h.emu.SetFaults(Faults{ErrorRate: 1})
	h.post("getServerImageDetail", url.Values{"serverImageNo": {"7"}})
	h.emu.SetFaults(Faults{Create504Rate: 1})
	h.post("createServerImage", form("timed-out"))
	h.emu.SetFaults(Faults{})
	h.post("getServerImageList", url.Values{"regionCode": {"XX"}})

	got := h.emu.Log()
	type short struct {
		Action, Region string
		Status         int
		Code, Fault    string
	}
	var gotShort []short
	for _, en := range got {
		gotShort = append(gotShort, short{en.Action, en.Region, en.HTTPStatus, en.ReturnCode, en.Fault})
	}
	errCode := got[4].ReturnCode // 503 "500" or 500 "1000": drawn
	errStatus := got[4].HTTPStatus
	want := []short{
		{"getNothing", "", 404, "300", ""},
		{"getRegionList", "", 401, "200", ""},
		{"getServerImageList", "SGN", 200, "0", ""},
		{"getServerImageList", "SGN", 429, "410", "throttle"},
		{"getServerImageDetail", "KR", errStatus, errCode, "error"},
		{"createServerImage", "KR", 504, "510", "timeout"},
		{"status", "KR", 0, "", ""}, // the timed-out create's image, CREAT at the next request
		{"getServerImageList", "XX", 400, codeRegion, ""},
	}
	if diff := cmp.Diff(want, gotShort); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if errCode != "500" && errCode != "1000" {
		t.Errorf("error fault code %s", errCode)
	}
	if got[3].ServerImageNoList[0] != "7" || got[5].CreatedImageNo == "" {
		t.Errorf("parameters: %+v %+v", got[3], got[5])
	}
}

// The log is bounded and safe for concurrent use.
func TestLogBoundedConcurrent(t *testing.T) {
	h := newHarness(t, Options{LogLimit: 50})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				h.post("getRegionList", nil)
				_ = h.emu.Log()
			}
		}()
	}
	wg.Wait()
	got := h.emu.Log()
	if len(got) != 50 || got[0].Seq != 31 || got[49].Seq != 80 {
		t.Fatalf("%d entries, seq %d..%d", len(got), got[0].Seq, got[len(got)-1].Seq)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Seq != got[i-1].Seq+1 {
			t.Fatalf("out of order at %d: %d after %d", i, got[i].Seq, got[i-1].Seq)
		}
	}
	// A larger limit unwraps the ring and keeps the order.
	h.emu.UpdateOptions(func(o *Options) { o.LogLimit = 60 })
	for range 5 {
		h.post("getRegionList", nil)
	}
	got = h.emu.Log()
	if len(got) != 55 || got[0].Seq != 31 || got[54].Seq != 85 {
		t.Fatalf("grown: %d entries, seq %d..%d", len(got), got[0].Seq, got[len(got)-1].Seq)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Seq != got[i-1].Seq+1 {
			t.Fatalf("grown: out of order at %d", i)
		}
	}
	off := newHarness(t, Options{LogLimit: -1})
	off.post("getRegionList", nil)
	if n := len(off.emu.Log()); n != 0 {
		t.Errorf("LogLimit -1 logged %d entries", n)
	}
}
