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
// defaults: a budget of 5 minutes, no attempt limit for reads and 6
// attempts for createServerImage and deleteServerImage, 500ms base delay,
// 30s maximum delay.
//
// Reads are bounded by time, not by a count, so that a throttling storm
// slows a run down (the [Limiter] lowers the rate meanwhile) rather than
// failing it. The two changes are retried only when the failure proves
// they were not executed, and at most MaxAttempts times.
type RetryPolicy struct {
	// Budget is the time one call may spend: no retry starts once it has
	// gone, or when the wait before it would pass it.
	Budget time.Duration
	// MaxAttempts bounds the attempts, the first one included (1 disables
	// retries). 0 means none for reads and 6 for the changes.
	MaxAttempts int
	BaseDelay   time.Duration // cap of the first backoff; doubles with each retry
	MaxDelay    time.Duration // largest cap of one backoff
}

// Defaults of a [RetryPolicy].
const (
	DefaultRetryBudget = 5 * time.Minute
	maxChangeAttempts  = 6
)

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.Budget <= 0 {
		p.Budget = DefaultRetryBudget
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 500 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 30 * time.Second
	}
	return p
}

// attemptsFor is the attempt limit of an action (0: none).
func (p RetryPolicy) attemptsFor(action string) int {
	if p.MaxAttempts > 0 || !mutating[action] {
		return p.MaxAttempts
	}
	return maxChangeAttempts
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

// retryAfter reads a Retry-After header (seconds or an HTTP date); 0 when
// absent or unreadable.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
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
	limit   int // attempts allowed; 0: bounded by the budget only
	start   time.Time
	waited  time.Duration
	attempt int
}

// next returns how long to wait before the next attempt, or false when the
// policy allows none. hint is a server-requested minimum (Retry-After).
func (r *retrier) next(jitter func(time.Duration) time.Duration, hint time.Duration) (time.Duration, bool) {
	if r.limit > 0 && r.attempt >= r.limit {
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
