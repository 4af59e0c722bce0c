package emulator

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRateLimit(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.SetFaults(Faults{RateLimit: 1, Burst: 2})
	throttled := `{"error":{"errorCode":"410","message":"Throttle Limited","details":""}}`
	steps := []struct {
		name    string
		advance time.Duration
		status  int
	}{
		{name: "burst 1", status: http.StatusOK},
		{name: "burst 2", status: http.StatusOK},
		{name: "over the rate", status: http.StatusTooManyRequests},
		{name: "half a token later", advance: 500 * time.Millisecond, status: http.StatusTooManyRequests},
		{name: "a token later", advance: 500 * time.Millisecond, status: http.StatusOK},
		{name: "spent again", status: http.StatusTooManyRequests},
	}
	for _, st := range steps {
		h.clock.Add(st.advance)
		status, body := h.post("getRegionList", nil)
		if status != st.status {
			t.Fatalf("%s: status %d, want %d", st.name, status, st.status)
		}
		if status == http.StatusTooManyRequests && body != throttled {
			t.Errorf("%s: body %s", st.name, body)
		}
	}
	if diff := cmp.Diff(map[string]int{"getRegionList": 6, "total": 6}, h.emu.Calls()); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

// Injected 5xx answers never execute the call.
func TestErrorRate(t *testing.T) {
	h := newHarness(t, Options{RandSeed: 7})
	h.emu.SetFaults(Faults{ErrorRate: 1})
	gateway := `{"error":{"errorCode":"500","message":"Endpoint Error","details":""}}`
	seen := map[int]int{}
	for range 20 {
		status, body := h.post("createServerImage", form("never"))
		seen[status]++
		switch status {
		case http.StatusServiceUnavailable:
			if body != gateway {
				t.Errorf("503 body %s", body)
			}
		case http.StatusInternalServerError:
			if !containsText(body, `"returnCode": "1000"`) {
				t.Errorf("500 body %s", body)
			}
		default:
			t.Fatalf("status %d: %s", status, body)
		}
	}
	if seen[503] == 0 || seen[500] == 0 {
		t.Errorf("want both kinds of failure, got %v", seen)
	}
	if n := len(h.emu.Images("KR")); n != 0 {
		t.Errorf("%d images created by failed calls", n)
	}
}

// A dropped connection answers nothing and executes nothing.
func TestDropRate(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.SetFaults(Faults{DropRate: 1})
	f := form("dropped")
	f.Set("responseFormatType", "json")
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/vserver/v2/createServerImage", strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.signReq(req, "/vserver/v2/createServerImage")
	resp, err := h.srv.Client().Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got status %d, want a broken connection", resp.StatusCode)
	}
	if n := len(h.emu.Images("KR")); n != 0 {
		t.Errorf("%d images created by a dropped call", n)
	}
	if got := h.emu.Calls()["createServerImage"]; got != 1 {
		t.Errorf("dropped call counted %d times, want 1", got)
	}
}

// A create answered 504 has still been executed: the caller must look the
// name up before trying again.
func TestCreate504ExecutesTheCreate(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.SetFaults(Faults{Create504Rate: 1})
	status, body := h.post("createServerImage", form("ghost"))
	want := `{"error":{"errorCode":"510","message":"Endpoint Timeout","details":""}}`
	if status != http.StatusGatewayTimeout || body != want {
		t.Fatalf("got %d %s", status, body)
	}
	res := h.ok("getServerImageList", url.Values{"serverImageName": {"ghost"}})
	if res.TotalRows != 1 {
		t.Errorf("image list has %d ghost images, want 1", res.TotalRows)
	}
}

func TestLatency(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.SetFaults(Faults{Latency: 30 * time.Millisecond})
	start := time.Now()
	h.ok("getRegionList", nil)
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("answered after %v, want at least 30ms", d)
	}
}

func TestCallCounters(t *testing.T) {
	h := newHarness(t, Options{})
	h.create("counted", nil)
	h.ok("getServerImageList", nil)
	h.ok("getServerImageList", nil)
	h.apiErr("createServerImage", form("")) // rejected calls count too
	want := map[string]int{"createServerImage": 2, "getServerImageList": 2, "total": 4}
	if diff := cmp.Diff(want, h.emu.Calls()); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	h.emu.ResetCalls()
	if diff := cmp.Diff(map[string]int{}, h.emu.Calls()); diff != "" {
		t.Errorf("after reset (-want +got):\n%s", diff)
	}
}
