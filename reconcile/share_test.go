package reconcile

import (
	"testing"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/spec"
)

// shareOutcome is the sharing part of a change.
type shareOutcome struct {
	Action      plan.Action
	Reason      plan.Reason
	ShareAdd    []string
	ShareRemove []string
	Before      []string // Before.SharedWith
	After       []string // After.SharedWith
	Line        int      // the change's YAML line
	Diffs       int
	Keyed       bool // the fingerprint has the image's sharing
}

func TestDiffSharing(t *testing.T) {
	shareWith := func(ids ...string) func(*spec.Image) {
		return func(im *spec.Image) {
			im.ShareWith = append([]string{}, ids...) // never nil: managed
			im.Fields["shareWith"] = spec.Pos{File: "web.yaml", Line: 15, Col: 5}
		}
	}
	sharedWith := func(ids ...string) func(*ncloud.ServerImage) {
		return func(img *ncloud.ServerImage) { img.SharedLoginIDs = ids }
	}
	tests := []struct {
		name    string
		image   *spec.Image
		account []ncloud.ServerImage
		want    shareOutcome
	}{
		{
			name:    "omitted: never compared, even when shared",
			image:   desired("web-a", nil),
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, sharedWith("x@example.com"))},
			want:    shareOutcome{Action: plan.ActionNoOp, Reason: plan.ReasonMatches, Line: 10},
		},
		{
			name:    "same set in another order is unchanged",
			image:   desired("web-a", shareWith("b@example.com", "a@example.com")),
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, sharedWith("a@example.com", "b@example.com"))},
			want: shareOutcome{Action: plan.ActionNoOp, Reason: plan.ReasonMatches, Line: 10, Keyed: true,
				Before: []string{"a@example.com", "b@example.com"}, After: []string{"a@example.com", "b@example.com"}},
		},
		{
			name:    "empty list and not shared is unchanged",
			image:   desired("web-a", shareWith()),
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, nil)},
			want:    shareOutcome{Action: plan.ActionNoOp, Reason: plan.ReasonMatches, Line: 10, Keyed: true, Before: []string{}, After: []string{}},
		},
		{
			name:    "empty list stops every share",
			image:   desired("web-a", shareWith()),
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, sharedWith("y@example.com", "x@example.com"))},
			want: shareOutcome{Action: plan.ActionUpdate, Reason: plan.ReasonSharing, ShareRemove: []string{"x@example.com", "y@example.com"},
				Line: 15, Keyed: true, Before: []string{"x@example.com", "y@example.com"}, After: []string{}},
		},
		{
			name:    "adds and removes at the shareWith line",
			image:   desired("web-a", shareWith("c@example.com", "a@example.com")),
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, sharedWith("b@example.com", "a@example.com"))},
			want: shareOutcome{Action: plan.ActionUpdate, Reason: plan.ReasonSharing, ShareAdd: []string{"c@example.com"},
				ShareRemove: []string{"b@example.com"}, Line: 15, Keyed: true,
				Before: []string{"a@example.com", "b@example.com"}, After: []string{"a@example.com", "c@example.com"}},
		},
		{
			name:  "drift and sharing: update, drift kept in diffs",
			image: desired("web-a", shareWith("a@example.com")),
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, func(img *ncloud.ServerImage) {
				img.Description = spec.WithMarker("apache", "web")
			})},
			want: shareOutcome{Action: plan.ActionUpdate, Reason: plan.ReasonSharing, ShareAdd: []string{"a@example.com"},
				Line: 15, Diffs: 1, Keyed: true, Before: []string{}, After: []string{"a@example.com"}},
		},
		{
			name:  "drift with matching sharing stays drift",
			image: desired("web-a", shareWith("a@example.com")),
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, func(img *ncloud.ServerImage) {
				img.Description, img.SharedLoginIDs = spec.WithMarker("apache", "web"), []string{"a@example.com"}
			})},
			want: shareOutcome{Action: plan.ActionDrift, Reason: plan.ReasonDescription, Line: 10, Diffs: 1, Keyed: true,
				Before: []string{"a@example.com"}, After: []string{"a@example.com"}},
		},
		{
			name:  "a new image is shared after its creation",
			image: desired("web-a", shareWith("b@example.com", "a@example.com")),
			want: shareOutcome{Action: plan.ActionCreate, Reason: plan.ReasonMissing, ShareAdd: []string{"a@example.com", "b@example.com"},
				Line: 10, Keyed: true, After: []string{"a@example.com", "b@example.com"}},
		},
		{
			name:  "a new image shared with nobody needs no call",
			image: desired("web-a", shareWith()),
			want:  shareOutcome{Action: plan.ActionCreate, Reason: plan.ReasonMissing, Line: 10, Keyed: true, After: []string{}},
		},
		{
			name:  "an image being created is shared once created",
			image: desired("web-a", shareWith("a@example.com")),
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageInit, func(img *ncloud.ServerImage) {
				img.Operation = ncloud.OperationCreate
			})},
			want: shareOutcome{Action: plan.ActionWait, Reason: plan.ReasonInitializing, ShareAdd: []string{"a@example.com"},
				Line: 10, Keyed: true, Before: []string{}, After: []string{"a@example.com"}},
		},
		{
			name:    "a failed image is blocked, not shared",
			image:   desired("web-a", shareWith("a@example.com")),
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreateFailed, nil)},
			want:    shareOutcome{Action: plan.ActionBlocked, Reason: plan.ReasonCreateFailed, Line: 10, Keyed: true, After: []string{"a@example.com"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Diff(Input{Set: setOf(tt.image), DefaultRegion: "KR", State: fixture(tt.account...)})
			ch := p.Changes[0]
			got := shareOutcome{Action: ch.Action, Reason: ch.ActionReason, ShareAdd: ch.ShareAdd, ShareRemove: ch.ShareRemove,
				After: ch.After.SharedWith, Line: ch.Source.Line, Diffs: len(ch.Diffs)}
			if ch.Before != nil {
				got.Before = ch.Before.SharedWith
			}
			for _, o := range p.Observed.Objects {
				got.Keyed = got.Keyed || o.Key == plan.SharingKey("KR", "web-a")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sharing (-want +got):\n%s", diff)
			}
		})
	}
}

// A drifted image whose sharing is updated counts as an update and as
// drifted, and its drift is still a warning at the drifted field.
func TestDiffSharingSummary(t *testing.T) {
	im := desired("web-a", func(im *spec.Image) {
		im.ShareWith = []string{"a@example.com"}
		im.Fields["shareWith"] = spec.Pos{File: "web.yaml", Line: 15, Col: 5}
	})
	img := existing("web-a", ncloud.ImageCreated, func(img *ncloud.ServerImage) { img.Description = spec.WithMarker("apache", "web") })
	p := Diff(Input{Set: setOf(im, desired("web-b", nil)), DefaultRegion: "KR", State: fixture(img)})
	if diff := cmp.Diff(plan.Summary{Create: 1, Update: 1, Drifted: 1}, p.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	const line = "Plan: 1 to create, 1 to update, 0 to replace, 0 to delete. 0 unchanged, 0 waiting, 1 drifted, 0 blocked."
	if got := p.Summary.String(); got != line {
		t.Errorf("summary line = %q, want %q", got, line)
	}
	if !(plan.Summary{Update: 1}).HasChanges() {
		t.Error("an update is a change (--detailed-exitcode)")
	}
	want := []plan.Diagnostic{{Severity: plan.SeverityWarning, Code: "drift", Address: "KR/web-a",
		Source: spec.Pos{File: "web.yaml", Line: 12, Col: 5}, Message: `image "web-a" differs from the catalog: description; ` + immutableHint}}
	if diff := cmp.Diff(want, p.Diagnostics); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if got := p.Changes[0].Message; got != "sharing differs: +a@example.com; also differs from the catalog: description (reported only)" {
		t.Errorf("message = %q", got)
	}
}

// The sharing of an image is in the fingerprint only when the plan
// manages it, apart from the image's own state: a share made by someone
// else changes the sharing object, never the image object.
func TestSharingFingerprint(t *testing.T) {
	plain := fixture(existing("web-a", ncloud.ImageCreated, nil))
	shared := fixture(existing("web-a", ncloud.ImageCreated, func(img *ncloud.ServerImage) {
		img.SharedLoginIDs = []string{"x@example.com"}
	}))
	keys := []plan.ObjectKey{plan.ImageKey("KR", "web-a"), plan.SharingKey("KR", "web-a")}
	changed := plain.fingerprint(keys).Changed(shared.fingerprint(keys))
	if diff := cmp.Diff([]plan.ObjectKey{plan.SharingKey("KR", "web-a")}, changed); diff != "" {
		t.Errorf("changed (-want +got):\n%s", diff)
	}
	reordered := fixture(existing("web-a", ncloud.ImageCreated, func(img *ncloud.ServerImage) {
		img.SharedLoginIDs = []string{"y@example.com", "x@example.com"}
	}))
	again := fixture(existing("web-a", ncloud.ImageCreated, func(img *ncloud.ServerImage) {
		img.SharedLoginIDs = []string{"x@example.com", "y@example.com"}
	}))
	if reordered.fingerprint(keys).Digest != again.fingerprint(keys).Digest {
		t.Error("sharing is a set: order must not change the fingerprint")
	}
	var k plan.ObjectKey
	err := k.UnmarshalText([]byte("sharing:KR/web-a"))
	if err != nil || k != plan.SharingKey("KR", "web-a") || k.String() != "sharing:KR/web-a" {
		t.Errorf("parse sharing key = %+v, %v", k, err)
	}
}
