package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testAccess = "AK-test"
	testSecret = "SK-test-secret"
)

// testSeed is a small account: two regions, servers in every state the
// create rules care about, and snapshots of every kind.
const testSeed = `
accounts: [{accessKey: AK-other, secretKey: SK-other}]
regions:
  - {code: KR, name: Korea}
  - {code: SGN, name: Singapore(New)}
servers:
  - {region: KR, no: "101", name: web-01, status: RUN, vpcNo: "11", publicIp: 203.0.113.1, privateIp: 10.0.0.1}
  - {region: KR, no: "102", name: web-02, status: NSTOP, disks: [{sizeGB: 10}, {sizeGB: 50, volumeType: CB2}], vpcNo: "12", privateIp: 10.0.0.2}
  - {region: KR, no: "103", name: booting, status: INIT}
  - {region: KR, no: "104", name: busy, status: RUN, operation: SETUP}
  - {region: SGN, no: "201", name: web-sg-01}
snapshots:
  - {region: KR, no: "301", name: root-10, sizeGB: 10, bootable: true}
  - {region: KR, no: "302", name: data-200, sizeGB: 200, volumeType: CB2}
  - {region: KR, no: "303", name: root-pending, sizeGB: 10, bootable: true, status: INIT}
  - {region: SGN, no: "401", name: sg-root, sizeGB: 10, bootable: true}
`

// clock is an injectable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness is an emulator behind a real HTTP server and a hand-written
// signing client (deliberately not the ncloud package's).
type harness struct {
	t     testing.TB
	emu   *Emulator
	srv   *httptest.Server
	clock *clock
	key   string
	sec   string
}

func newHarness(t *testing.T, o Options) *harness {
	t.Helper()
	c := newClock()
	if o.Now == nil {
		o.Now = c.Now
	}
	o.Accounts = append(o.Accounts, Account{AccessKey: testAccess, SecretKey: testSecret})
	emu := New(o)
	seed, err := ParseSeed([]byte(testSeed))
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.Seed(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return &harness{t: t, emu: emu, srv: srv, clock: c, key: testAccess, sec: testSecret}
}

// sign computes the gateway signature the way ncp-api.md §2 states it.
func sign(secret, method, uri, ts, key string) string {
	m := hmac.New(sha256.New, []byte(secret))
	io.WriteString(m, method+" "+uri+"\n"+ts+"\n"+key)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// post sends a signed form POST of action and returns status and body.
func (h *harness) post(action string, form url.Values) (int, string) {
	h.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if !form.Has("responseFormatType") {
		form.Set("responseFormatType", "json")
	}
	path := "/vserver/v2/" + action
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.signReq(req, path)
	return h.do(req)
}

// get sends a signed GET with rawQuery as written.
func (h *harness) get(action, rawQuery string) (int, string) {
	h.t.Helper()
	uri := "/vserver/v2/" + action + "?" + rawQuery
	req, err := http.NewRequest(http.MethodGet, h.srv.URL+uri, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	h.signReq(req, uri)
	return h.do(req)
}

func (h *harness) signReq(req *http.Request, uri string) {
	ts := strconv.FormatInt(h.clock.Now().UnixMilli(), 10)
	req.Header.Set("x-ncp-apigw-timestamp", ts)
	req.Header.Set("x-ncp-iam-access-key", h.key)
	req.Header.Set("x-ncp-apigw-signature-v2", sign(h.sec, req.Method, uri, ts, h.key))
}

func (h *harness) do(req *http.Request) (int, string) {
	h.t.Helper()
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// listResponse is the envelope content of every list-shaped answer.
type listResponse struct {
	ReturnCode      string         `json:"returnCode"`
	TotalRows       int            `json:"totalRows"`
	ServerImageList []wireImage    `json:"serverImageList"`
	Regions         []wireRegion   `json:"regionList"`
	Servers         []wireServer   `json:"serverInstanceList"`
	Snapshots       []wireSnapshot `json:"blockStorageSnapshotInstanceList"`
}

type responseErrorDoc struct {
	ReturnCode    string `json:"returnCode"`
	ReturnMessage string `json:"returnMessage"`
}

// ok calls action and decodes a 200 envelope.
func (h *harness) ok(action string, form url.Values) listResponse {
	h.t.Helper()
	status, body := h.post(action, form)
	if status != http.StatusOK {
		h.t.Fatalf("%s: status %d: %s", action, status, body)
	}
	var env map[string]listResponse
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		h.t.Fatalf("%s: %v in %s", action, err, body)
	}
	out, found := env[action+"Response"]
	if !found {
		h.t.Fatalf("%s: no %sResponse in %s", action, action, body)
	}
	return out
}

// apiErr calls action and decodes a responseError body with its status.
func (h *harness) apiErr(action string, form url.Values) (int, responseErrorDoc) {
	h.t.Helper()
	status, body := h.post(action, form)
	var env struct {
		ResponseError *responseErrorDoc `json:"responseError"`
	}
	if err := json.Unmarshal([]byte(body), &env); err != nil || env.ResponseError == nil {
		h.t.Fatalf("%s: want a responseError, got %d %s", action, status, body)
	}
	return status, *env.ResponseError
}

// create makes an image from web-01 with the given extra fields.
func (h *harness) create(name string, extra url.Values) wireImage {
	h.t.Helper()
	form := url.Values{"regionCode": {"KR"}, "serverInstanceNo": {"101"}, "serverImageName": {name}}
	for k, v := range extra {
		form[k] = v
	}
	res := h.ok("createServerImage", form)
	if len(res.ServerImageList) != 1 {
		h.t.Fatalf("create %s: %d images in answer", name, len(res.ServerImageList))
	}
	return res.ServerImageList[0]
}

func containsText(s, sub string) bool { return strings.Contains(s, sub) }

func newServer(t *testing.T, e *Emulator) *httptest.Server {
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}
