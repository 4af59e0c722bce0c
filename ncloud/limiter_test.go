package ncloud

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// Every attempt, retries included, takes one token of the shared bucket.
// The bucket refills once an hour, so the count is exact.
func TestLimiterTokenPerAttempt(t *testing.T) {
	lim := bucket(rate.Every(time.Hour), 100)
	fake := newFake(t, script("", r503, r503, success)) // retried, not throttled: the rate stays
	c := newTestClient(t, fake, WithLimiter(lim))
	if err := regions(c); err != nil { // 3 attempts
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() { defer wg.Done(); regions(c) }()
	}
	wg.Wait()
	if got, want := math.Floor(lim.lim.Tokens()), float64(100-3-10); got != want {
		t.Errorf("tokens left = %v, want %v", got, want)
	}
	if n := len(fake.requests()); n != 13 {
		t.Errorf("server saw %d requests, want 13", n)
	}
}

// With the bucket empty, a call whose deadline comes before the next token
// is refused at once without a request.
func TestLimiterHoldsRate(t *testing.T) {
	lim := bucket(rate.Every(time.Hour), 2)
	fake := newFake(t, script("", success))
	c := newTestClient(t, fake, WithLimiter(lim))
	for range 2 {
		if err := regions(c); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := c.GetRegionList(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "rate limit") {
		t.Errorf("err = %v, want a rate-limit deadline error", err)
	}
	if n := len(fake.requests()); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
}

// Lower bound only (a limiter can never be faster than its rate): 11
// calls at 100/s with burst 1 take at least 100ms.
func TestLimiterPaces(t *testing.T) {
	fake := newFake(t, script("", success))
	c := newTestClient(t, fake, WithLimiter(bucket(100, 1)))
	start := time.Now()
	for range 11 {
		if err := regions(c); err != nil {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took < 100*time.Millisecond {
		t.Errorf("11 calls at 100/s took %v, want >= 100ms", took)
	}
}

// The default limiter starts at its ceiling of 10 requests per second,
// with a burst of 5 (half a second of calls).
func TestDefaultLimiter(t *testing.T) {
	c, err := New(WithCredentials(Credentials{"ak", testSecret}))
	if err != nil {
		t.Fatal(err)
	}
	if c.limiter.Limit() != 10 || c.limiter.lim.Burst() != 5 {
		t.Errorf("default limiter %v/s burst %d", c.limiter.Limit(), c.limiter.lim.Burst())
	}
}
