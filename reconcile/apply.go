package reconcile

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/ncpimage/ncpimage/plan"
)

// Defaults of an [Applier].
const (
	DefaultParallelism  = 4
	DefaultPollInterval = 10 * time.Second
	DefaultFirstPoll    = time.Second
	DefaultTimeout      = 2 * time.Hour
	defaultGrace        = 30 * time.Second
	defaultCreateTries  = 6
)

// Applier executes a [plan.Plan]. The zero value of every field but API takes
// its default.
//
// The model: every change with something to do runs as its own
// sequence (create -> wait -> share; wait -> share; update = share;
// delete -> wait gone; replace = delete -> wait gone -> create -> wait ->
// share), where share adds the accounts, then removes them. The calls that change the account, and
// the look-ups that settle them, take one of Parallelism slots; waiting
// takes none, so thousands of images can be in flight at once while one
// poller lists them all with one call per region and check: an image is
// first checked FirstPoll after its create, then each time its age has
// doubled, at most PollInterval apart (see the package comment). Every call
// goes through the client's shared rate limiter and its retry policy;
// creates and deletes are never retried blindly (see startCreate). A
// create NCP refuses because its source server is busy (returnCode
// 25013, perhaps imaging for another create of the run) goes back to the
// queue of that server, holding no slot, and is sent again when the
// server's image in flight is created (the poller sees it: no extra
// call), or after a backoff when none is; see PerServer. No
// state is kept outside the account: an image is found again by its
// (region, name), so a run killed at any point is finished by the next.
type Applier struct {
	API API
	// Parallelism bounds the create and delete calls in progress at once
	// (and the name look-ups that settle them). Waiting holds no slot: all
	// images in flight are watched by one list call per poll interval.
	Parallelism int
	// PollInterval is the longest time between two status checks of an
	// image in flight.
	PollInterval time.Duration
	// FirstPoll is the time from a create (or delete) to the first
	// status check of its image, and the shortest time between two
	// checks of a region (default 1 s, at most PollInterval).
	FirstPoll time.Duration
	// Timeout bounds each wait (for CREAT, or for a deleted image to be
	// gone); an image not there in time fails.
	Timeout time.Duration
	// Grace is how long a create or delete call already started may
	// still finish after ctx is done, so its image can be reported.
	Grace time.Duration
	// PerServer bounds the creates of one source server going on at once
	// (sent, and their image not yet created). 0, the default, sets no
	// bound: NCP does not say whether a server may be imaged twice at
	// once, so creates are sent at full parallelism and a create refused
	// because its server is busy (returnCode 25013 or another of busyCodes) waits, holding no
	// slot, until an image of that server in flight finishes; from then
	// on that server takes one create at a time. Waiting for a server
	// counts against Timeout, not against CreateTries.
	PerServer int
	// CreateTries bounds the creates sent for one image when each
	// outcome was unknown and the name look-ups found nothing.
	CreateTries int
	// SettleDelay is how long to wait before looking a name up a second
	// time when a create's outcome was unknown and the first look-up found
	// nothing: the list may show a new image late, and only two empty
	// look-ups let the create be sent again. Default: PollInterval, at
	// most 5 s.
	SettleDelay time.Duration
	// Progress, when set, receives one event per step, one at a time.
	Progress func(plan.Event)
	// Now is the clock (default time.Now).
	Now func() time.Time
}

func (a Applier) withDefaults() Applier {
	if a.Parallelism <= 0 {
		a.Parallelism = DefaultParallelism
	}
	if a.PollInterval <= 0 {
		a.PollInterval = DefaultPollInterval
	}
	if a.FirstPoll <= 0 {
		a.FirstPoll = DefaultFirstPoll
	}
	if a.Timeout <= 0 {
		a.Timeout = DefaultTimeout
	}
	if a.Grace <= 0 {
		a.Grace = defaultGrace
	}
	if a.CreateTries <= 0 {
		a.CreateTries = defaultCreateTries
	}
	if a.SettleDelay <= 0 {
		a.SettleDelay = min(a.PollInterval, 5*time.Second)
	}
	if a.Now == nil {
		a.Now = time.Now
	}
	return a
}

// errInterrupted marks an item stopped because ctx was done.
var errInterrupted = errors.New("interrupted")

// Apply executes every change of p and returns the report; it never
// fails as a whole. Creates, waits, deletes and replaces run
// concurrently; no-ops, drift, orphans and blocked items are reported as
// they are. When ctx is done (SIGINT), no new create or delete starts,
// calls already sent may finish within Grace, waits stop, and the images
// NCP is still working on are reported in flight: the next run finds them
// by name and waits for them. Callers check the deletes first with
// [CheckDeletes].
func (a Applier) Apply(ctx context.Context, p *plan.Plan) *plan.Report {
	a = a.withDefaults()
	start := a.Now()
	r := newRun(a, p)
	pollCtx, stopPoll := context.WithCancel(context.WithoutCancel(ctx))
	var pollDone sync.WaitGroup
	pollDone.Add(1)
	go func() { defer pollDone.Done(); r.poller.run(pollCtx) }()
	var wg sync.WaitGroup
	for i, ch := range p.Changes {
		if !actionable(ch.Action) {
			r.results[i] = r.passive(ch)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.results[i] = r.item(ctx, ch)
		}()
	}
	wg.Wait()
	stopPoll()
	pollDone.Wait()
	rep := &plan.Report{FormatVersion: plan.ReportFormatVersion, Endpoint: p.Endpoint, Sandbox: p.Sandbox, Version: p.Version,
		PlanDigest: p.PlanDigest, Started: start.UTC().Format(time.RFC3339), Items: r.results}
	rep.Finish(ctx.Err() != nil, a.Now().Sub(start))
	return rep
}

// actionable reports whether apply calls the API for an action.
func actionable(a plan.Action) bool {
	switch a {
	case plan.ActionCreate, plan.ActionUpdate, plan.ActionReplace, plan.ActionDelete, plan.ActionWait:
		return true
	}
	return false
}

// run is the state of one Apply.
type run struct {
	a       Applier
	poller  *poller
	servers *servers
	names   *names
	slots   chan struct{}
	results []*plan.Result

	mu     sync.Mutex // serialises Progress and guards counts
	counts plan.Counts
}

func newRun(a Applier, p *plan.Plan) *run {
	r := &run{a: a, slots: make(chan struct{}, a.Parallelism), results: make([]*plan.Result, len(p.Changes))}
	r.poller = newPoller(a.API, a.FirstPoll, a.PollInterval, a.Now)
	r.servers = &servers{limit: max(a.PerServer, 0), m: map[string]*server{}}
	r.names = newNames(r)
	r.poller.ready = r.names.ready
	for _, ch := range p.Changes {
		if actionable(ch.Action) {
			r.counts.Total++
		}
	}
	return r
}

// acquire takes a call slot, unless ctx is done first: then nothing new
// starts.
func (r *run) acquire(ctx context.Context) error {
	if ctx.Err() != nil {
		return errInterrupted
	}
	select {
	case r.slots <- struct{}{}:
		if ctx.Err() != nil {
			<-r.slots
			return errInterrupted
		}
		return nil
	case <-ctx.Done():
		return errInterrupted
	}
}

func (r *run) release() { <-r.slots }

// callContext is the context of a create or delete call already decided:
// it survives ctx by Grace, so an interrupted run still learns the number
// of an image it asked for.
func (r *run) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		t := time.AfterFunc(r.a.Grace, cancel)
		context.AfterFunc(cctx, func() { t.Stop() })
	})
	return cctx, func() { stop(); cancel() }
}

// adjust changes the in-flight count without an event.
func (r *run) adjust(inFlight int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts.InFlight += inFlight
}

// event reports a step; done marks the item finished with outcome o.
func (r *run) event(address, msg string, o plan.Outcome, inFlight int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts.InFlight += inFlight
	if o != "" && o != plan.OutcomeInFlight && o != plan.OutcomeNotStarted { // those are not done
		r.counts.Done++
		if o == plan.OutcomeFailed {
			r.counts.Failed++
		}
	}
	if r.a.Progress != nil {
		r.a.Progress(plan.Event{Time: r.a.Now(), Address: address, Message: msg, Outcome: o, Counts: r.counts})
	}
}
