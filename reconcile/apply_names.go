package reconcile

import (
	"context"
	"fmt"
	"sync"

	"github.com/ncpimage/ncpimage/ncloud"
)

// names answers the name look-ups of the duplicate check (see dedupe).
// One look-up per image would cost a call per image created, as many as
// the creates: BenchmarkApply1000 took 40 s against a floor of 22 s with
// them. So the look-ups of a region share batches: when a batch holds
// more names than the region's listing has pages, one listing of every
// image of the region answers them all; otherwise each name is a call
// filtered by it. Until a whole listing has counted a region's pages it
// is taken to have one, so the first batch of two names or more lists
// the region whole once (in a 50,000-image region, 50 calls once).
//
// A check of the poller that finds several images of this run ready (or
// failed) puts their names in the region's open batch before their waits
// end (ready), so the look-ups that follow share one batch however their
// goroutines are scheduled. A name enters a batch only once its image is
// ready and a batch lists only after that, so every answer is as late as
// a look-up of its own would have been, which is what the lowest-number
// rule of dedupe needs.
type names struct {
	api     API
	acquire func(context.Context) error
	release func()
	// call is the context of a listing begun (see [run.callContext]).
	call func(context.Context) (context.Context, context.CancelFunc)

	mu       sync.Mutex
	followed map[string]bool                  // image numbers whose look-up follows their wait
	open     map[string]*nameBatch            // region -> the batch still taking names
	covered  map[string]map[string]*nameBatch // region -> name -> a batch begun that answers its look-up
	pages    map[string]int                   // region -> pages its last whole listing took
}

// nameBatch is the look-ups of one region answered together.
type nameBatch struct {
	asked   map[string]bool // names, looked up or announced by ready
	looked  map[string]bool // the names of asked looked up
	started bool            // a look-up is answering it
	done    chan struct{}
	byName  map[string][]ncloud.ServerImage
	err     error
}

func newNames(r *run) *names {
	return &names{api: r.a.API, acquire: r.acquire, release: r.release, call: r.callContext,
		followed: map[string]bool{}, open: map[string]*nameBatch{}, covered: map[string]map[string]*nameBatch{},
		pages: map[string]int{}}
}

// follow says that image no, which this run created, is looked up by
// name once its wait ends.
func (n *names) follow(no string) {
	n.mu.Lock()
	n.followed[no] = true
	n.mu.Unlock()
}

// ready is the poller's word that img of region was found ready or
// failed; a followed image's name joins the region's open batch.
func (n *names) ready(region string, img *ncloud.ServerImage) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.followed[img.No] {
		return
	}
	delete(n.followed, img.No)
	n.batch(region).asked[img.Name] = true
}

// batch is the open batch of region, made when there is none; n.mu is
// held.
func (n *names) batch(region string) *nameBatch {
	b := n.open[region]
	if b == nil {
		b = &nameBatch{asked: map[string]bool{}, looked: map[string]bool{}, done: make(chan struct{})}
		n.open[region] = b
	}
	return b
}

// lookup returns the images of region named name (exactly), as listed
// after the call. The first look-up of a batch answers it once it holds
// a call slot; the others wait for that answer.
func (n *names) lookup(ctx context.Context, region, name string) ([]ncloud.ServerImage, error) {
	n.mu.Lock()
	b := n.covered[region][name]
	starter := false
	if b != nil {
		delete(n.covered[region], name)
	} else {
		b = n.batch(region)
		b.asked[name], b.looked[name] = true, true
		starter, b.started = !b.started, true
	}
	n.mu.Unlock()
	if starter {
		n.answer(ctx, region, b)
	}
	select {
	case <-b.done:
	case <-ctx.Done():
		return nil, errInterrupted
	}
	if b.err != nil {
		return nil, b.err
	}
	return b.byName[name], nil
}

// answer closes batch b to new names once it holds a call slot, then
// lists region for it.
func (n *names) answer(ctx context.Context, region string, b *nameBatch) {
	defer close(b.done)
	err := n.acquire(ctx)
	n.mu.Lock()
	delete(n.open, region)
	if n.covered[region] == nil {
		n.covered[region] = map[string]*nameBatch{}
	}
	for name := range b.asked {
		if !b.looked[name] {
			n.covered[region][name] = b // announced: its look-up is still to come
		}
	}
	whole := len(b.asked) > max(n.pages[region], 1)
	n.mu.Unlock()
	if b.err = err; err != nil {
		return
	}
	defer n.release()
	ctx, cancel := n.call(ctx)
	defer cancel()
	b.byName = map[string][]ncloud.ServerImage{}
	if !whole {
		for name := range b.asked {
			imgs, err := n.api.GetServerImageList(ctx, region, ncloud.ImageFilter{Name: name})
			if err != nil {
				b.err = fmt.Errorf("list images named %q in %s: %w", name, region, err)
				return
			}
			b.byName[name] = imgs
		}
		return
	}
	imgs, err := n.api.GetServerImageList(ctx, region, ncloud.ImageFilter{})
	if err != nil {
		b.err = fmt.Errorf("list images in %s: %w", region, err)
		return
	}
	n.mu.Lock()
	n.pages[region] = (len(imgs) + pollChunk - 1) / pollChunk
	n.mu.Unlock()
	for _, im := range imgs {
		if b.asked[im.Name] {
			b.byName[im.Name] = append(b.byName[im.Name], im)
		}
	}
}
