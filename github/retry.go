package github

import (
	"context"
	"errors"
	"time"
)

// Retry is the retry policy: which failures are retried (decide) apart
// from how long to wait (backoff). Tries bounds the attempts of one
// request; Budget bounds the total wait of the client, so a run gives up
// after about two minutes rather than holding a CI job.
type Retry struct {
	Tries  int
	Budget time.Duration
	// Base is the first backoff of a 5xx or network error (doubling);
	// a rate limit that says no wait waits RateLimitWait, as GitHub asks.
	Base          time.Duration
	RateLimitWait time.Duration
	// Sleep waits d or until ctx is done; tests inject one that records
	// and returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock x-ratelimit-reset is read against.
	Now func() time.Time
}

// DefaultRetry: 5 tries, 2 minutes of waiting in all, backoff from 1 s.
func DefaultRetry() Retry {
	return Retry{Tries: 5, Budget: 2 * time.Minute, Base: time.Second, RateLimitWait: time.Minute,
		Sleep: sleepContext, Now: time.Now}
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r Retry) now() time.Time {
	if r.Now == nil {
		return time.Now()
	}
	return r.Now()
}

// decide says whether attempt try, which failed with err, is retried and
// after how long. Rate limits are retried for every request (GitHub did
// not act); 5xx and network errors only for idempotent ones.
func (r Retry) decide(err error, idempotent bool, try int) (time.Duration, bool) {
	if try >= r.Tries {
		return 0, false
	}
	var ae *APIError
	if errors.As(err, &ae) && ae.RateLimited {
		if ae.RetryAfter > 0 {
			return ae.RetryAfter, true
		}
		return max(r.RateLimitWait, r.backoff(try)), true
	}
	if idempotent && Ambiguous(err) {
		return r.backoff(try), true
	}
	return 0, false
}

// backoff is Base doubled for each try before this one.
func (r Retry) backoff(try int) time.Duration {
	return r.Base << min(try-1, 10)
}
