package reconcile_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/reconcile"
)

// fakeAPI is an in-memory account for the executor's unit tests: images
// by number, a script of create answers, and call counters. Images made
// by a create are CREAT after readyAfter list calls that saw them.
type fakeAPI struct {
	mu         sync.Mutex
	images     map[string]*fakeImage
	next       int
	creates    []createAnswer // consumed in order; empty = plain success
	readyAfter int
	failCREFL  bool          // created images end CREFL
	block      chan struct{} // when set, creates wait on it (or ctx)
	calls      map[string]int
	pollSizes  []int          // number filter length of each list-by-number
	deletes    []createAnswer // consumed in order; empty = plain success
	pollErrs   []error        // answers of the next lists by number, consumed in order
	vanish     bool           // created images are never listed (they disappear)
	serverOp   ncloud.Operation
	shares     []string         // "add|remove NO ids... (STATUS)", in order
	shareErrs  map[string]error // sharing answers by image number
}

type fakeImage struct {
	img     ncloud.ServerImage
	seen    int
	gone    bool
	ready   bool
	hidden  int  // name look-ups that do not list it yet (a late list)
	sweptBy bool // deleted by another run when first polled by number
}

// createAnswer scripts one create (or delete): whether the image is made
// (or deleted), and the error returned.
type createAnswer struct {
	makes bool
	err   error
	late  int // the image made is missing from this many name look-ups
}

var _ reconcile.API = (*fakeAPI)(nil)

func newFake() *fakeAPI {
	return &fakeAPI{images: map[string]*fakeImage{}, next: 7000001, calls: map[string]int{}}
}

// add puts an image in the account.
func (f *fakeAPI) add(name, desc string, status ncloud.ImageStatus) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	no := strconv.Itoa(f.next)
	f.next++
	f.images[no] = &fakeImage{img: ncloud.ServerImage{No: no, Name: name, Description: desc, Status: status, Operation: ncloud.OperationNull},
		ready: status != ncloud.ImageInit}
	return no
}

func (f *fakeAPI) named(name string) []ncloud.ServerImage {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []ncloud.ServerImage
	for _, im := range f.images {
		if im.img.Name == name && !im.gone {
			out = append(out, im.img)
		}
	}
	return out
}

func (f *fakeAPI) count(action string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[action]
}

func (f *fakeAPI) GetRegionList(context.Context) ([]ncloud.Region, error) {
	return []ncloud.Region{{Code: "KR", Name: "Korea"}}, nil
}

func (f *fakeAPI) GetServerInstanceList(context.Context, string, ncloud.ServerFilter) ([]ncloud.ServerInstance, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	op := f.serverOp
	if op == "" {
		op = ncloud.OperationNull
	}
	return []ncloud.ServerInstance{{No: "1001001", Name: "web-01", Status: ncloud.ServerRunning, Operation: op}}, nil
}

func (f *fakeAPI) GetBlockStorageSnapshotInstanceList(context.Context, string, ncloud.SnapshotFilter) ([]ncloud.Snapshot, error) {
	return nil, nil
}

func (f *fakeAPI) GetServerImageList(_ context.Context, _ string, flt ncloud.ImageFilter) ([]ncloud.ServerImage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["getServerImageList"]++
	want := map[string]bool{}
	for _, no := range flt.Nos {
		want[no] = true
	}
	if len(flt.Nos) > 0 {
		f.pollSizes = append(f.pollSizes, len(flt.Nos))
		if len(f.pollErrs) > 0 {
			err := f.pollErrs[0]
			f.pollErrs = f.pollErrs[1:]
			return nil, err
		}
	}
	var out []ncloud.ServerImage
	for no, im := range f.images {
		if im.gone || (len(want) > 0 && !want[no]) || (flt.Name != "" && im.img.Name != flt.Name) {
			continue
		}
		if len(want) > 0 && im.sweptBy {
			im.gone = true
			continue
		}
		if flt.Name != "" && im.hidden > 0 {
			im.hidden--
			continue
		}
		f.advance(im, len(want) > 0)
		out = append(out, im.img)
	}
	return out, nil
}

// advance moves an INIT image on when a poll sees it.
func (f *fakeAPI) advance(im *fakeImage, poll bool) {
	if im.ready || !poll {
		return
	}
	im.seen++
	if im.seen > f.readyAfter {
		im.ready = true
		im.img.Status, im.img.Operation = ncloud.ImageCreated, ncloud.OperationNull
		if f.failCREFL {
			im.img.Status = ncloud.ImageCreateFailed
		}
	}
}

func (f *fakeAPI) CreateServerImage(ctx context.Context, in ncloud.CreateImageInput) (*ncloud.ServerImage, error) {
	f.mu.Lock()
	f.calls["createServerImage"]++
	ans := createAnswer{makes: true}
	if len(f.creates) > 0 {
		ans, f.creates = f.creates[0], f.creates[1:]
	}
	block := f.block
	f.mu.Unlock()
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	var img *ncloud.ServerImage
	if ans.makes {
		no := f.add(in.Name, in.Description, ncloud.ImageInit)
		f.mu.Lock()
		f.images[no].img.Operation = ncloud.OperationCreate
		f.images[no].hidden = ans.late
		f.images[no].gone = f.vanish
		cp := f.images[no].img
		f.mu.Unlock()
		img = &cp
	}
	if ans.err != nil {
		return nil, ans.err
	}
	return img, nil
}

func (f *fakeAPI) DeleteServerImage(_ context.Context, _ string, nos []string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["deleteServerImage"]++
	ans := createAnswer{makes: true}
	if len(f.deletes) > 0 {
		ans, f.deletes = f.deletes[0], f.deletes[1:]
	}
	for _, no := range nos {
		if im, ok := f.images[no]; ok && ans.makes {
			im.gone = true
		}
	}
	return ans.err
}

func (f *fakeAPI) AddServerImageSharingPermission(_ context.Context, _, no string, ids []string) error {
	return f.share("add", no, ids)
}

func (f *fakeAPI) RemoveServerImageSharingPermission(_ context.Context, _, no string, ids []string) error {
	return f.share("remove", no, ids)
}

// share records a sharing call (with the image's status when it came)
// and applies it, unless shareErrs refuses it. An empty list is not a
// call, as in the client.
func (f *fakeAPI) share(op, no string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[op+"Sharing"]++
	im := f.images[no]
	status := "missing"
	if im != nil {
		status = string(im.img.Status)
	}
	f.shares = append(f.shares, op+" "+no+" "+strings.Join(ids, " ")+" ("+status+")")
	if err := f.shareErrs[no]; err != nil {
		return err
	}
	if im == nil {
		return fmt.Errorf("no image %s", no)
	}
	for _, id := range ids {
		i := slices.Index(im.img.SharedLoginIDs, id)
		switch {
		case op == "add" && i < 0:
			im.img.SharedLoginIDs = append(im.img.SharedLoginIDs, id)
		case op == "remove" && i >= 0:
			im.img.SharedLoginIDs = slices.Delete(im.img.SharedLoginIDs, i, i+1)
		}
	}
	return nil
}

func (f *fakeAPI) shareLog() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.shares)
}
