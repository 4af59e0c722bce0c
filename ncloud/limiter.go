package ncloud

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Pacing of a [Limiter]. NCP documents no rate limit, so the limiter
// learns one: it halves its rate on a throttling answer (at most once per
// decreaseGap, since the requests in flight are throttled together) down
// to floorRPS, and adds back a step after each increaseWindow without
// one, up to its ceiling.
const (
	floorRPS       = 0.5
	decreaseGap    = time.Second
	increaseWindow = 5 * time.Second
)

// Limiter is the token bucket every attempt of every call of a [Client]
// waits on, with an adaptive rate (AIMD): a throttling answer (HTTP 429)
// halves the rate and holds every call for the answer's Retry-After; each
// increaseWindow (5 s) of successes adds back a twentieth of the ceiling
// (at least 0.5 rps), never above the ceiling. It is safe for concurrent
// use; share one between clients to share one rate.
type Limiter struct {
	mu          sync.Mutex
	lim         *rate.Limiter
	ceiling     rate.Limit
	step        rate.Limit
	holdUntil   time.Time // Retry-After: no token before
	changedAt   time.Time // last decrease or increase
	decreasedAt time.Time

	// Hooks for tests of this package.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

// NewLimiter returns a limiter of at most ceiling requests per second
// (--max-rps), starting at the ceiling, with a burst of a quarter second
// of requests (at least 1).
func NewLimiter(ceiling float64) *Limiter {
	l := &Limiter{ceiling: rate.Limit(ceiling), now: time.Now, sleep: sleepCtx}
	l.step = max(l.ceiling/20, floorRPS)
	l.lim = rate.NewLimiter(l.ceiling, burstFor(l.ceiling))
	return l
}

func burstFor(r rate.Limit) int {
	if r == rate.Inf {
		return 1
	}
	return max(1, int(r/2)) // half a second of calls: a small run starts at once
}

// Limit returns the current rate in requests per second.
func (l *Limiter) Limit() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return float64(l.lim.Limit())
}

// errWaitTooLong is returned by Wait when the next token comes after the
// context's deadline.
var errWaitTooLong = errors.New("the next request slot is after the deadline")

// Wait blocks until the next request may be sent, or fails at once when
// that is after ctx's deadline (or when ctx is done first).
func (l *Limiter) Wait(ctx context.Context) error {
	l.mu.Lock()
	now := l.now()
	hold := max(l.holdUntil.Sub(now), 0)
	r := l.lim.ReserveN(now.Add(hold), 1)
	d := hold + r.DelayFrom(now.Add(hold))
	if dl, ok := ctx.Deadline(); ok && now.Add(d).After(dl) {
		r.CancelAt(now)
		l.mu.Unlock()
		return errWaitTooLong
	}
	l.mu.Unlock()
	if d <= 0 {
		return ctx.Err()
	}
	if err := l.sleep(ctx, d); err != nil {
		l.mu.Lock()
		r.CancelAt(l.now())
		l.mu.Unlock()
		return err
	}
	return nil
}

// throttled records a throttling answer: halve the rate (once per
// decreaseGap), and hold every call for retryAfter when the answer gave one.
func (l *Limiter) throttled(retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if until := now.Add(retryAfter); until.After(l.holdUntil) {
		l.holdUntil = until
	}
	if !l.decreasedAt.IsZero() && now.Sub(l.decreasedAt) < decreaseGap {
		return
	}
	l.set(now, max(l.lim.Limit()/2, floorRPS))
	l.decreasedAt = now
}

// succeeded records an answer that was not a throttling one: after
// increaseWindow without a change, add a step back.
func (l *Limiter) succeeded() {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	cur := l.lim.Limit()
	if cur >= l.ceiling {
		return
	}
	if now.Sub(l.changedAt) < increaseWindow {
		return
	}
	l.set(now, min(cur+l.step, l.ceiling))
}

// set changes the rate and the burst that goes with it. Callers hold mu.
func (l *Limiter) set(now time.Time, r rate.Limit) {
	l.lim.SetLimitAt(now, r)
	l.lim.SetBurstAt(now, burstFor(r))
	l.changedAt = now
}
