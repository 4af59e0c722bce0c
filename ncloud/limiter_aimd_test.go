package ncloud

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// fakeClock is a clock that only sleeping moves.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)} }

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.slept = append(c.slept, d)
	c.mu.Unlock()
	return ctx.Err()
}

func fakeLimiter(ceiling float64, clock *fakeClock) *Limiter {
	l := NewLimiter(ceiling)
	l.now, l.sleep = clock.now, clock.sleep
	return l
}

// The AIMD rule: halve on throttling, at most once per second, down to
// the floor; add a step back per 5 s of successes, up to the ceiling.
func TestLimiterAIMD(t *testing.T) {
	clock := newFakeClock()
	l := fakeLimiter(10, clock)
	steps := []struct {
		name      string
		after     time.Duration
		throttled bool
		want      float64
	}{
		{name: "starts at the ceiling", want: 10},
		{name: "success at the ceiling stays", after: time.Minute, want: 10},
		{name: "throttled halves", throttled: true, want: 5},
		{name: "throttled together does not halve again", after: 300 * time.Millisecond, throttled: true, want: 5},
		{name: "throttled a second later halves", after: time.Second, throttled: true, want: 2.5},
		{name: "again", after: time.Second, throttled: true, want: 1.25},
		{name: "down to the floor", after: time.Second, throttled: true, want: 0.625},
		{name: "never below the floor", after: time.Second, throttled: true, want: 0.5},
		{name: "success too soon changes nothing", after: 4 * time.Second, want: 0.5},
		{name: "success after 5 s adds a step", after: time.Second, want: 1},
		{name: "one step per window", after: time.Second, want: 1},
		{name: "next window", after: 5 * time.Second, want: 1.5},
	}
	for _, s := range steps {
		clock.advance(s.after)
		if s.throttled {
			l.throttled(0)
		} else {
			l.succeeded()
		}
		if got := l.Limit(); got != s.want {
			t.Fatalf("%s: limit %v, want %v", s.name, got, s.want)
		}
	}
	for range 100 {
		clock.advance(increaseWindow)
		l.succeeded()
	}
	if got := l.Limit(); got != 10 {
		t.Errorf("after a long calm: limit %v, want the ceiling 10", got)
	}
}

// A Retry-After holds every call, and a wait past the deadline is
// refused at once.
func TestLimiterRetryAfter(t *testing.T) {
	clock := newFakeClock()
	l := fakeLimiter(float64(1000), clock)
	l.throttled(3 * time.Second)
	ctx, cancel := context.WithDeadline(context.Background(), clock.now().Add(time.Second))
	defer cancel()
	if err := l.Wait(ctx); !errors.Is(err, errWaitTooLong) {
		t.Errorf("wait past the deadline: err = %v, want errWaitTooLong", err)
	}
	if err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(clock.slept) != 1 || clock.slept[0] < 3*time.Second {
		t.Errorf("slept %v, want one sleep of at least the 3 s Retry-After", clock.slept)
	}
}

// A client with a ceiling of 50 rps against an emulator that allows 3:
// every one of 60 calls succeeds, and the rate settles near 3.
func TestLimiterConvergesOnEmulator(t *testing.T) {
	clock := newFakeClock()
	emu := emulator.New(emulator.Options{Now: clock.now,
		Accounts: []emulator.Account{{AccessKey: "ak", SecretKey: testSecret}}})
	if err := emu.Seed(emulator.Seed{Regions: []emulator.SeedRegion{{Code: "KR", Name: "Korea"}}}); err != nil {
		t.Fatal(err)
	}
	emu.SetFaults(emulator.Faults{RateLimit: 3, Burst: 1})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	lim := fakeLimiter(50, clock)
	c, err := New(WithEndpoint(srv.URL), WithCredentials(Credentials{"ak", testSecret}), WithLimiter(lim), WithClock(clock.now))
	if err != nil {
		t.Fatal(err)
	}
	c.sleep, c.jitter = clock.sleep, func(max time.Duration) time.Duration { return max }
	start := clock.now()
	for i := range 60 {
		if _, err := c.GetRegionList(context.Background()); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
	calls := emu.Calls()
	elapsed := clock.now().Sub(start)
	if got := lim.Limit(); got < 1 || got > 6 {
		t.Errorf("limit after 60 calls = %v rps, want near 3", got)
	}
	if throttled := calls["total"] - 60; throttled > 20 {
		t.Errorf("%d throttled attempts for 60 calls, want the limiter to learn the rate", throttled)
	}
	t.Logf("60 calls in %v (%d attempts), limit %.2f rps", elapsed, calls["total"], lim.Limit())
}
