package ncloud

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	throttled   = `{"error":{"errorCode":"410","message":"Throttle Limited","details":""}}`
	endpointErr = `{"error":{"errorCode":"500","message":"Endpoint Error","details":""}}`
	endpointTO  = `{"error":{"errorCode":"510","message":"Endpoint Timeout","details":""}}`
	tryLater    = `{"responseError":{"returnCode":"1000","returnMessage":"Please try your call again later."}}`
	badParam    = `{"responseError":{"returnCode":"3400001","returnMessage":"invalid parameter"}}`
)

// script answers the n-th call of any action with replies[n-1], and the
// last reply for every later call.
func script(action string, replies ...reply) func(int, fakeRequest) reply {
	return func(call int, r fakeRequest) reply {
		rep := replies[min(call, len(replies))-1]
		if rep.status == 200 && rep.body == "" {
			return ok(r.Action, `, "totalRows": 1, "serverImageList": [{"serverImageNo": "9"}], "regionList": [{"regionCode": "KR"}]`)
		}
		return rep
	}
}

var (
	success  = reply{status: 200}
	drop     = reply{drop: true}
	r429     = reply{status: 429, body: throttled}
	r503     = reply{status: 503, body: endpointErr}
	r504     = reply{status: 504, body: endpointTO}
	r500     = reply{status: 500, body: tryLater}
	r400     = reply{status: 400, body: badParam}
	regions  = func(c *testClient) error { _, err := c.GetRegionList(context.Background()); return err }
	createIt = func(c *testClient) error {
		_, err := c.CreateServerImage(context.Background(), CreateImageInput{ServerInstanceNo: "1", Name: "web"})
		return err
	}
	deleteIt = func(c *testClient) error { return c.DeleteServerImage(context.Background(), "KR", []string{"9"}) }
)

// Retry counts for reads and for the two mutating actions (MaxAttempts 4).
func TestRetries(t *testing.T) {
	tests := []struct {
		name      string
		call      func(*testClient) error
		replies   []reply
		wantCalls int
		wantErr   string // substring; "" = success
		unknown   bool   // the error is an *OutcomeUnknownError
	}{
		{name: "read ok", call: regions, replies: []reply{success}, wantCalls: 1},
		{name: "read 429 twice", call: regions, replies: []reply{r429, r429, success}, wantCalls: 3},
		{name: "read 503 then ok", call: regions, replies: []reply{r503, success}, wantCalls: 2},
		{name: "read 504 then ok", call: regions, replies: []reply{r504, success}, wantCalls: 2},
		{name: "read 1000 then ok", call: regions, replies: []reply{r500, success}, wantCalls: 2},
		{name: "read dropped twice", call: regions, replies: []reply{drop, drop, success}, wantCalls: 3},
		{name: "read 503 forever", call: regions, replies: []reply{r503}, wantCalls: 4, wantErr: "HTTP 503: errorCode 500: Endpoint Error (after 4 attempts)"},
		{name: "read dropped forever", call: regions, replies: []reply{drop}, wantCalls: 4, wantErr: "EOF (after 4 attempts)"},
		{name: "read 400 terminal", call: regions, replies: []reply{r400, success}, wantCalls: 1, wantErr: "getRegionList: HTTP 400: returnCode 3400001: invalid parameter"},
		{name: "create ok", call: createIt, replies: []reply{success}, wantCalls: 1},
		{name: "create 429 retried", call: createIt, replies: []reply{r429, r429, success}, wantCalls: 3},
		{name: "create 400 terminal", call: createIt, replies: []reply{r400, success}, wantCalls: 1, wantErr: "createServerImage: HTTP 400"},
		{name: "create 503 unknown", call: createIt, replies: []reply{r503, success}, wantCalls: 1, unknown: true, wantErr: "Endpoint Error"},
		{name: "create 504 unknown", call: createIt, replies: []reply{r504, success}, wantCalls: 1, unknown: true, wantErr: "Endpoint Timeout"},
		{name: "create 1000 unknown", call: createIt, replies: []reply{r500, success}, wantCalls: 1, unknown: true, wantErr: "returnCode 1000"},
		{name: "create dropped unknown", call: createIt, replies: []reply{drop, success}, wantCalls: 1, unknown: true, wantErr: "outcome unknown"},
		{name: "delete 429 retried", call: deleteIt, replies: []reply{r429, success}, wantCalls: 2},
		{name: "delete dropped unknown", call: deleteIt, replies: []reply{drop, success}, wantCalls: 1, unknown: true, wantErr: "deleteServerImage: outcome unknown"},
		{name: "delete 503 unknown", call: deleteIt, replies: []reply{r503, success}, wantCalls: 1, unknown: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t, script("", tt.replies...))
			c := newTestClient(t, fake)
			err := tt.call(c)
			if got := len(fake.requests()); got != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", got, tt.wantCalls)
			}
			if len(c.waits()) != tt.wantCalls-1 {
				t.Errorf("waited %d times, want %d", len(c.waits()), tt.wantCalls-1)
			}
			checkErr(t, err, tt.wantErr, tt.unknown)
		})
	}
}

func checkErr(t *testing.T, err error, want string, unknown bool) {
	t.Helper()
	if err != nil {
		noSecret(t, "error", err.Error())
	}
	if want == "" && !unknown {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want %q", err, want)
	}
	var ou *OutcomeUnknownError
	if errors.As(err, &ou) != unknown {
		t.Errorf("OutcomeUnknownError = %v, want %v (err %v)", !unknown, unknown, err)
	}
	if unknown && IsRetryable(err) {
		t.Errorf("IsRetryable(outcome unknown) = true")
	}
}

// A create whose connection was refused never reached NCP: it is retried,
// and the server sees the create exactly once.
func TestCreateRetriedAfterConnectionRefused(t *testing.T) {
	fake := newFake(t, script("", success))
	dead, live := deadAddr(t), fake.srv.Listener.Addr().String()
	var dials atomic.Int32
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		addr := live
		if dials.Add(1) <= 2 {
			addr = dead
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	c := newTestClient(t, fake, withHTTPClient(&http.Client{Transport: tr}))
	if err := createIt(c); err != nil {
		t.Fatal(err)
	}
	if got := fake.count("createServerImage"); got != 1 || dials.Load() != 3 {
		t.Errorf("creates seen %d (want 1), dials %d (want 3)", got, dials.Load())
	}
}

// A read against a port nobody listens on fails after every attempt, as a
// retryable error.
func TestReadConnectionRefused(t *testing.T) {
	c, err := New(WithEndpoint("http://"+deadAddr(t)), WithCredentials(Credentials{testAccess, testSecret}),
		WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Microsecond, MaxDelay: time.Microsecond}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetRegionList(context.Background())
	if err == nil || !strings.Contains(err.Error(), "connection refused (after 3 attempts)") || !IsRetryable(err) {
		t.Errorf("err = %v, want a retryable connection refused after 3 attempts", err)
	}
}

// A create cancelled after the server got it is outcome-unknown.
func TestCreateCanceledAfterSend(t *testing.T) {
	got := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	fake := newFake(t, func(int, fakeRequest) reply {
		close(got)
		<-release
		return success
	})
	c := newTestClient(t, fake)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-got; cancel() }()
	_, err := c.CreateServerImage(ctx, CreateImageInput{ServerInstanceNo: "1", Name: "web"})
	var ou *OutcomeUnknownError
	if !errors.As(err, &ou) || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want OutcomeUnknownError wrapping context.Canceled", err)
	}
}

// A throttled create is retried, uncounted, until the budget is gone (the
// gateway's 429 proves it was not executed), as a throttled read is: a
// throttling storm slows an apply down rather than failing its images.
func TestThrottledCreateRetriedWithinBudget(t *testing.T) {
	fake := newFake(t, script("", r429))
	c := newTestClient(t, fake, WithRetry(RetryPolicy{MaxAttempts: 2, BaseDelay: 10 * time.Minute, MaxDelay: 10 * time.Minute, Budget: time.Hour}))
	c.jitter = func(d time.Duration) time.Duration { return d }
	err := createIt(c)
	// six waits of 10 minutes fit in the hour; the seventh would not
	if n := len(fake.requests()); n != 7 {
		t.Errorf("server saw %d requests, want 7 (MaxAttempts 2 does not bound throttled attempts)", n)
	}
	checkErr(t, err, "Throttle Limited (after 7 attempts)", false)
}

// Cancelling while waiting between attempts ends the call at once.
func TestCancelMidRetry(t *testing.T) {
	fake := newFake(t, script("", r503))
	c := newTestClient(t, fake, WithRetry(RetryPolicy{MaxAttempts: 5, BaseDelay: time.Hour, MaxDelay: time.Hour, Budget: 10 * time.Hour}))
	sleeping := make(chan struct{})
	c.sleep = func(ctx context.Context, d time.Duration) error {
		close(sleeping)
		return sleepCtx(ctx, d) // a real hour-long wait: only the cancellation can end it
	}
	c.jitter = func(d time.Duration) time.Duration { return d }
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-sleeping; cancel() }()
	_, err := c.GetRegionList(ctx)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "Endpoint Error") {
		t.Errorf("err = %v, want context.Canceled mentioning the last failure", err)
	}
	if n := len(fake.requests()); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		policy     RetryPolicy
		wantCalls  int
		wantWaits  []time.Duration
	}{
		{name: "seconds", retryAfter: "7", wantCalls: 2, wantWaits: []time.Duration{7 * time.Second}},
		{name: "beyond budget", retryAfter: "600", policy: RetryPolicy{Budget: time.Minute}, wantCalls: 1},
		{name: "garbage ignored", retryAfter: "soon", wantCalls: 2, wantWaits: []time.Duration{time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := r429
			rep.header = map[string]string{"Retry-After": tt.retryAfter}
			fake := newFake(t, script("", rep, success))
			p := RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, Budget: tt.policy.Budget}
			c := newTestClient(t, fake, WithRetry(p))
			c.jitter = func(d time.Duration) time.Duration { return d }
			regions(c)
			if n := len(fake.requests()); n != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", n, tt.wantCalls)
			}
			if diff := cmp.Diff(tt.wantWaits, c.waits()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name, value string
		want        time.Duration
	}{
		{name: "absent"},
		{name: "seconds", value: "3", want: 3 * time.Second},
		{name: "negative", value: "-3"},
		{name: "date", value: "Mon, 02 Nov 2026 10:00:30 GMT", want: 30 * time.Second},
		{name: "past date", value: "Mon, 02 Nov 2026 09:00:00 GMT"},
		{name: "garbage", value: "later"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.value != "" {
				h.Set("Retry-After", tt.value)
			}
			if got := retryAfter(h, now); got != tt.want {
				t.Errorf("retryAfter = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	p := RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.withDefaults()
	var caps []time.Duration
	for attempt := 1; attempt <= 6; attempt++ {
		caps = append(caps, p.backoffCap(attempt))
	}
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second, time.Second}
	if diff := cmp.Diff(want, caps); diff != "" {
		t.Errorf("caps (-want +got):\n%s", diff)
	}
	if got := p.backoffCap(1000); got != time.Second {
		t.Errorf("cap after many attempts = %v", got)
	}
	var sawLow, sawHigh bool
	for range 2000 {
		d := fullJitter(time.Second)
		if d < 0 || d > time.Second {
			t.Fatalf("jitter %v outside [0, 1s]", d)
		}
		sawLow = sawLow || d < 250*time.Millisecond
		sawHigh = sawHigh || d > 750*time.Millisecond
	}
	if !sawLow || !sawHigh || fullJitter(0) != 0 {
		t.Errorf("jitter not spread over [0, max]: low %v high %v", sawLow, sawHigh)
	}
}

func TestRetryPolicyDefaults(t *testing.T) {
	want := RetryPolicy{Budget: 5 * time.Minute, MaxAttempts: 6, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second}
	if diff := cmp.Diff(want, RetryPolicy{}.withDefaults()); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
	one := RetryPolicy{MaxAttempts: 1}.withDefaults()
	fake := newFake(t, script("", r503))
	c := newTestClient(t, fake, WithRetry(one))
	if err := regions(c); err == nil || len(fake.requests()) != 1 {
		t.Errorf("MaxAttempts 1: err %v, %d requests", err, len(fake.requests()))
	}
}
