package plan

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUnreviewed(t *testing.T) {
	create := func(desc string) *Change {
		return &Change{Address: "KR/web", Action: ActionCreate,
			Request: &CreateRequest{Region: "KR", ServerInstanceNo: "1", Name: "web", Description: desc}}
	}
	del := func(no string) *Change {
		return &Change{Address: "KR/old", Action: ActionDelete, Before: &ImageState{ImageNo: no}}
	}
	wait := func(add ...string) *Change {
		return &Change{Address: "KR/web", Action: ActionWait, Before: &ImageState{ImageNo: "7"}, ShareAdd: add}
	}
	tests := []struct {
		name     string
		now      *Change
		reviewed []*Change
		want     []Refusal
	}{
		{name: "same create", now: create("a"), reviewed: []*Change{create("a")}},
		{name: "description changed", now: create("b"), reviewed: []*Change{create("a")},
			want: []Refusal{{Address: "KR/web", Action: ActionCreate, Why: "differs from the reviewed change in description"}}},
		{name: "rebuild changed", now: create("a [ncpimage:web@v2]"), reviewed: []*Change{create("a [ncpimage:web@v1]")},
			want: []Refusal{{Address: "KR/web", Action: ActionCreate, Why: `differs from the reviewed change in rebuild "v1" -> "v2"`}}},
		{name: "rebuild added and description changed", now: create("b [ncpimage:web@v1]"), reviewed: []*Change{create("a [ncpimage:web]")},
			want: []Refusal{{Address: "KR/web", Action: ActionCreate, Why: `differs from the reviewed change in description, rebuild none -> "v1"`}}},
		{name: "never reviewed", now: create("a"),
			want: []Refusal{{Address: "KR/web", Action: ActionCreate, Why: "no reviewed plan changes this image"}}},
		{name: "a delete of another image number", now: del("9"), reviewed: []*Change{del("8")},
			want: []Refusal{{Address: "KR/old", Action: ActionDelete, Why: "differs from the reviewed change in images deleted"}}},
		{name: "a no-op is no change", now: &Change{Address: "KR/web", Action: ActionNoOp}},
		{name: "blocked is no change", now: &Change{Address: "KR/web", Action: ActionBlocked, Request: &CreateRequest{}}},
		{name: "a wait that shares nothing is no change", now: wait()},
		{name: "a wait that shares is one", now: wait("x@example.com"), reviewed: []*Change{create("a")},
			want: []Refusal{{Address: "KR/web", Action: ActionWait, Why: "differs from the reviewed change in action create -> wait, " +
				"source server, name, description, image shared, accounts shared"}}},
		{name: "reviewed in a second plan", now: del("9"), reviewed: []*Change{create("a"), del("9")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reviewed []*Plan
			for _, ch := range tt.reviewed {
				reviewed = append(reviewed, &Plan{Changes: []*Change{ch}})
			}
			got := Unreviewed(&Plan{Changes: []*Change{tt.now}}, reviewed)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Unreviewed (-want +got):\n%s", diff)
			}
		})
	}
}
