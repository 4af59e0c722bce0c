package reconcile_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/spec"
)

// createPlan is a plan creating the named images of catalog "web".
func createPlan(names ...string) *plan.Plan {
	p := &plan.Plan{FormatVersion: plan.FormatVersion}
	for _, n := range names {
		p.Changes = append(p.Changes, &plan.Change{Address: "KR/" + n, Action: plan.ActionCreate,
			Catalog: "web", Region: "KR", Name: n, Request: &plan.CreateRequest{Region: "KR",
				ServerInstanceNo: "1001001", Name: n, Description: spec.WithMarker("golden", "web")}})
	}
	return p
}

// applier is an executor with short, test-sized delays.
func applier(api reconcile.API) reconcile.Applier {
	return reconcile.Applier{API: api, PollInterval: 2 * time.Millisecond, Timeout: 10 * time.Second, Grace: time.Second}
}

var (
	errUnknown  = &ncloud.OutcomeUnknownError{Action: "createServerImage", Err: errors.New("createServerImage: HTTP 504: errorCode 510")}
	errRejected = &ncloud.APIError{Action: "createServerImage", HTTPStatus: 400, Code: "3400001", Message: "name already in use"}
	errInvalid  = &ncloud.APIError{Action: "createServerImage", HTTPStatus: 400, Code: "3400005", Message: "server not ready"}
	errBusy     = &ncloud.APIError{Action: "createServerImage", HTTPStatus: 400, Code: "25013", Message: "server in operation"}
	errAuth     = &ncloud.APIError{Action: "createServerImage", HTTPStatus: 401, Gateway: true, Code: "200", Message: "Authentication Failed"}
)

func TestApplyCreateSettlesAmbiguity(t *testing.T) {
	tests := []struct {
		name        string
		existing    []string // descriptions of images already named "web-base"
		creates     []createAnswer
		wantOutcome plan.Outcome
		wantAdopted bool
		wantReason  string // substring
		wantCreates int
		wantLookups int
		wantImages  int
	}{
		{name: "plain success", wantOutcome: plan.OutcomeCreated, wantCreates: 1, wantLookups: 1, wantImages: 1},
		{name: "504 after the create is adopted", creates: []createAnswer{{makes: true, err: errUnknown}},
			wantOutcome: plan.OutcomeCreated, wantAdopted: true, wantCreates: 1, wantLookups: 2, wantImages: 1},
		{name: "unknown and absent twice is sent again", creates: []createAnswer{{err: errUnknown}},
			wantOutcome: plan.OutcomeCreated, wantCreates: 2, wantLookups: 3, wantImages: 1},
		{name: "unknown and listed late is adopted, not sent again", creates: []createAnswer{{makes: true, err: errUnknown, late: 1}},
			wantOutcome: plan.OutcomeCreated, wantAdopted: true, wantCreates: 1, wantLookups: 3, wantImages: 1},
		{name: "unknown every time gives up", creates: []createAnswer{{err: errUnknown}, {err: errUnknown}, {err: errUnknown}, {err: errUnknown}, {err: errUnknown}, {err: errUnknown}},
			wantOutcome: plan.OutcomeFailed, wantReason: "6 creates ended with an unknown outcome", wantCreates: 6, wantLookups: 12},
		{name: "duplicate-name rejection adopts our image", existing: []string{spec.WithMarker("golden", "web")},
			creates:     []createAnswer{{err: errRejected}},
			wantOutcome: plan.OutcomeCreated, wantAdopted: true, wantCreates: 1, wantLookups: 2, wantImages: 1},
		{name: "busy-server refusal adopts the image another apply made", existing: []string{spec.WithMarker("golden", "web")},
			creates:     []createAnswer{{err: errBusy}},
			wantOutcome: plan.OutcomeCreated, wantAdopted: true, wantCreates: 1, wantLookups: 2, wantImages: 1},
		{name: "name taken by another catalog", existing: []string{spec.WithMarker("golden", "other")},
			creates:     []createAnswer{{err: errRejected}},
			wantOutcome: plan.OutcomeFailed, wantReason: `not of catalog "web"`, wantCreates: 1, wantLookups: 1, wantImages: 1},
		{name: "rejection with no image fails", creates: []createAnswer{{err: errInvalid}},
			wantOutcome: plan.OutcomeFailed, wantReason: "returnCode 3400005", wantCreates: 1, wantLookups: 1},
		{name: "two images of the catalog: the lowest is kept, the other deleted, never a third", existing: []string{spec.WithMarker("golden", "web"), spec.WithMarker("golden", "web")},
			creates:     []createAnswer{{err: errUnknown}},
			wantOutcome: plan.OutcomeCreated, wantAdopted: true, wantCreates: 1, wantLookups: 2, wantImages: 1},
		{name: "two images of the name, one not of the catalog, fail", existing: []string{spec.WithMarker("golden", "web"), spec.WithMarker("golden", "db")},
			creates:     []createAnswer{{err: errUnknown}},
			wantOutcome: plan.OutcomeFailed, wantReason: "2 images of the name exist", wantCreates: 1, wantLookups: 1, wantImages: 2},
		{name: "authentication failure is not looked up", creates: []createAnswer{{err: errAuth}},
			wantOutcome: plan.OutcomeFailed, wantReason: "Authentication Failed", wantCreates: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			for _, d := range tc.existing {
				f.add("web-base", d, ncloud.ImageCreated)
			}
			f.creates = tc.creates
			rep := applier(f).Apply(context.Background(), createPlan("web-base"))
			res := rep.Items[0]
			got := []any{res.Outcome, res.Adopted, f.count("createServerImage"), f.count("getServerImageList") - polls(f), len(f.named("web-base"))}
			want := []any{tc.wantOutcome, tc.wantAdopted, tc.wantCreates, tc.wantLookups, tc.wantImages}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("outcome, adopted, creates, lookups, images (-want +got):\n%s\nreason: %s", diff, res.Reason)
			}
			if tc.wantReason == "" && res.Reason != "" || !strings.Contains(res.Reason, tc.wantReason) {
				t.Errorf("reason %q, want one containing %q (none when empty)", res.Reason, tc.wantReason)
			}
			if (tc.wantOutcome == plan.OutcomeFailed) != (rep.Reason == plan.ReasonPartial) {
				t.Errorf("report reason %q for outcome %s", rep.Reason, res.Outcome)
			}
		})
	}
}

// polls counts the list calls by number (the waiter's).
func polls(f *fakeAPI) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.pollSizes)
}

func TestApplyWaitsWithOneListPerPoll(t *testing.T) {
	const n = 50
	f := newFake()
	f.readyAfter = 3 // every image is seen INIT by 3 polls
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("img-%02d", i)
	}
	a := applier(f)
	a.PollInterval = 20 * time.Millisecond
	rep := a.Apply(context.Background(), createPlan(names...))
	if diff := cmp.Diff(plan.ApplySummary{Created: n}, rep.Summary); diff != "" {
		t.Fatalf("summary (-want +got):\n%s", diff)
	}
	largest := 0
	for _, s := range f.pollSizes {
		largest = max(largest, s)
	}
	// One call per image per poll would be at least n*4 calls.
	if got := polls(f); got > 10 || largest != n {
		t.Errorf("%d list calls while waiting (largest %d numbers); want at most 10, one of them for all %d images", got, largest, n)
	}
}

func TestApplyWaitFailures(t *testing.T) {
	tests := []struct {
		name       string
		crefl      bool
		readyAfter int
		timeout    time.Duration
		wantReason string
	}{
		{name: "CREFL fails the item", crefl: true, timeout: 10 * time.Second, wantReason: "status CREFL"},
		{name: "timeout fails the item", readyAfter: 1 << 30, timeout: 30 * time.Millisecond, wantReason: "timed out waiting for image"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			f.failCREFL, f.readyAfter = tc.crefl, tc.readyAfter
			a := applier(f)
			a.Timeout = tc.timeout
			rep := a.Apply(context.Background(), createPlan("web-base", "web-other"))
			if diff := cmp.Diff(plan.ApplySummary{Failed: 2}, rep.Summary); diff != "" {
				t.Fatalf("summary (-want +got):\n%s", diff)
			}
			for _, res := range rep.Items {
				if !strings.Contains(res.Reason, tc.wantReason) {
					t.Errorf("%s: reason %q, want %q", res.Address, res.Reason, tc.wantReason)
				}
			}
		})
	}
}

func TestApplyInterruptWhileWaiting(t *testing.T) {
	f := newFake()
	f.readyAfter = 1 << 30
	ctx, cancel := context.WithCancel(context.Background())
	a := applier(f)
	a.Progress = func(e plan.Event) {
		if e.Counts.InFlight == 3 {
			cancel()
		}
	}
	rep := a.Apply(ctx, createPlan("a-01", "a-02", "a-03"))
	if diff := cmp.Diff(plan.ApplySummary{InFlight: 3}, rep.Summary); diff != "" {
		t.Fatalf("summary (-want +got):\n%s", diff)
	}
	if rep.Reason != plan.ReasonInterrupted || len(rep.InFlight()) != 3 {
		t.Errorf("reason %q, %d in flight; want interrupted, 3", rep.Reason, len(rep.InFlight()))
	}
	for _, res := range rep.InFlight() {
		if res.ImageNo == "" || !strings.Contains(res.Reason, "the next apply waits for it") {
			t.Errorf("%s: in flight without image number or hint: %+v", res.Address, res)
		}
	}
}

func TestApplyInterruptStopsNewCreates(t *testing.T) {
	f := newFake()
	f.readyAfter = 1 << 30
	f.block = make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	a := applier(f)
	a.Parallelism = 1
	var once bool
	a.Progress = func(e plan.Event) {
		if e.Message == "creating" && !once {
			once = true
			cancel()       // interrupted while the first create is being sent,
			close(f.block) // which still completes within the grace period
		}
	}
	rep := a.Apply(ctx, createPlan("a-01", "a-02", "a-03", "a-04"))
	if diff := cmp.Diff(plan.ApplySummary{InFlight: 1, NotStarted: 3}, rep.Summary); diff != "" {
		t.Fatalf("summary (-want +got):\n%s", diff)
	}
	if got := f.count("createServerImage"); got != 1 {
		t.Errorf("%d creates sent after the interrupt; want only the one in progress", got)
	}
}

func TestApplyReplaceAndDelete(t *testing.T) {
	f := newFake()
	old := f.add("web-base", spec.WithMarker("golden", "web"), ncloud.ImageCreateFailed)
	orphan := f.add("web-old", spec.WithMarker("golden", "web"), ncloud.ImageCreated)
	p := createPlan("web-base")
	p.Changes[0].Action = plan.ActionReplace
	p.Changes[0].Before = &plan.ImageState{ImageNo: old, Name: "web-base", Region: "KR"}
	p.Changes = append(p.Changes, &plan.Change{Address: "KR/web-old", Action: plan.ActionDelete, Catalog: "web",
		Region: "KR", Name: "web-old", Before: &plan.ImageState{ImageNo: orphan, Name: "web-old", Region: "KR"}})
	rep := applier(f).Apply(context.Background(), p)
	if diff := cmp.Diff(plan.ApplySummary{Replaced: 1, Deleted: 1}, rep.Summary); diff != "" {
		t.Fatalf("summary (-want +got):\n%s", diff)
	}
	imgs := f.named("web-base")
	if len(imgs) != 1 || imgs[0].No == old || imgs[0].Status != ncloud.ImageCreated || len(f.named("web-old")) != 0 {
		t.Errorf("after replace and delete: web-base %+v, web-old %d images", imgs, len(f.named("web-old")))
	}
}

func TestApplyDeleteSettlesAmbiguity(t *testing.T) {
	delUnknown := &ncloud.OutcomeUnknownError{Action: "deleteServerImage", Err: errors.New("deleteServerImage: HTTP 503")}
	delRejected := &ncloud.APIError{Action: "deleteServerImage", HTTPStatus: 400, Code: "25013", Message: "in operation"}
	tests := []struct {
		name        string
		deletes     []createAnswer
		wantOutcome plan.Outcome
		wantDeletes int
	}{
		{name: "plain success", wantOutcome: plan.OutcomeDeleted, wantDeletes: 1},
		{name: "unknown but done counts", deletes: []createAnswer{{makes: true, err: delUnknown}},
			wantOutcome: plan.OutcomeDeleted, wantDeletes: 1},
		{name: "unknown and still there is sent again", deletes: []createAnswer{{err: delUnknown}},
			wantOutcome: plan.OutcomeDeleted, wantDeletes: 2},
		{name: "rejected and still there fails", deletes: []createAnswer{{err: delRejected}},
			wantOutcome: plan.OutcomeFailed, wantDeletes: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			no := f.add("web-old", spec.WithMarker("golden", "web"), ncloud.ImageCreated)
			f.deletes = tc.deletes
			p := &plan.Plan{Changes: []*plan.Change{{Address: "KR/web-old", Action: plan.ActionDelete,
				Catalog: "web", Region: "KR", Name: "web-old", Before: &plan.ImageState{ImageNo: no}}}}
			rep := applier(f).Apply(context.Background(), p)
			got := []any{rep.Items[0].Outcome, f.count("deleteServerImage")}
			if diff := cmp.Diff([]any{tc.wantOutcome, tc.wantDeletes}, got); diff != "" {
				t.Errorf("outcome, deletes (-want +got):\n%s\nreason: %s", diff, rep.Items[0].Reason)
			}
		})
	}
}

func TestApplyPassiveItems(t *testing.T) {
	p := &plan.Plan{Changes: []*plan.Change{
		{Address: "KR/a", Name: "a", Action: plan.ActionNoOp},
		{Address: "KR/b", Name: "b", Action: plan.ActionDrift, Message: "differs from the catalog: description"},
		{Address: "KR/c", Name: "c", Action: plan.ActionBlocked, Message: "image \"c\" failed to create (CREFL)"},
		{Address: "KR/d", Name: "d", Action: plan.ActionOrphan, Message: "no longer in catalog web"},
	}}
	f := newFake()
	rep := applier(f).Apply(context.Background(), p)
	got := make([]string, len(rep.Items))
	for i, r := range rep.Items {
		got[i] = r.Address + " " + r.String()
	}
	want := []string{
		"KR/a unchanged",
		"KR/b skipped: drift: differs from the catalog: description",
		"KR/c failed: blocked: image \"c\" failed to create (CREFL)",
		"KR/d skipped: orphan: no longer in catalog web",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if rep.Success || rep.Reason != plan.ReasonPartial || f.count("getServerImageList") != 0 {
		t.Errorf("success %v, reason %q, %d list calls; want false, partial, 0", rep.Success, rep.Reason, f.count("getServerImageList"))
	}
}

func TestCheckDeletes(t *testing.T) {
	p := func(deletes int) *plan.Plan {
		p := createPlan("keep")
		p.Changes = append(p.Changes, &plan.Change{Action: plan.ActionReplace})
		for range deletes {
			p.Changes = append(p.Changes, &plan.Change{Action: plan.ActionDelete})
		}
		return p
	}
	tests := []struct {
		name    string
		deletes int
		max     int
		wantErr bool
	}{
		{name: "none", deletes: 0, max: 0},
		{name: "at the limit", deletes: 10, max: 10},
		{name: "over the limit", deletes: 11, max: 10, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := reconcile.CheckDeletes(p(tc.deletes), tc.max)
			if got := errors.Is(err, reconcile.ErrTooManyDeletes); got != tc.wantErr {
				t.Errorf("CheckDeletes(%d deletes, max %d) = %v; want error %v", tc.deletes, tc.max, err, tc.wantErr)
			}
		})
	}
}

func TestLooksLikePlan(t *testing.T) {
	tests := []struct {
		name string
		file string
		head string
		want bool
	}{
		{name: "json extension", file: "plan.JSON", head: "", want: true},
		{name: "plan content", file: "saved.plan", head: "\n {\n  \"format_version\": \"1.0\",", want: true},
		{name: "yaml catalog", file: "web.yaml", head: "apiVersion: ncpimage/v1\n", want: false},
		{name: "json-style yaml catalog", file: "web.yml", head: `{"apiVersion": "ncpimage/v1"}`, want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := reconcile.LooksLikePlan(tc.file, []byte(tc.head)); got != tc.want {
				t.Errorf("LooksLikePlan(%q, %q) = %v, want %v", tc.file, tc.head, got, tc.want)
			}
		})
	}
}

// The poller's safety paths: a list that fails for good fails the
// images it watches; a transient failure is polled through; an image
// that stops being listed fails after a few polls, never waits forever.
func TestApplyPollerFailures(t *testing.T) {
	unavailable := &ncloud.APIError{Action: "getServerImageList", HTTPStatus: 503, Gateway: true, Code: "500", Message: "Endpoint Error"}
	refused := &ncloud.APIError{Action: "getServerImageList", HTTPStatus: 400, Code: "3400013", Message: "bad parameter"}
	tests := []struct {
		name        string
		pollErrs    []error
		vanish      bool
		wantOutcome plan.Outcome
		wantReason  string
		wantPolls   int // at least
	}{
		{name: "transient list errors are polled through", pollErrs: []error{unavailable, unavailable},
			wantOutcome: plan.OutcomeCreated, wantPolls: 3},
		{name: "a refused list fails the wait", pollErrs: []error{refused},
			wantOutcome: plan.OutcomeFailed, wantReason: "wait for image 7000001: list images in KR: getServerImageList: HTTP 400: returnCode 3400013: bad parameter", wantPolls: 1},
		{name: "an image no longer listed has disappeared", vanish: true,
			wantOutcome: plan.OutcomeFailed, wantReason: "wait for image 7000001: image 7000001 disappeared while being created", wantPolls: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			f.pollErrs, f.vanish = tc.pollErrs, tc.vanish
			rep := applier(f).Apply(context.Background(), createPlan("web-base"))
			res := rep.Items[0]
			if res.Outcome != tc.wantOutcome || res.Reason != tc.wantReason {
				t.Errorf("outcome %s, reason %q; want %s, %q", res.Outcome, res.Reason, tc.wantOutcome, tc.wantReason)
			}
			if got := polls(f); got < tc.wantPolls {
				t.Errorf("%d polls, want at least %d", got, tc.wantPolls)
			}
		})
	}
}

// Two runs that both kept the lowest image after an ambiguous create
// sweep the same duplicate: the one that comes second finds it gone
// while waiting for it to be ready, and that is a sweep done, not a
// failure (it failed the item before: "disappeared while being created").
func TestApplySweepOfAnImageAnotherRunDeleted(t *testing.T) {
	f := newFake()
	f.add("web-base", spec.WithMarker("golden", "web"), ncloud.ImageCreated)
	dup := f.add("web-base", spec.WithMarker("golden", "web"), ncloud.ImageInit)
	f.images[dup].sweptBy = true
	f.creates = []createAnswer{{err: errUnknown}}
	rep := applier(f).Apply(context.Background(), createPlan("web-base"))
	res := rep.Items[0]
	got := []any{res.Outcome, res.Adopted, res.ImageNo, res.DuplicatesSwept, f.count("deleteServerImage"), res.Reason}
	want := []any{plan.OutcomeCreated, true, "7000001", []string{dup}, 0, ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outcome, adopted, image, swept, deletes, reason (-want +got):\n%s", diff)
	}
}
