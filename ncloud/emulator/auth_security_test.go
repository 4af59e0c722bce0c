package emulator

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Forged requests are refused before anything runs: a create with a bad
// signature, an unknown key or a stale timestamp makes no image, and the
// 5-minute tolerance is exact.
func TestAuthRejectsForgeries(t *testing.T) {
	const path = "/vserver/v2/createServerImage"
	body := form("forged").Encode() + "&responseFormatType=json"
	tests := []struct {
		name   string
		mutate func(h *harness, r *http.Request)
		ok     bool
	}{
		{name: "genuine, 4m59.999s old", ok: true, mutate: func(h *harness, r *http.Request) {
			resign(h, r, h.key, h.sec, "POST", path, h.clock.Now().Add(-maxSkew+time.Millisecond))
		}},
		{name: "exactly 5 minutes old", mutate: func(h *harness, r *http.Request) {
			resign(h, r, h.key, h.sec, "POST", path, h.clock.Now().Add(-maxSkew))
		}},
		{name: "an hour old", mutate: func(h *harness, r *http.Request) {
			resign(h, r, h.key, h.sec, "POST", path, h.clock.Now().Add(-time.Hour))
		}},
		{name: "signature of another action replayed", mutate: func(h *harness, r *http.Request) {
			resign(h, r, h.key, h.sec, "POST", "/vserver/v2/getRegionList", h.clock.Now())
		}},
		{name: "signature of another method", mutate: func(h *harness, r *http.Request) {
			resign(h, r, h.key, h.sec, "GET", path, h.clock.Now())
		}},
		{name: "signed with another account's secret", mutate: func(h *harness, r *http.Request) {
			resign(h, r, h.key, "SK-other", "POST", path, h.clock.Now())
		}},
		{name: "unknown access key, self-signed", mutate: func(h *harness, r *http.Request) {
			resign(h, r, "AK-forger", "SK-forger", "POST", path, h.clock.Now())
		}},
		{name: "timestamp changed after signing", mutate: func(h *harness, r *http.Request) {
			r.Header.Set(hdrTimestamp, strconv.FormatInt(h.clock.Now().Add(time.Second).UnixMilli(), 10))
		}},
		{name: "forged v1 header", mutate: func(h *harness, r *http.Request) {
			r.Header.Del(hdrSigV2)
			r.Header.Set(hdrSigV1, "3xkMFxxxIun1i8PfqGF3k2OCE2KiWi+YSHMy9cKc32I=")
		}},
		{name: "empty signature", mutate: func(h *harness, r *http.Request) { r.Header.Set(hdrSigV2, "") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			req, _ := http.NewRequest(http.MethodPost, h.srv.URL+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			h.signReq(req, path)
			tc.mutate(h, req)
			status, resp := h.do(req)
			images := len(h.emu.Images("KR"))
			if tc.ok {
				if status != 200 || images != 1 {
					t.Errorf("genuine request: %d %s (%d images)", status, resp, images)
				}
				return
			}
			if status != 401 || !strings.Contains(resp, `"errorCode":"200"`) || images != 0 {
				t.Errorf("forged request: %d %s (%d images)", status, resp, images)
			}
			if log := h.emu.Log(); len(log) != 1 || log[0].HTTPStatus != 401 || log[0].CreatedImageNo != "" {
				t.Errorf("log: %+v", log)
			}
		})
	}
}

func resign(h *harness, r *http.Request, key, secret, method, uri string, at time.Time) {
	ts := strconv.FormatInt(at.UnixMilli(), 10)
	r.Header.Set(hdrTimestamp, ts)
	r.Header.Set(hdrAccessKey, key)
	r.Header.Set(hdrSigV2, sign(secret, method, uri, ts, key))
}
