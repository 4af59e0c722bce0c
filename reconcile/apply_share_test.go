package reconcile_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/ncloud"
)

// update adds, then removes; a new image is shared once it is CREAT; a
// sharing failure fails its image only, with the NCP code in the reason.
func TestApplySharing(t *testing.T) {
	f := newFake()
	f.readyAfter = 1
	kept := f.add("web-kept", "golden [ncpimage:web]", ncloud.ImageCreated)
	broken := f.add("web-broken", "golden [ncpimage:web]", ncloud.ImageCreated)
	f.images[kept].img.SharedLoginIDs = []string{"old@example.com", "stay@example.com"}
	f.shareErrs = map[string]error{broken: &ncloud.APIError{Action: "addServerImageSharingPermission", HTTPStatus: 400,
		Code: "3400018", Message: "cannot be shared"}}
	p := createPlan("web-new")
	p.Changes[0].ShareAdd = []string{"a@example.com", "b@example.com"}
	p.Changes = append(p.Changes,
		&plan.Change{Address: "KR/web-kept", Action: plan.ActionUpdate, Catalog: "web", Region: "KR", Name: "web-kept",
			Before: &plan.ImageState{ImageNo: kept}, ShareAdd: []string{"new@example.com"}, ShareRemove: []string{"old@example.com"}},
		&plan.Change{Address: "KR/web-broken", Action: plan.ActionUpdate, Catalog: "web", Region: "KR", Name: "web-broken",
			Before: &plan.ImageState{ImageNo: broken}, ShareAdd: []string{"x@example.com"}})
	rep := applier(f).Apply(context.Background(), p)

	got := map[string]string{}
	for _, res := range rep.Items {
		got[res.Name] = res.String()
	}
	want := map[string]string{
		"web-new":  "created",
		"web-kept": "updated",
		"web-broken": "failed: share image " + broken + " with x@example.com: " +
			"addServerImageSharingPermission: HTTP 400: returnCode 3400018: cannot be shared",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(plan.ApplySummary{Created: 1, Updated: 1, Failed: 1}, rep.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if s := rep.Summary.String(); s != "1 created, 1 updated, 0 replaced, 0 deleted, 0 waited, 0 unchanged, 1 failed." {
		t.Errorf("summary line %q", s)
	}
	newNo := rep.Items[0].ImageNo
	calls := map[string][]string{}
	for _, c := range f.shareLog() {
		no := strings.Fields(c)[1]
		calls[no] = append(calls[no], c)
	}
	wantCalls := map[string][]string{
		newNo:  {"add " + newNo + " a@example.com b@example.com (CREAT)"},
		kept:   {"add " + kept + " new@example.com (CREAT)", "remove " + kept + " old@example.com (CREAT)"},
		broken: {"add " + broken + " x@example.com (CREAT)"},
	}
	if diff := cmp.Diff(wantCalls, calls); diff != "" {
		t.Errorf("sharing calls, per image in order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"stay@example.com", "new@example.com"}, f.images[kept].img.SharedLoginIDs); diff != "" {
		t.Errorf("web-kept shared with (-want +got):\n%s", diff)
	}
}

// An image being created is shared once apply has waited for it; the
// outcome stays waited.
func TestApplyWaitThenShare(t *testing.T) {
	f := newFake()
	f.readyAfter = 1
	no := f.add("web-wait", "golden [ncpimage:web]", ncloud.ImageInit)
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []*plan.Change{{
		Address: "KR/web-wait", Action: plan.ActionWait, Catalog: "web", Region: "KR", Name: "web-wait",
		Before: &plan.ImageState{ImageNo: no}, ShareAdd: []string{"a@example.com"}}}}
	rep := applier(f).Apply(context.Background(), p)
	if got := rep.Items[0].String(); got != "waited" {
		t.Errorf("outcome %q, want waited", got)
	}
	if diff := cmp.Diff([]string{"add " + no + " a@example.com (CREAT)"}, f.shareLog()); diff != "" {
		t.Errorf("sharing calls (-want +got):\n%s", diff)
	}
}

// An update interrupted before it started changes nothing.
func TestApplyShareInterrupted(t *testing.T) {
	f := newFake()
	no := f.add("web-a", "golden [ncpimage:web]", ncloud.ImageCreated)
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []*plan.Change{{
		Address: "KR/web-a", Action: plan.ActionUpdate, Catalog: "web", Region: "KR", Name: "web-a",
		Before: &plan.ImageState{ImageNo: no}, ShareAdd: []string{"a@example.com"}}}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep := applier(f).Apply(ctx, p)
	if got := rep.Items[0].String(); got != "not_started: interrupted before the sharing changed" {
		t.Errorf("outcome %q", got)
	}
	if n := len(f.shareLog()); n != 0 {
		t.Errorf("%d sharing calls, want 0", n)
	}
}
