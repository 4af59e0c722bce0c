package reconcile

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/ncloud"
)

// busyCodes are NCP's returnCodes for "this object is busy with another
// operation". On createServerImage they mean the source server (or a
// snapshot it uses) is busy, perhaps imaging for another create of this
// run; NCP did not execute the create, and it waits for the server. One
// line a code; the names are terraform-provider-ncloud's
// (internal/common/common.go, docs/ncp-api.md §errors).
var busyCodes = map[string]string{
	"25013": "ApiErrorObjectInOperation",
	"25017": "ApiErrorServerObjectInOperation2",
}

// maxBusyBackoff bounds the backoff of a create refused as busy when no
// image of its server is in flight in this run, in poll intervals.
const maxBusyBackoff = 8

// servers is what a run knows of the source servers of its creates: how
// many creates of each are going on (sent, and their image not yet
// finished), and whether NCP refused one as busy. NCP does not say
// whether a server may be imaged twice at once; after its first busy
// refusal a server takes one create at a time, so the creates queued for
// it are sent one after another, each when the previous image finished,
// not all at once on every finish.
type servers struct {
	limit int // Applier.PerServer; 0: no limit until a busy refusal

	mu sync.Mutex
	m  map[string]*server
}

type server struct {
	label    string
	active   int           // creates sent and not finished
	serial   bool          // refused as busy: one create at a time
	finished int           // images of it finished (or creates that failed)
	wake     chan struct{} // closed, and replaced, when active drops
}

// busyError is a create NCP refused because its server was busy.
type busyError struct{ err error }

func (e *busyError) Error() string { return e.err.Error() }
func (e *busyError) Unwrap() error { return e.err }

// why says what refused the create, for the progress lines.
func (e *busyError) why() string {
	code := "25013"
	if ae := (*ncloud.APIError)(nil); errors.As(e.err, &ae) {
		code = ae.Code
	}
	return "NCP refused the create: the server is busy (returnCode " + code + ")"
}

// isBusy reports a createServerImage refused with one of busyCodes.
func isBusy(err error) bool {
	var ae *ncloud.APIError
	return errors.As(err, &ae) && busyCodes[ae.Code] != "" && !ae.Gateway && ae.HTTPStatus >= 400 && ae.HTTPStatus < 500
}

// serverKey identifies the source server of a create.
func serverKey(ch *plan.Change) string { return ch.Request.Region + "/" + ch.Request.ServerInstanceNo }

func (s *servers) get(ch *plan.Change) *server {
	key := serverKey(ch)
	sv := s.m[key]
	if sv == nil {
		sv = &server{label: ch.ServerLabel(), wake: make(chan struct{})}
		s.m[key] = sv
	}
	return sv
}

// enter waits until a create of ch's server may be sent and counts it
// as going on; gen is the server's count of finished images then. It
// fails when ctx is done or the deadline passes first.
func (r *run) enterServer(ctx context.Context, ch *plan.Change, deadline time.Time, why string) (gen int, err error) {
	s := r.servers
	announced := false
	for {
		s.mu.Lock()
		sv := s.get(ch)
		limit := s.limit
		if sv.serial && (limit == 0 || limit > 1) {
			limit = 1
		}
		if limit == 0 || sv.active < limit {
			sv.active++
			gen = sv.finished
			s.mu.Unlock()
			if announced {
				r.adjustWaiting(-1)
			}
			return gen, nil
		}
		wake, label, active := sv.wake, sv.label, sv.active
		s.mu.Unlock()
		if !announced {
			if why == "" {
				why = sprintf("%s of it being created (--per-server %d)", plural(active, "image", "images"), limit)
			}
			r.waitingEvent(ch, "waiting for "+label+": "+why)
			announced = true
		}
		if err := r.sleepUntil(ctx, wake, 0, deadline, label, why); err != nil {
			r.adjustWaiting(-1)
			return 0, err
		}
	}
}

// leaveServer ends a create of ch's server: its image finished, or the
// create failed or was refused. Waiting creates of the server wake up.
func (r *run) leaveServer(ch *plan.Change, refused bool) {
	s := r.servers
	s.mu.Lock()
	defer s.mu.Unlock()
	sv := s.get(ch)
	sv.active--
	if refused {
		sv.serial = true
		return // nothing finished: no one to wake
	}
	sv.finished++
	close(sv.wake)
	sv.wake = make(chan struct{})
}

// afterBusy waits after a create of ch refused as busy: until an image of
// its server in flight in this run finishes (enterServer does that, as
// the server now takes one create at a time), at once when one finished
// since the create was sent, else for a backoff. Waiting counts against
// the deadline (--timeout), not against CreateTries.
func (r *run) afterBusy(ctx context.Context, ch *plan.Change, be *busyError, gen, refusals int, deadline time.Time) error {
	s := r.servers
	s.mu.Lock()
	sv := s.get(ch)
	active, finished, label := sv.active, sv.finished, sv.label
	s.mu.Unlock()
	why := be.why()
	if active > 0 || finished != gen {
		return nil // enterServer waits for the image in flight
	}
	backoff := r.a.PollInterval << min(refusals-1, 3)
	backoff = min(backoff, maxBusyBackoff*r.a.PollInterval)
	r.waitingEvent(ch, "waiting for "+label+": "+why+"; trying again in "+backoff.String())
	err := r.sleepUntil(ctx, nil, backoff, deadline, label, why)
	r.adjustWaiting(-1)
	return err
}

// sleepUntil blocks until wake is closed, d has passed (d > 0), ctx is
// done (not started) or the deadline passes (failed).
func (r *run) sleepUntil(ctx context.Context, wake <-chan struct{}, d time.Duration, deadline time.Time, label, why string) error {
	left := deadline.Sub(r.a.Now())
	if left <= 0 {
		return r.stillWaiting(label, why)
	}
	var after <-chan time.Time
	if d > 0 && d < left {
		t := time.NewTimer(d)
		defer t.Stop()
		after = t.C
	}
	dl := time.NewTimer(left)
	defer dl.Stop()
	select {
	case <-wake:
	case <-after:
	case <-dl.C:
		return r.stillWaiting(label, why)
	case <-ctx.Done():
		return &stopError{msg: "interrupted while waiting for " + label + "; nothing was created, the next apply creates it"}
	}
	return nil
}

func (r *run) stillWaiting(label, why string) error {
	return errors.New(sprintf("still waiting for %s after %s (see --timeout): %s; nothing was created, the next apply creates it",
		label, r.a.Timeout, why))
}

// waitingEvent reports an image waiting for its server: not in flight.
func (r *run) waitingEvent(ch *plan.Change, msg string) {
	r.mu.Lock()
	r.counts.Waiting++
	r.mu.Unlock()
	r.event(ch.Address, msg, "", 0)
}

func (r *run) adjustWaiting(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts.Waiting += n
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return sprintf("%d %s", n, many)
}
