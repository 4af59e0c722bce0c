package reconcile

import (
	"testing"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/spec"
)

const gb10 = 10 * gib

// fixture builds a KR account like the sandbox inventory.
func fixture(images ...ncloud.ServerImage) *State {
	servers := []ncloud.ServerInstance{
		{No: "1001001", Name: "web-01", Status: ncloud.ServerRunning, Operation: ncloud.OperationNull},
		{No: "1001002", Name: "web-02", Status: ncloud.ServerStopped, Operation: ncloud.OperationNull},
		{No: "1001009", Name: "busy-01", Status: ncloud.ServerRunning, Operation: "SETUP"},
		{No: "1001011", Name: "twin", Status: ncloud.ServerRunning, Operation: ncloud.OperationNull},
		{No: "1001012", Name: "twin", Status: ncloud.ServerStopped, Operation: ncloud.OperationNull},
	}
	snaps := []ncloud.Snapshot{
		{No: "3001001", Name: "web-01-root", SizeBytes: gb10, Status: ncloud.SnapshotCreated, Bootable: true, VolumeType: "CB1"},
		{No: "3001005", Name: "db-data", SizeBytes: 200 * gib, Status: ncloud.SnapshotCreated, Bootable: false, VolumeType: "CB2"},
		{No: "3001006", Name: "pending", SizeBytes: gb10, Status: ncloud.SnapshotInit, Bootable: true},
		{No: "3001011", Name: "twin-root", SizeBytes: gb10, Status: ncloud.SnapshotCreated, Bootable: true},
		{No: "3001012", Name: "twin-root", SizeBytes: gb10, Status: ncloud.SnapshotCreated, Bootable: true},
	}
	return &State{
		Regions:  []ncloud.Region{{Code: "KR", Name: "Korea"}, {Code: "SGN", Name: "Singapore(New)"}},
		ByRegion: map[string]*RegionState{"KR": newRegionState("KR", images, servers, snaps)},
	}
}

// desired is one image of catalog "web" in web.yaml, each field on its own line.
func desired(name string, mod func(*spec.Image)) *spec.Image {
	p := func(line int) spec.Pos { return spec.Pos{File: "web.yaml", Line: line, Col: 5} }
	im := &spec.Image{Catalog: "web", Name: name, Region: "KR", Description: "nginx",
		Source: spec.Source{ServerName: "web-01"}, Pos: p(10),
		Fields: map[string]spec.Pos{"name": p(10), "region": p(11), "description": p(12),
			"source.serverName": p(14), "blockStorages.0.snapshotName": p(17),
			"blockStorages.0.sizeGB": p(18), "blockStorages.1.sizeGB": p(21)}}
	if mod != nil {
		mod(im)
	}
	return im
}

func rootBlock(sizeGB int) []spec.BlockStorage {
	return []spec.BlockStorage{{Order: 0, SnapshotName: "web-01-root", SizeGB: sizeGB}}
}

// existing is an image of catalog "web" matching desired("...", nil).
func existing(name string, status ncloud.ImageStatus, mod func(*ncloud.ServerImage)) ncloud.ServerImage {
	img := ncloud.ServerImage{No: "9" + name, Name: name, Description: spec.WithMarker("nginx", "web"),
		Type: "SELF", Status: status, Operation: ncloud.OperationNull,
		BlockStorages: []ncloud.BlockStorageMapping{{Order: 0, SnapshotInstanceNo: "3001001", SizeBytes: gb10, VolumeType: "CB1"}}}
	if mod != nil {
		mod(&img)
	}
	return img
}

func setOf(images ...*spec.Image) *spec.Set {
	return &spec.Set{Catalogs: []*spec.Catalog{{Name: "web", File: "web.yaml", Images: images}},
		Files: []spec.File{{Path: "web.yaml", Digest: "sha256:00"}}}
}

type outcome struct {
	Address  string
	Action   plan.Action
	Reason   plan.Reason
	Problems []string // "line: message"
	Diffs    []string // "field: declared -> actual"
}

func outcomes(p *plan.Plan) []outcome {
	var out []outcome
	for _, ch := range p.Changes {
		o := outcome{Address: ch.Address, Action: ch.Action, Reason: ch.ActionReason}
		for _, pr := range ch.Problems {
			o.Problems = append(o.Problems, pr.String())
		}
		for _, d := range ch.Diffs {
			o.Diffs = append(o.Diffs, d.Field+": "+d.Declared+" -> "+d.Actual)
		}
		out = append(out, o)
	}
	return out
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name    string
		images  []*spec.Image
		account []ncloud.ServerImage
		options plan.Options
		want    []outcome
	}{
		{
			name:   "missing image is created",
			images: []*spec.Image{desired("web-a", nil)},
			want:   []outcome{{Address: "KR/web-a", Action: plan.ActionCreate, Reason: plan.ReasonMissing}},
		},
		{
			name:    "matching image is unchanged",
			images:  []*spec.Image{desired("web-a", func(im *spec.Image) { im.BlockStorages = rootBlock(10) })},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, nil)},
			want:    []outcome{{Address: "KR/web-a", Action: plan.ActionNoOp, Reason: plan.ReasonMatches}},
		},
		{
			name:    "INIT image is waited for",
			images:  []*spec.Image{desired("web-a", nil)},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageInit, func(i *ncloud.ServerImage) { i.Operation = ncloud.OperationCreate })},
			want:    []outcome{{Address: "KR/web-a", Action: plan.ActionWait, Reason: plan.ReasonInitializing}},
		},
		{
			name:    "CREFL image is blocked at the name",
			images:  []*spec.Image{desired("web-a", nil)},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreateFailed, nil)},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionBlocked, Reason: plan.ReasonCreateFailed,
				Problems: []string{`web.yaml:10:5: image "web-a" failed to create (CREFL); use apply --replace KR/web-a to recreate it`}}},
		},
		{
			name:    "CREFL image with --replace is replaced",
			images:  []*spec.Image{desired("web-a", nil)},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreateFailed, nil)},
			options: plan.Options{Replace: []string{"web-a"}},
			want:    []outcome{{Address: "KR/web-a", Action: plan.ActionReplace, Reason: plan.ReasonReplaceRequested}},
		},
		{
			name:    "description drift ignores the marker",
			images:  []*spec.Image{desired("web-a", func(im *spec.Image) { im.Description = "nginx 1.26" })},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, nil)},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionDrift, Reason: plan.ReasonDescription,
				Diffs: []string{"description: nginx 1.26 -> nginx"}}},
		},
		{
			name:    "a disk made from another snapshot of the account is drift",
			images:  []*spec.Image{desired("web-a", func(im *spec.Image) { im.BlockStorages = rootBlock(0) })},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, func(i *ncloud.ServerImage) { i.BlockStorages[0].SnapshotInstanceNo = "3001005" })},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionDrift, Reason: plan.ReasonBlockLayout,
				Diffs: []string{"blockStorages.0.snapshotName: web-01-root -> db-data (3001005)"}}},
		},
		{
			name: "a snapshot number differing from the declared one is drift",
			images: []*spec.Image{desired("web-a", func(im *spec.Image) {
				im.BlockStorages = []spec.BlockStorage{{Order: 0, SnapshotInstanceNo: "3001006"}}
			})},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, nil)},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionDrift, Reason: plan.ReasonBlockLayout,
				Diffs: []string{"blockStorages.0.snapshotInstanceNo: 3001006 -> 3001001"}}},
		},
		{
			name:    "a disk listed under a snapshot the account does not list (the image's own) is not drift",
			images:  []*spec.Image{desired("web-a", func(im *spec.Image) { im.BlockStorages = rootBlock(10) })},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, func(i *ncloud.ServerImage) { i.BlockStorages[0].SnapshotInstanceNo = "99999999" })},
			want:    []outcome{{Address: "KR/web-a", Action: plan.ActionNoOp, Reason: plan.ReasonMatches}},
		},
		{
			name:    "size listed in bytes equal to the declared GB is not drift",
			images:  []*spec.Image{desired("web-a", func(im *spec.Image) { im.BlockStorages = rootBlock(10) })},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, nil)},
			want:    []outcome{{Address: "KR/web-a", Action: plan.ActionNoOp, Reason: plan.ReasonMatches}},
		},
		{
			name:    "different size is block drift",
			images:  []*spec.Image{desired("web-a", func(im *spec.Image) { im.BlockStorages = rootBlock(20) })},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, nil)},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionDrift, Reason: plan.ReasonBlockLayout,
				Diffs: []string{"blockStorages.0.sizeGB: 20 GB -> 10 GB"}}},
		},
		{
			name: "missing declared disk and wrong volume type are drift",
			images: []*spec.Image{desired("web-a", func(im *spec.Image) {
				im.BlockStorages = append(rootBlock(0), spec.BlockStorage{Order: 1, SizeGB: 100, VolumeType: "CB2", Empty: true},
					spec.BlockStorage{Order: 2, Exclude: true})
			})},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, func(i *ncloud.ServerImage) {
				i.BlockStorages = append(i.BlockStorages, ncloud.BlockStorageMapping{Order: 1, SizeBytes: 100 * gib, VolumeType: "CB1"},
					ncloud.BlockStorageMapping{Order: 2, SizeBytes: gb10, VolumeType: "CB1"})
			})},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionDrift, Reason: plan.ReasonBlockLayout,
				Diffs: []string{"blockStorages.1.volumeType: CB2 -> CB1", "blockStorages.2.exclude: order 2 excluded -> order 2 present"}}},
		},
		{
			name:    "undeclared description and layout are not compared",
			images:  []*spec.Image{desired("web-a", func(im *spec.Image) { im.Description = ""; delete(im.Fields, "description") })},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, func(i *ncloud.ServerImage) { i.Description = "whatever [ncpimage:web]" })},
			want:    []outcome{{Address: "KR/web-a", Action: plan.ActionNoOp, Reason: plan.ReasonMatches}},
		},
		{
			name:   "missing server is blocked at the serverName line",
			images: []*spec.Image{desired("web-a", func(im *spec.Image) { im.Source.ServerName = "web-09" })},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionBlocked, Reason: plan.ReasonPreflight,
				Problems: []string{`web.yaml:14:5: source server "web-09" not found in region KR; did you mean "web-01"?`}}},
		},
		{
			name: "a server or snapshot name shared by several objects is blocked, asking for the number",
			images: []*spec.Image{desired("web-a", func(im *spec.Image) {
				im.Source.ServerName = "twin"
				im.BlockStorages = []spec.BlockStorage{{Order: 0, SnapshotName: "twin-root"}}
			})},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionBlocked, Reason: plan.ReasonPreflight, Problems: []string{
				`web.yaml:14:5: source server "twin" matches 2 servers in region KR; name it by serverInstanceNo`,
				`web.yaml:17:5: snapshot "twin-root" matches 2 snapshots in region KR; name it by snapshotInstanceNo`}}},
		},
		{
			name:   "busy server is blocked",
			images: []*spec.Image{desired("web-a", func(im *spec.Image) { im.Source.ServerName = "busy-01" })},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionBlocked, Reason: plan.ReasonPreflight,
				Problems: []string{`web.yaml:14:5: source server "busy-01" is RUN with operation SETUP; it must be RUN or NSTOP with no operation in progress`}}},
		},
		{
			name:   "snapshot larger than sizeGB is blocked at sizeGB",
			images: []*spec.Image{desired("web-a", func(im *spec.Image) { im.BlockStorages = rootBlock(5) })},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionBlocked, Reason: plan.ReasonPreflight,
				Problems: []string{`web.yaml:18:5: sizeGB 5 is smaller than snapshot "web-01-root" (10 GB)`}}},
		},
		{
			name: "non-bootable, pending and unknown snapshots are blocked",
			images: []*spec.Image{desired("web-a", func(im *spec.Image) {
				im.BlockStorages = []spec.BlockStorage{{Order: 0, SnapshotName: "db-data"}, {Order: 1, SnapshotName: "pending"},
					{Order: 2, SnapshotInstanceNo: "777"}}
			})},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionBlocked, Reason: plan.ReasonPreflight, Problems: []string{
				`web.yaml:17:5: snapshot "db-data" is not bootable; order 0 needs a bootable snapshot`,
				`web.yaml:10:5: snapshot "pending" is INIT; it must be CREAT`,
				`web.yaml:10:5: snapshot number 777 not found in region KR`}}},
		},
		{
			name:   "unknown region is blocked at the region line",
			images: []*spec.Image{desired("web-a", func(im *spec.Image) { im.Region = "XX" })},
			want: []outcome{{Address: "XX/web-a", Action: plan.ActionBlocked, Reason: plan.ReasonPreflight,
				Problems: []string{`web.yaml:11:5: region "XX" does not exist in this account; the account's regions are KR, SGN`}}},
		},
		{
			name:    "name taken by another catalog is blocked at the name",
			images:  []*spec.Image{desired("web-a", nil)},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, func(i *ncloud.ServerImage) { i.Description = "x [ncpimage:db]" })},
			options: plan.Options{Replace: []string{"web-a"}},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionBlocked, Reason: plan.ReasonNameTaken,
				Problems: []string{`web.yaml:10:5: image name "web-a" is taken by an image of catalog "db"; add adopt: true to the entry to take it over`}}},
		},
		{
			name:    "name taken by an unmarked image is blocked",
			images:  []*spec.Image{desired("web-a", nil)},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, func(i *ncloud.ServerImage) { i.Description = "hand made" })},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionBlocked, Reason: plan.ReasonNameTaken,
				Problems: []string{`web.yaml:10:5: image name "web-a" is taken by an image not managed by ncpimage (no ownership marker); add adopt: true to the entry if it is this catalog's`}}},
		},
		{
			name:    "two images with the name are blocked",
			images:  []*spec.Image{desired("web-a", nil)},
			account: []ncloud.ServerImage{existing("web-a", ncloud.ImageCreated, nil), existing("web-a", ncloud.ImageCreated, func(i *ncloud.ServerImage) { i.No = "2" })},
			want: []outcome{{Address: "KR/web-a", Action: plan.ActionBlocked, Reason: plan.ReasonDuplicate,
				Problems: []string{`web.yaml:10:5: 2 images named "web-a" exist in KR; delete all but one`}}},
		},
		{
			name:   "marked images no longer listed are orphans, others unmanaged",
			images: []*spec.Image{desired("web-a", nil)},
			account: []ncloud.ServerImage{existing("old-web", ncloud.ImageCreated, nil),
				existing("other", ncloud.ImageCreated, func(i *ncloud.ServerImage) { i.Description = "x [ncpimage:db]" }),
				existing("manual", ncloud.ImageCreated, func(i *ncloud.ServerImage) { i.Description = "by hand" })},
			want: []outcome{{Address: "KR/old-web", Action: plan.ActionOrphan, Reason: plan.ReasonNotListed},
				{Address: "KR/web-a", Action: plan.ActionCreate, Reason: plan.ReasonMissing}},
		},
		{
			name:    "orphans are deletes under prune",
			images:  []*spec.Image{desired("web-a", nil)},
			account: []ncloud.ServerImage{existing("old-web", ncloud.ImageCreated, nil)},
			options: plan.Options{Prune: true},
			want: []outcome{{Address: "KR/old-web", Action: plan.ActionDelete, Reason: plan.ReasonPruneRequested},
				{Address: "KR/web-a", Action: plan.ActionCreate, Reason: plan.ReasonMissing}},
		},
		{
			name:    "only keeps the named images",
			images:  []*spec.Image{desired("web-a", nil), desired("web-b", nil)},
			options: plan.Options{Only: []string{"web-b"}},
			want:    []outcome{{Address: "KR/web-b", Action: plan.ActionCreate, Reason: plan.ReasonMissing}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Diff(Input{Set: setOf(tt.images...), DefaultRegion: "KR", State: fixture(tt.account...), Options: tt.options})
			if diff := cmp.Diff(tt.want, outcomes(p)); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiffRequest(t *testing.T) {
	im := desired("web-a", func(im *spec.Image) {
		im.BlockStorages = append(rootBlock(20), spec.BlockStorage{Order: 1, SizeGB: 100, VolumeType: "CB2", Empty: true})
	})
	p := Diff(Input{Set: setOf(im), DefaultRegion: "KR", State: fixture()})
	want := &plan.CreateRequest{Region: "KR", ServerInstanceNo: "1001001", Name: "web-a",
		Description: "nginx [ncpimage:web]", BlockStorages: []plan.RequestBlock{
			{Order: 0, SnapshotInstanceNo: "3001001", SizeGB: 20},
			{Order: 1, SizeGB: 100, VolumeType: "CB2", Empty: true}}}
	if diff := cmp.Diff(want, p.Changes[0].Request); diff != "" {
		t.Errorf("request (-want +got):\n%s", diff)
	}
	wantIn := ncloud.CreateImageInput{Region: "KR", ServerInstanceNo: "1001001", Name: "web-a",
		Description: "nginx [ncpimage:web]", BlockStorages: []ncloud.BlockStorageInput{
			{Order: 0, SnapshotInstanceNo: "3001001", SizeGB: 20},
			{Order: 1, SizeGB: 100, VolumeType: "CB2", Empty: true}}}
	if diff := cmp.Diff(wantIn, createInput(p.Changes[0].Request)); diff != "" {
		t.Errorf("input (-want +got):\n%s", diff)
	}
}

func TestSummary(t *testing.T) {
	p := Diff(Input{Set: setOf(desired("web-a", nil), desired("web-b", nil), desired("web-c", nil)),
		DefaultRegion: "KR", State: fixture(existing("web-b", ncloud.ImageInit, nil), existing("manual", ncloud.ImageCreated, nil))})
	want := plan.Summary{Create: 2, Waiting: 1, Orphaned: 1}
	if diff := cmp.Diff(want, p.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	const line = "Plan: 2 to create, 0 to update, 0 to replace, 0 to delete. 0 unchanged, 1 waiting, 0 drifted, 0 blocked, 1 orphaned."
	if got := p.Summary.String(); got != line {
		t.Errorf("summary line = %q, want %q", got, line)
	}
	if !p.Summary.HasChanges() || (plan.Summary{Drifted: 1, Blocked: 1}).HasChanges() {
		t.Error("HasChanges: creates are changes, drift and blocked are not")
	}
}
