package reconcile

import (
	"context"
	"fmt"
	"sort"
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
	pollChunk   = 1000 // image numbers per list call (one page)
	maxMisses   = 3    // polls an image may be missing from the list before "disappeared"
	pollTimeout = 5 * time.Minute
)

// flight is one image being waited for.
type flight struct {
	region   string
	no       string
	want     waitGoal
	deadline time.Time
	misses   int
	failed   int        // status checks failed in a row (transient list errors)
	lastErr  error      // the last of them
	done     chan error // buffered: the poller never blocks on it
}

// poller watches every image in flight with one getServerImageList call
// per region and poll interval (filtered by number, 1000 per call), never
// one call per image.
type poller struct {
	api      API
	interval time.Duration
	now      func() time.Time

	mu      sync.Mutex
	flights map[string]map[*flight]bool // region -> flights
}

func newPoller(api API, interval time.Duration, now func() time.Time) *poller {
	return &poller{api: api, interval: interval, now: now, flights: map[string]map[*flight]bool{}}
}

// await blocks until image no of region reaches want, fails, passes the
// timeout, or ctx is done (it then returns ctx's error).
func (p *poller) await(ctx context.Context, region, no string, want waitGoal, timeout time.Duration) error {
	f := &flight{region: region, no: no, want: want, deadline: p.now().Add(timeout), done: make(chan error, 1)}
	p.mu.Lock()
	if p.flights[region] == nil {
		p.flights[region] = map[*flight]bool{}
	}
	p.flights[region][f] = true
	p.mu.Unlock()
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

// run polls every interval until ctx is done.
func (p *poller) run(ctx context.Context) {
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			p.poll(ctx)
		}
	}
}

// poll lists the images in flight of each region and settles those that
// are done.
func (p *poller) poll(ctx context.Context) {
	for region, flights := range p.snapshot() {
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
				p.finish(region, f, res)
			}
		}
	}
}

// snapshot copies the flights by region, each sorted by number.
func (p *poller) snapshot() map[string][]*flight {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string][]*flight, len(p.flights))
	for region, set := range p.flights {
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
		// transient: the next poll tries again, within the deadline
		f.failed, f.lastErr = f.failed+1, listErr
	case f.want == wantGone && img == nil:
		return true, nil
	case f.want == wantCreated && img == nil:
		f.misses++
		if f.misses >= maxMisses {
			return true, fmt.Errorf("image %s disappeared while being created", f.no)
		}
	case f.want == wantCreated && img.Failed():
		return true, fmt.Errorf("NCP failed to create image %s (status CREFL); apply --replace %s/%s recreates it", f.no, f.region, img.Name)
	case f.want == wantCreated && img.Ready():
		return true, nil
	}
	if now.After(f.deadline) && f.lastErr != nil {
		checks := "the last status check"
		if f.failed > 1 {
			checks = sprintf("the last %d status checks", f.failed)
		}
		return true, fmt.Errorf("timed out waiting for image %s %s; %s failed: %w", f.no, f.want, checks, f.lastErr)
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
