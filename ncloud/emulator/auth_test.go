package emulator

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The known-answer vectors of ncp-api.md §12 must pass the verifier.
func TestAuthenticateAcceptsVectors(t *testing.T) {
	tests := []struct {
		name, method, uri, ts, key, secret, sig string
	}{
		{
			name: "post create", method: "POST", uri: "/vserver/v2/createServerImage", ts: "1700000000000",
			key: "AKIAEXAMPLEACCESSKEY", secret: "SECRETEXAMPLEKEY0123456789abcdef",
			sig: "3xkMFxxxIun1i8PfqGF3k2OCE2KiWi+YSHMy9cKc32I=",
		},
		{
			name: "get image list with query", method: "GET",
			uri: "/vserver/v2/getServerImageList?regionCode=KR&responseFormatType=json&serverImageTypeCodeList.1=SELF",
			ts:  "1764230400123", key: "ncp_iam_BPAMKR0000000000", secret: "ncp_iam_BPKMKR0000000000secretsecret",
			sig: "gYuCkPpvfRJU0tQXBByvbq3K9+HMQx0Jh0QedkIURvo=",
		},
		{
			name: "get region list", method: "GET", uri: "/vserver/v2/getRegionList?responseFormatType=json",
			ts: "1505290625682", key: "KEY", secret: "SECRET", sig: "y3eWBJvVG1Imi9XQu3RClQ6DxcMIv0MuSHbnnIIguHc=",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms, _ := strconv.ParseInt(tc.ts, 10, 64)
			e := New(Options{
				Accounts: []Account{{AccessKey: tc.key, SecretKey: tc.secret}},
				Now:      func() time.Time { return time.UnixMilli(ms).Add(4 * time.Minute) },
			})
			for _, header := range []string{hdrSigV2, hdrSigV1} {
				req := httptest.NewRequest(tc.method, tc.uri, nil)
				req.Header.Set(hdrTimestamp, tc.ts)
				req.Header.Set(hdrAccessKey, tc.key)
				req.Header.Set(header, tc.sig)
				if got := e.authenticate(req); got != "" {
					t.Errorf("%s: rejected: %s", header, got)
				}
			}
			if got := signature(tc.secret, tc.method, tc.uri, tc.ts, tc.key); got != tc.sig {
				t.Errorf("signature = %s, want %s", got, tc.sig)
			}
		})
	}
}

// Every authentication failure answers the gateway's real 401 body.
func TestAuthenticationFailures(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(h *harness, r *http.Request)
		details string
	}{
		{
			name: "wrong signature",
			mutate: func(h *harness, r *http.Request) {
				r.Header.Set(hdrSigV2, sign("not-the-secret", "POST", "/vserver/v2/getRegionList", r.Header.Get(hdrTimestamp), h.key))
			},
			details: "Signature does not match.",
		},
		{
			name:    "unknown access key",
			mutate:  func(h *harness, r *http.Request) { r.Header.Set(hdrAccessKey, "AK-nobody") },
			details: "Invalid access key.",
		},
		{
			name: "timestamp six minutes old",
			mutate: func(h *harness, r *http.Request) {
				ts := strconv.FormatInt(h.clock.Now().Add(-6*time.Minute).UnixMilli(), 10)
				r.Header.Set(hdrTimestamp, ts)
				r.Header.Set(hdrSigV2, sign(h.sec, "POST", "/vserver/v2/getRegionList", ts, h.key))
			},
			details: "Timestamp is out of the allowed range.",
		},
		{
			name: "timestamp six minutes ahead",
			mutate: func(h *harness, r *http.Request) {
				ts := strconv.FormatInt(h.clock.Now().Add(6*time.Minute).UnixMilli(), 10)
				r.Header.Set(hdrTimestamp, ts)
				r.Header.Set(hdrSigV2, sign(h.sec, "POST", "/vserver/v2/getRegionList", ts, h.key))
			},
			details: "Timestamp is out of the allowed range.",
		},
		{
			name:    "no signature header",
			mutate:  func(h *harness, r *http.Request) { r.Header.Del(hdrSigV2) },
			details: "Required authentication headers are missing.",
		},
		{
			name:    "timestamp not a number",
			mutate:  func(h *harness, r *http.Request) { r.Header.Set(hdrTimestamp, "yesterday") },
			details: "Invalid timestamp.",
		},
		{
			name: "query added after signing",
			mutate: func(h *harness, r *http.Request) {
				r.URL.RawQuery = "regionCode=SGN"
			},
			details: "Signature does not match.",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/vserver/v2/getRegionList", strings.NewReader("responseFormatType=json"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			h.signReq(req, "/vserver/v2/getRegionList")
			tc.mutate(h, req)
			status, body := h.do(req)
			want := `{"error":{"errorCode":"200","message":"Authentication Failed","details":"` + tc.details + `"}}`
			if status != http.StatusUnauthorized || body != want {
				t.Errorf("got %d %s\nwant 401 %s", status, body, want)
			}
			if diff := cmp.Diff(map[string]int{}, h.emu.Calls()); diff != "" {
				t.Errorf("failed auth was counted (-want +got):\n%s", diff)
			}
		})
	}
}

// The SDK sends the v2 algorithm under the -v1 header name.
func TestAuthenticateV1Header(t *testing.T) {
	h := newHarness(t, Options{})
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/vserver/v2/getRegionList", strings.NewReader("responseFormatType=json"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.signReq(req, "/vserver/v2/getRegionList")
	req.Header.Set(hdrSigV1, req.Header.Get(hdrSigV2))
	req.Header.Del(hdrSigV2)
	if status, body := h.do(req); status != http.StatusOK {
		t.Fatalf("v1 header: %d %s", status, body)
	}
}

// A GET signs the query as sent; its parameters are read like a form.
func TestGetWithSignedQuery(t *testing.T) {
	h := newHarness(t, Options{})
	status, body := h.get("getServerInstanceList", "regionCode=SGN&responseFormatType=json")
	if status != http.StatusOK || !strings.Contains(body, `"serverName": "web-sg-01"`) {
		t.Fatalf("got %d %s", status, body)
	}
}

// Unknown paths and methods are the gateway's 404, before authentication.
func TestUnknownAction(t *testing.T) {
	h := newHarness(t, Options{})
	for _, path := range []string{"/vserver/v2/getNothing", "/vserver/v1/getRegionList", "/"} {
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+path, nil)
		status, body := h.do(req)
		want := `{"error":{"errorCode":"300","message":"Not Found Exception","details":""}}`
		if status != http.StatusNotFound || body != want {
			t.Errorf("%s: got %d %s", path, status, body)
		}
	}
	if got := h.emu.Calls()["total"]; got != 0 {
		t.Errorf("unknown paths counted: %d", got)
	}
}
