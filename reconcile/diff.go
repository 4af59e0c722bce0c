package reconcile

import (
	"sort"
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/spec"
)

// Input is what [Diff] compares.
type Input struct {
	Set *spec.Set
	// DefaultRegion is the region of images that set none, already
	// resolved from --region, NCLOUD_REGION or the account's first region.
	DefaultRegion string
	State         *State
	Options       plan.Options
	// Endpoint and Sandbox are recorded in the plan (not in its digest).
	Endpoint string
	Sandbox  bool
	// Elsewhere, for a prune, is what the files under the prune root
	// that were not loaded declare (see [Declared]): an image they list
	// is never pruned by a plan of a subset of its catalog's files.
	Elsewhere *Declared
}

// Declared is the images the catalog files under a root directory
// declare, by catalog and name, with the files that declare them.
type Declared struct {
	Root  string
	Names map[string]map[string][]string // catalog -> image name -> files
}

// Diff compares the desired images with the observed state and returns
// the plan, digest computed. It makes no API call and never fails: every
// problem is a blocked change with its diagnostics.
func Diff(in Input) *plan.Plan {
	d := newDiffer(in)
	for _, im := range in.Set.Images() {
		d.plan.Changes = append(d.plan.Changes, d.image(im))
	}
	d.undesired()
	return d.finish()
}

type differ struct {
	in       Input
	plan     *plan.Plan
	desired  map[string]bool // addresses
	catalogs map[string]bool
	replace  map[string]bool         // names and addresses
	prunes   map[string]int          // catalogs with prune: true -> maxDeletes
	deps     map[plan.ObjectKey]bool // what the plan depends on
}

func newDiffer(in Input) *differ {
	d := &differ{in: in, desired: map[string]bool{}, catalogs: map[string]bool{},
		replace: toSet(in.Options.Replace), deps: map[plan.ObjectKey]bool{}}
	d.plan = &plan.Plan{FormatVersion: plan.FormatVersion, Endpoint: in.Endpoint, Sandbox: in.Sandbox,
		Options: in.Options, Catalogs: []string{}, Manifests: []plan.Manifest{}, Regions: []string{},
		Unmanaged: []*plan.ImageState{}, Diagnostics: []plan.Diagnostic{}}
	for _, c := range in.Set.Catalogs {
		if !d.catalogs[c.Name] {
			d.plan.Catalogs = append(d.plan.Catalogs, c.Name)
		}
		d.catalogs[c.Name] = true
	}
	d.prunes = catalogPrunes(in.Set)
	if in.Options.Prune || len(d.prunes) > 0 {
		d.plan.Prune = &plan.PruneScope{Files: map[string][]string{}}
		if len(d.prunes) > 0 {
			d.plan.Prune.MaxDeletes = d.prunes
		}
		if in.Elsewhere != nil {
			d.plan.Prune.Root = in.Elsewhere.Root
		}
		for _, c := range in.Set.Catalogs {
			if fs := d.plan.Prune.Files[c.Name]; len(fs) == 0 || fs[len(fs)-1] != c.File {
				d.plan.Prune.Files[c.Name] = append(fs, c.File)
			}
		}
	}
	for _, f := range in.Set.Files {
		d.plan.Manifests = append(d.plan.Manifests, plan.Manifest{Path: f.Path, Digest: f.Digest})
	}
	for _, im := range in.Set.Images() {
		d.desired[d.regionOf(im)+"/"+im.Name] = true
	}
	return d
}

func (d *differ) regionOf(im *spec.Image) string {
	if im.Region != "" {
		return im.Region
	}
	return d.in.DefaultRegion
}

// image decides the change for one desired image.
func (d *differ) image(im *spec.Image) *plan.Change {
	region := d.regionOf(im)
	pos := im.Pos
	ch := &plan.Change{Address: region + "/" + im.Name, Catalog: im.Catalog, Region: region,
		Name: im.Name, Source: &pos}
	d.deps[plan.RegionKey(region)] = true
	d.deps[plan.ImageKey(region, im.Name)] = true
	rs := d.in.State.region(region)
	ch.After = desiredState(im, region, rs)
	if managesSharing(im) {
		d.deps[plan.SharingKey(region, im.Name)] = true
		ch.After.SharedWith = loginSet(im.ShareWith)
	}
	if !d.in.State.hasRegion(region) {
		return blocked(ch, plan.ReasonPreflight, problem(ch, "preflight", at(im, "region"), regionMsg(im, region, d.in.State)))
	}
	existing := rs.imagesNamed(im.Name)
	switch len(existing) {
	case 0:
		return d.missing(ch, im, rs)
	case 1:
		return d.existing(ch, im, rs, existing[0])
	default:
		ch.Before = observedState(existing[0], region)
		return blocked(ch, plan.ReasonDuplicate, problem(ch, "duplicate-images", at(im, "name"),
			sprintf("%d images named %q exist in %s; delete all but one", len(existing), im.Name, region)))
	}
}

func (d *differ) missing(ch *plan.Change, im *spec.Image, rs *RegionState) *plan.Change {
	if im.Source == (spec.Source{}) { // an adopted entry may have none
		return blocked(ch, plan.ReasonNoSource, problem(ch, "no-source", im.Pos,
			sprintf("image %q does not exist and its entry has no source: add source.serverName or source.serverInstanceNo to create it again", im.Name)))
	}
	req, problems := d.resolve(ch, im, rs)
	if len(problems) > 0 {
		return blocked(ch, plan.ReasonPreflight, problems...)
	}
	ch.Request = req
	ch.ShareAdd = shareAll(im)
	return decide(ch, plan.ActionCreate, plan.ReasonMissing, "")
}

func (d *differ) existing(ch *plan.Change, im *spec.Image, rs *RegionState, img *ncloud.ServerImage) *plan.Change {
	ch.Before = observedState(img, rs.Region)
	adopted := ch.Before.Catalog != im.Catalog
	if adopted && !im.Adopt {
		return blocked(ch, plan.ReasonNameTaken, problem(ch, "name-taken", at(im, "name"), takenMsg(im.Name, ch.Before.Catalog)))
	}
	if d.replace[im.Name] || d.replace[ch.Address] {
		return d.replaceImage(ch, im, rs, adopted, plan.ReasonReplaceRequested, "replace requested")
	}
	switch {
	case img.Failed():
		return blocked(ch, plan.ReasonCreateFailed, problem(ch, "create-failed", at(im, "name"),
			sprintf("image %q failed to create (CREFL); use apply --replace %s to recreate it", im.Name, ch.Address)))
	case img.Creating():
		planSharing(ch, im, img) // done once it is created
		return decide(ch, plan.ActionWait, plan.ReasonInitializing, "image is being created")
	case !img.Operation.Idle():
		planSharing(ch, im, img)
		return decide(ch, plan.ActionWait, plan.ReasonImageBusy, sprintf("image operation %s in progress", img.Operation))
	case img.Status != ncloud.ImageCreated: // a status NCP did not document: never taken as done
		planSharing(ch, im, img)
		return decide(ch, plan.ActionWait, plan.ReasonImageBusy, sprintf("image status %s is not one ncpimage knows; apply waits for it like INIT", statusText(img)))
	}
	// a new rebuild value replaces; taking the key away changes nothing
	// (the image keeps the value it was made with, as a done rebuild)
	if im.Rebuild != "" && im.Rebuild != ch.Before.Rebuild {
		return d.replaceImage(ch, im, rs, adopted, plan.ReasonRebuild, rebuildMsg(ch.Before.Rebuild, im.Rebuild))
	}
	ch.Warnings = sourceWarnings(ch, im, rs)
	ch.Diffs = drift(im, img, rs)
	if planSharing(ch, im, img) {
		return update(ch, im)
	}
	if len(ch.Diffs) > 0 {
		return decide(ch, plan.ActionDrift, driftReason(ch.Diffs), driftMsg(ch.Diffs))
	}
	return decide(ch, plan.ActionNoOp, plan.ReasonMatches, "")
}

// sourceWarnings warns, at its line, about the source of an image that
// exists but whose server the account no longer lists: the image is
// fine, but the catalog could not create it again. Not blocked, not a
// change.
func sourceWarnings(ch *plan.Change, im *spec.Image, rs *RegionState) []plan.Diagnostic {
	s := im.Source
	if s == (spec.Source{}) || rs.server(s.ServerName, s.ServerInstanceNo) != nil {
		return nil
	}
	what := "server " + strconv.Quote(s.ServerName)
	if s.ServerName == "" {
		what = "server number " + s.ServerInstanceNo
	}
	return []plan.Diagnostic{{Severity: plan.SeverityWarning, Code: "source-gone", Address: ch.Address, Source: at(im, "source"),
		Message: sprintf("image %q exists, but its source %s is not in the account: the catalog could not create it again", im.Name, what)}}
}

// replaceWhat names what asked for a replace, for its problems.
func replaceWhat(why plan.Reason, addr string) string {
	if why == plan.ReasonRebuild {
		return "rebuild of " + addr
	}
	return "--replace " + addr
}

// rebuildMsg says why a rebuild replaces an image.
func rebuildMsg(was, now string) string {
	quote := func(v string) string {
		if v == "" {
			return "none"
		}
		return strconv.Quote(v)
	}
	return sprintf("rebuild %s -> %s", quote(was), quote(now))
}

// replaceImage plans a replace (--replace, or a changed rebuild value):
// delete the image and create it again.
func (d *differ) replaceImage(ch *plan.Change, im *spec.Image, rs *RegionState, adopted bool, why plan.Reason, msg string) *plan.Change {
	if im.Source == (spec.Source{}) {
		return blocked(ch, plan.ReasonNoSource, problem(ch, "no-source", im.Pos,
			sprintf("%s: the entry has no source to create the image again from; add source.serverName or source.serverInstanceNo", replaceWhat(why, ch.Address))))
	}
	req, problems := d.resolve(ch, im, rs)
	if len(problems) > 0 {
		return blocked(ch, plan.ReasonPreflight, problems...)
	}
	ch.Request = req
	ch.ShareAdd = shareAll(im)
	if adopted {
		msg += "; it deletes an adopted image that ncpimage did not create"
	}
	return decide(ch, plan.ActionReplace, why, msg)
}

// undesired lists the account images no catalog declares: orphans of a
// loaded catalog (deletes under --prune), unmanaged otherwise.
func (d *differ) undesired() {
	regions := make([]string, 0, len(d.in.State.ByRegion))
	for r := range d.in.State.ByRegion {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	d.plan.Regions = regions
	for _, r := range regions {
		rs := d.in.State.ByRegion[r]
		for i := range rs.Images {
			d.undesiredImage(&rs.Images[i], r)
		}
	}
}

func (d *differ) undesiredImage(img *ncloud.ServerImage, region string) {
	addr := region + "/" + img.Name
	if d.desired[addr] {
		return
	}
	st := observedState(img, region)
	if !d.catalogs[st.Catalog] {
		d.plan.Unmanaged = append(d.plan.Unmanaged, st)
		return
	}
	d.deps[plan.ImageKey(region, img.Name)] = true
	ch := &plan.Change{Address: addr, Catalog: st.Catalog, Region: region, Name: img.Name, Before: st}
	if files := d.in.Elsewhere.files(st.Catalog, img.Name); len(files) > 0 {
		decide(ch, plan.ActionOrphan, plan.ReasonDeclaredElsewhere, sprintf("declared in %s, which this plan did not load; never pruned by a part of its catalog",
			strings.Join(files, ", ")))
	} else if d.in.Options.Prune {
		decide(ch, plan.ActionDelete, plan.ReasonPruneRequested, sprintf("in no loaded file of catalog %s (image %s)", st.Catalog, img.No))
	} else if _, ok := d.prunes[st.Catalog]; ok {
		decide(ch, plan.ActionDelete, plan.ReasonPruneRequested, sprintf("in no file of catalog %s, which sets prune: true (image %s)", st.Catalog, img.No))
	} else {
		decide(ch, plan.ActionOrphan, plan.ReasonNotListed, sprintf("in no loaded file of catalog %s; apply --prune deletes it unless a catalog file under --prune-root declares it", st.Catalog))
	}
	d.plan.Changes = append(d.plan.Changes, ch)
}

// files lists the files under the root that declare name in catalog, nil
// when there is no root.
func (e *Declared) files(catalog, name string) []string {
	if e == nil {
		return nil
	}
	return e.Names[catalog][name]
}

func decide(ch *plan.Change, a plan.Action, r plan.Reason, msg string) *plan.Change {
	ch.Action, ch.Actions, ch.ActionReason, ch.Message = a, a.Actions(), r, msg
	return ch
}

func blocked(ch *plan.Change, r plan.Reason, problems ...plan.Diagnostic) *plan.Change {
	ch.Problems = problems
	msg := problems[0].Message
	if len(problems) > 1 {
		msg = sprintf("%s (and %d more)", msg, len(problems)-1)
	}
	return decide(ch, plan.ActionBlocked, r, msg)
}

func toSet(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
