package ncloud

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy bounds the retries of one call. Zero fields take the
// defaults: a budget of 5 minutes, 6 attempts, 500ms base delay, 30s
// maximum delay.
//
// A throttled call (429: the gateway refused it, so even a create was
// not executed) is retried for as long as the budget lasts, without
// counting attempts, so that a throttling storm slows a run down (the
// [Limiter] lowers the rate meanwhile) rather than failing it. Other
// transient failures of a read (5xx, network) count against MaxAttempts,
// so a dead endpoint fails fast. The two changes are retried only when
// the failure proves they were not executed.
type RetryPolicy struct {
	// Budget is the time one call may spend: no retry starts once it has
	// gone, or when the wait before it would pass it.
	Budget time.Duration
	// MaxAttempts bounds the counted attempts, the first one included (1
	// disables retries).
	MaxAttempts int
	BaseDelay   time.Duration // cap of the first backoff; doubles with each retry
	MaxDelay    time.Duration // largest cap of one backoff
}

// DefaultRetryBudget is the default [RetryPolicy].Budget.
const DefaultRetryBudget = 5 * time.Minute

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.Budget <= 0 {
		p.Budget = DefaultRetryBudget
	}
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 6
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 500 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 30 * time.Second
	}
	return p
}

// backoffCap is the upper bound of the wait after the given failed attempt
// (1-based): BaseDelay * 2^(attempt-1), at most MaxDelay.
func (p RetryPolicy) backoffCap(attempt int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < attempt && d < p.MaxDelay; i++ {
		d *= 2
	}
	return min(d, p.MaxDelay)
}

// fullJitter draws uniformly in [0, max] ("full jitter"), so that clients
// throttled together do not retry together.
func fullJitter(max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(max) + 1))
}

// maxRetryAfter caps the wait a Retry-After header asks for: the
// default retry budget. A longer hold would stall every call of the run
// (the limiter holds them all) for an answer the retry policy gives up on
// anyway.
const maxRetryAfter = DefaultRetryBudget

// retryAfter reads a Retry-After header (seconds or an HTTP date); 0 when
// absent or unreadable, at most maxRetryAfter.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0
		}
		// compare before multiplying: a huge number of seconds overflows
		return time.Duration(min(secs, int(maxRetryAfter/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), maxRetryAfter)
	}
	return 0
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retrier tracks one call's attempts against the policy. Elapsed time is
// the larger of the real time gone and the sum of the waits, so that the
// budget holds even when a test replaces the sleep.
type retrier struct {
	policy  RetryPolicy
	counted int // failed attempts that count against MaxAttempts
	start   time.Time
	waited  time.Duration
	attempt int
}

// next returns how long to wait before the next attempt, or false when the
// policy allows none. hint is a server-requested minimum (Retry-After);
// free is true for a failure that does not count against MaxAttempts (a
// throttled call).
func (r *retrier) next(jitter func(time.Duration) time.Duration, hint time.Duration, free bool) (time.Duration, bool) {
	if !free {
		r.counted++
	}
	if r.counted >= r.policy.MaxAttempts {
		return 0, false
	}
	d := max(jitter(r.policy.backoffCap(r.attempt)), hint)
	elapsed := max(time.Since(r.start), r.waited)
	if elapsed+d > r.policy.Budget {
		return 0, false
	}
	r.waited += d
	return d, true
}
