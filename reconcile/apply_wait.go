package reconcile

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ncpimage/ncpimage/ncloud"
)

// waitGoal is what a wait waits for: the image created, or gone.
type waitGoal int

const (
	wantCreated waitGoal = iota + 1 // status CREAT, no operation
	wantGone                        // no longer listed
)

func (t waitGoal) String() string {
	if t == wantGone {
		return "to be gone"
	}
	return "to be created"
}

// progressive names the work NCP is doing for t.
func (t waitGoal) progressive() string {
	if t == wantGone {
		return "being deleted"
	}
	return "being created"
}

// Limits of the poller.
const (
	pollChunk = 1000 // image numbers per list call (one page)
	maxMisses = 3    // polls an image may be missing from the list before "disappeared"
	// maxFailedChecks is how many status checks in a row may fail (each
	// after the client spent its retry budget on it) before the wait
	// stops: the account is not answering, and waiting out --timeout
	// in silence helps nobody. The image stays in flight.
	maxFailedChecks = 3
	pollTimeout     = 5 * time.Minute
)

// flight is one image being waited for.
type flight struct {
	region   string
	no       string
	want     waitGoal
	start    time.Time // when the wait began (the create or delete was answered)
	due      time.Time // its next status check
	deadline time.Time
	misses   int
	failed   int        // status checks failed in a row (transient list errors)
	lastErr  error      // the last of them
	unknown  string     // the last status seen when NCP gave one ncpimage does not know
	done     chan error // buffered: the poller never blocks on it
}

// poller watches every image in flight with one getServerImageList call
// per region and check (filtered by number, 1000 per call), never one
// call per image.
//
// The schedule: an image is first checked first (1 s) after its wait
// began, when the fastest image could be ready, then whenever its age has
// doubled (2 s, 4 s, 8 s ...), at most interval apart, and also at the
// age at which the first image of the run was found ready, when the
// others may be ready too. A region is checked
// when the first of its images is due, and that check lists every image
// in flight there and counts for every image due by then, so the images
// of a bulk apply share their checks: a region is checked at most once
// per first (plus the checks of its newest image, which are kept
// exactly), whatever the number of images in flight. Every call still
// goes through the client's rate limiter.
type poller struct {
	api      API
	first    time.Duration
	interval time.Duration
	now      func() time.Time
	// ready, when set, hears of each image found created or failed
	// before its wait ends (see [names]).
	ready func(region string, img *ncloud.ServerImage)
	// timer returns a channel that fires after d, and its stop (a
	// hook for tests, which run the schedule on a fake clock).
	timer func(d time.Duration) (<-chan time.Time, func() bool)

	wake chan struct{} // a flight was added: the next check may be sooner

	mu        sync.Mutex
	flights   map[string]map[*flight]bool // region -> flights
	lastCheck map[string]time.Time        // region -> its last check
	readyAge  time.Duration               // the shortest age an image was found ready at
}

func newPoller(api API, first, interval time.Duration, now func() time.Time) *poller {
	return &poller{api: api, first: min(first, interval), interval: interval, now: now, timer: realTimer,
		wake: make(chan struct{}, 1), flights: map[string]map[*flight]bool{}, lastCheck: map[string]time.Time{}}
}

func realTimer(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}

// await blocks until image no of region reaches want, fails, passes the
// timeout, or ctx is done (it then returns ctx's error).
func (p *poller) await(ctx context.Context, region, no string, want waitGoal, timeout time.Duration) error {
	f := p.add(region, no, want, timeout)
	select {
	case err := <-f.done:
		return err
	case <-ctx.Done():
		p.mu.Lock()
		delete(p.flights[region], f)
		p.mu.Unlock()
		return ctx.Err()
	}
}

// add puts an image in flight, first due first from now.
func (p *poller) add(region, no string, want waitGoal, timeout time.Duration) *flight {
	now := p.now()
	f := &flight{region: region, no: no, want: want, start: now, due: now.Add(p.first), deadline: now.Add(timeout),
		done: make(chan error, 1)}
	p.mu.Lock()
	if p.flights[region] == nil {
		p.flights[region] = map[*flight]bool{}
	}
	p.flights[region][f] = true
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
	return f
}

// run checks each region when it is due, until ctx is done.
func (p *poller) run(ctx context.Context) {
	for ctx.Err() == nil {
		var fire <-chan time.Time
		stop := func() bool { return false }
		if at, ok := p.nextCheck(); ok {
			fire, stop = p.timer(max(at.Sub(p.now()), 0))
		}
		select {
		case <-ctx.Done():
			stop()
			return
		case <-p.wake:
			stop()
		case <-fire:
			p.poll(ctx)
		}
	}
}

// nextCheck is the time of the next check of any region: when its first
// image is due, but not sooner than first after its last check.
func (p *poller) nextCheck() (time.Time, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var next time.Time
	for region, set := range p.flights {
		if at, ok := p.regionDue(region, set); ok && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	return next, !next.IsZero()
}

// regionDue is when region is next checked: when its first image is
// due, but not sooner than first after its last check, unless its newest
// image is due (the last one created is the one a run waits for last, so
// its checks are never put off); p.mu is held.
func (p *poller) regionDue(region string, set map[*flight]bool) (time.Time, bool) {
	var first, newest *flight
	for f := range set {
		if first == nil || f.due.Before(first.due) {
			first = f
		}
		if newest == nil || f.start.After(newest.start) {
			newest = f
		}
	}
	if first == nil {
		return time.Time{}, false
	}
	due := first.due
	if last, ok := p.lastCheck[region]; ok && due.Before(last.Add(p.first)) {
		due = last.Add(p.first)
		if newest.due.Before(due) {
			due = newest.due
		}
	}
	return due, true
}

// poll checks the regions that are due: it lists their images in flight
// and settles those that are done.
func (p *poller) poll(ctx context.Context) {
	for region, flights := range p.dueRegions() {
		imgs, err := p.list(ctx, region, flights)
		if ctx.Err() != nil {
			return
		}
		byNo := make(map[string]*ncloud.ServerImage, len(imgs))
		for i := range imgs {
			byNo[imgs[i].No] = &imgs[i]
		}
		now := p.now()
		for _, f := range flights {
			if done, res := settle(f, byNo[f.no], err, now); done {
				if img := byNo[f.no]; p.ready != nil && img != nil && f.want == wantCreated && (img.Ready() || img.Failed()) {
					p.ready(region, img)
				}
				if res == nil {
					p.reached(now.Sub(f.start))
				}
				p.finish(region, f, res)
			}
		}
		p.checked(region, flights, now)
	}
}

// checked records a check of region at now and moves the flights it was
// due for to their next check: when their age has doubled, at most
// interval on. The steps are counted from the start of each wait, not
// from the check, so a check put off does not put off the next ones.
func (p *poller) checked(region string, flights []*flight, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lastCheck[region] = now
	if len(p.flights[region]) == 0 {
		delete(p.flights, region)
		delete(p.lastCheck, region)
	}
	for _, f := range flights {
		for !f.due.After(now) {
			f.due = f.due.Add(min(max(f.due.Sub(f.start), p.first), p.interval))
		}
		// the age an image of this run took is when the others may be
		// ready too
		if at := f.start.Add(p.readyAge); p.readyAge > 0 && at.After(now) && at.Before(f.due) {
			f.due = at
		}
	}
}

// reached records that an image was found at its goal at age: the
// shortest such age is when the others are checked too.
func (p *poller) reached(age time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.readyAge == 0 || age < p.readyAge {
		p.readyAge = age
	}
}

// dueRegions copies the flights of every region due now, each sorted by
// number.
func (p *poller) dueRegions() map[string][]*flight {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	out := map[string][]*flight{}
	for region, set := range p.flights {
		if at, ok := p.regionDue(region, set); !ok || at.After(now) {
			continue
		}
		for f := range set {
			out[region] = append(out[region], f)
		}
		fl := out[region]
		sort.Slice(fl, func(i, j int) bool { return fl[i].no < fl[j].no })
	}
	return out
}

// list reads the images of flights, pollChunk numbers per call.
func (p *poller) list(ctx context.Context, region string, flights []*flight) ([]ncloud.ServerImage, error) {
	var out []ncloud.ServerImage
	for start := 0; start < len(flights); start += pollChunk {
		chunk := flights[start:min(start+pollChunk, len(flights))]
		nos := make([]string, len(chunk))
		for i, f := range chunk {
			nos[i] = f.no
		}
		lctx, cancel := context.WithTimeout(ctx, pollTimeout)
		imgs, err := p.api.GetServerImageList(lctx, region, ncloud.ImageFilter{Nos: nos})
		cancel()
		if err != nil {
			return nil, fmt.Errorf("list images in %s: %w", region, err)
		}
		out = append(out, imgs...)
	}
	return out, nil
}

// settle decides whether a flight is over after a poll: done with a nil
// error when the image reached its goal. A timeout after failed status
// checks gives the last of their errors: that is the true cause.
func settle(f *flight, img *ncloud.ServerImage, listErr error, now time.Time) (bool, error) {
	if listErr == nil {
		f.failed, f.lastErr = 0, nil
	}
	switch {
	case listErr != nil && !ncloud.IsRetryable(listErr):
		return true, listErr
	case listErr != nil:
		// transient: the next poll tries again, a few times
		f.failed, f.lastErr = f.failed+1, listErr
		if f.failed >= maxFailedChecks {
			return true, &stopError{inFlight: true, msg: sprintf(
				"stopped waiting for image %s %s: the last %d status checks failed, each after its retries: %v; the image stays in flight and the next apply waits for it",
				f.no, f.want, f.failed, listErr), err: listErr}
		}
	case f.want == wantGone && img == nil:
		return true, nil
	case f.want == wantCreated && img == nil:
		f.misses++
		if f.misses >= maxMisses {
			return true, &goneError{no: f.no}
		}
	case f.want == wantCreated && img.Failed():
		return true, &createFailedError{sprintf("NCP failed to create image %s (status CREFL); apply --replace %s/%s recreates it", f.no, f.region, img.Name)}
	case f.want == wantCreated && img.Ready():
		return true, nil
	case f.want == wantCreated && !img.Creating() && img.Status != ncloud.ImageCreated:
		f.unknown = statusText(img) // not a status ncpimage knows: waited for like INIT
	}
	if now.After(f.deadline) && f.lastErr != nil {
		checks := "the last status check"
		if f.failed > 1 {
			checks = sprintf("the last %d status checks", f.failed)
		}
		return true, fmt.Errorf("timed out waiting for image %s %s; %s failed: %w", f.no, f.want, checks, f.lastErr)
	}
	if now.After(f.deadline) && f.unknown != "" {
		return true, fmt.Errorf("timed out waiting for image %s %s: its status is %s, which ncpimage does not know, so it was waited for like INIT (see --timeout)", f.no, f.want, f.unknown)
	}
	if now.After(f.deadline) {
		return true, fmt.Errorf("timed out waiting for image %s %s (see --timeout)", f.no, f.want)
	}
	return false, nil
}

func (p *poller) finish(region string, f *flight, err error) {
	p.mu.Lock()
	delete(p.flights[region], f)
	p.mu.Unlock()
	f.done <- err
}

// statusText names an image's status for a message: the code, and the
// status name where it tells more ("COPY (copying)").
func statusText(img *ncloud.ServerImage) string {
	s := strconv.Quote(string(img.Status))
	if img.StatusName != "" && !strings.EqualFold(img.StatusName, string(img.Status)) {
		s += " (serverImageStatusName " + strconv.Quote(img.StatusName) + ")"
	}
	return s
}
