package ncloud

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// Test credentials. testSecret must never show up in any output.
const (
	testAccess = "test-access-key"
	testSecret = "s3cr3t-KEY-never-print-me"
)

// fakeRequest is what the fake server recorded of one request.
type fakeRequest struct {
	Action string
	Body   string
	Form   url.Values
	Header http.Header
}

// reply is one answer of the fake server. drop closes the connection
// without an answer, after the request was read.
type reply struct {
	status int
	body   string
	header map[string]string
	drop   bool
}

func ok(action, inner string) reply {
	return reply{status: 200, body: `{"` + action + `Response": {"requestId": "req-1", "returnCode": "0", "returnMessage": "success"` + inner + `}}`}
}

// fakeNCP is an httptest server whose answers come from a function of the
// action and its 1-based call count. It checks the signature headers of
// every request.
type fakeNCP struct {
	t       *testing.T
	srv     *httptest.Server
	respond func(call int, r fakeRequest) reply

	mu    sync.Mutex
	reqs  []fakeRequest
	calls map[string]int
}

func newFake(t *testing.T, respond func(call int, r fakeRequest) reply) *fakeNCP {
	t.Helper()
	f := &fakeNCP{t: t, respond: respond, calls: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeNCP) serve(w http.ResponseWriter, r *http.Request) {
	var body bytes.Buffer
	body.ReadFrom(r.Body)
	form, _ := url.ParseQuery(body.String())
	req := fakeRequest{Action: strings.TrimPrefix(r.URL.Path, "/vserver/v2/"), Body: body.String(), Form: form, Header: r.Header.Clone()}
	f.checkSigned(r)
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	f.calls[req.Action]++
	call := f.calls[req.Action]
	f.mu.Unlock()
	rep := f.respond(call, req)
	if rep.drop {
		dropConn(w)
		return
	}
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	w.Write([]byte(rep.body))
}

// checkSigned verifies the headers NCP requires; the signature covers the
// path only, since every parameter is in the body.
func (f *fakeNCP) checkSigned(r *http.Request) {
	ts := r.Header.Get("x-ncp-apigw-timestamp")
	want := Sign(r.Method, r.URL.Path, ts, testAccess, testSecret)
	if r.Method != http.MethodPost || r.URL.RawQuery != "" || r.Header.Get("x-ncp-iam-access-key") != testAccess ||
		r.Header.Get("x-ncp-apigw-signature-v2") != want || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		f.t.Errorf("bad request signing: %s %s headers %v", r.Method, r.URL, r.Header)
	}
}

// dropConn closes the connection with no answer at all.
func dropConn(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func (f *fakeNCP) requests() []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeRequest(nil), f.reqs...)
}

func (f *fakeNCP) count(action string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[action]
}

// testClient is a client of a fake server with instant, recorded retry
// waits, no rate limit and a debug log that is checked for the secret when
// the test ends.
type testClient struct {
	*Client
	log    *syncBuffer
	delays []time.Duration
	mu     sync.Mutex
}

func newTestClient(t *testing.T, f *fakeNCP, opts ...Option) *testClient {
	t.Helper()
	tc := &testClient{log: &syncBuffer{}}
	base := []Option{
		WithEndpoint(f.srv.URL), WithCredentials(Credentials{testAccess, testSecret}),
		WithLimiter(instantLimiter()), WithDebug(tc.log),
		WithRetry(RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond, Budget: time.Minute}),
	}
	c, err := New(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = func(ctx context.Context, d time.Duration) error {
		tc.mu.Lock()
		tc.delays = append(tc.delays, d)
		tc.mu.Unlock()
		return ctx.Err()
	}
	tc.Client = c
	t.Cleanup(func() { noSecret(t, "debug log", tc.log.String()) })
	return tc
}

// instantLimiter has no rate limit and never sleeps (a Retry-After hold
// included).
func instantLimiter() *Limiter {
	l := NewLimiter(float64(rate.Inf))
	l.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	return l
}

// bucket is a limiter with a fixed rate and burst, as x/time/rate has it.
func bucket(r rate.Limit, burst int) *Limiter {
	l := NewLimiter(float64(r))
	l.lim = rate.NewLimiter(r, burst)
	return l
}

func (tc *testClient) waits() []time.Duration {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	return append([]time.Duration(nil), tc.delays...)
}

// noSecret fails the test when s contains the test secret key.
func noSecret(t *testing.T, what, s string) {
	t.Helper()
	if strings.Contains(s, testSecret) {
		t.Errorf("%s contains the secret key: %s", what, s)
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// deadAddr returns a loopback address nothing listens on: dialing it is
// refused.
func deadAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}
