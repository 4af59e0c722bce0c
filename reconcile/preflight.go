package reconcile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/spec"
	"github.com/ncpimage/ncpimage/suggest"
)

// gib is the size of the GB the create call takes (the list answers in bytes).
const gib = 1 << 30

// resolve runs the pre-flight checks of an image to be created and, when
// they pass, returns the createServerImage request with names resolved
// to numbers. Every problem is reported at the YAML field it concerns.
func (d *differ) resolve(ch *plan.Change, im *spec.Image, rs *RegionState) (*plan.CreateRequest, []plan.Diagnostic) {
	var problems []plan.Diagnostic
	serverNo, p := d.checkServer(ch, im, rs)
	problems = append(problems, p...)
	req := &plan.CreateRequest{Region: rs.Region, ServerInstanceNo: serverNo, Name: im.Name,
		Description: spec.WithRebuildMarker(im.Description, im.Catalog, im.Rebuild)}
	var dataNotBootable []string
	for i, b := range im.BlockStorages {
		rb, p := d.checkBlock(ch, im, i, b, rs)
		problems = append(problems, p...)
		req.BlockStorages = append(req.BlockStorages, rb)
		if s := rs.snapshot(b.SnapshotName, b.SnapshotInstanceNo); len(p) == 0 && s != nil && b.Order > 0 && !s.Bootable {
			dataNotBootable = append(dataNotBootable, sprintf("order %d (%s)", b.Order, s.Name))
		}
	}
	if len(dataNotBootable) > 0 && len(problems) == 0 {
		ch.Warnings = append(ch.Warnings, plan.Diagnostic{Severity: plan.SeverityWarning, Code: "data-snapshot-not-bootable", Address: ch.Address, Source: at(im, "blockStorages"),
			Message: sprintf("image %q uses a snapshot that is not bootable for a data disk: %s; NCP's docs say only bootable snapshots make a server image, and whether that holds for data disks is unconfirmed: apply may be refused",
				im.Name, strings.Join(dataNotBootable, ", "))})
	}
	return req, problems
}

func (d *differ) checkServer(ch *plan.Change, im *spec.Image, rs *RegionState) (string, []plan.Diagnostic) {
	name, no := im.Source.ServerName, im.Source.ServerInstanceNo
	field, label := "source.serverName", strconv.Quote(name)
	if name == "" {
		field, label = "source.serverInstanceNo", "number "+no
	}
	d.deps[plan.RefKey(plan.KindServer, rs.Region, name, no)] = true
	s := rs.server(name, no)
	if n := rs.ambiguous("server", name); name != "" && n > 0 {
		return "", []plan.Diagnostic{problem(ch, "server-ambiguous", at(im, field),
			sprintf("source server %s matches %d servers in region %s; name it by serverInstanceNo", label, n, rs.Region))}
	}
	if s == nil {
		return "", []plan.Diagnostic{problem(ch, "server-not-found", at(im, field),
			sprintf("source server %s not found in region %s%s", label, rs.Region, didYouMean(name, rs.serverNameList())))}
	}
	if !s.Idle() {
		return s.No, []plan.Diagnostic{problem(ch, "server-not-ready", at(im, field),
			sprintf("source server %s is %s with operation %s; it must be RUN or NSTOP with no operation in progress",
				label, s.Status, orNull(s.Operation)))}
	}
	return s.No, nil
}

func (d *differ) checkBlock(ch *plan.Change, im *spec.Image, i int, b spec.BlockStorage, rs *RegionState) (plan.RequestBlock, []plan.Diagnostic) {
	rb := plan.RequestBlock{Order: b.Order, SnapshotInstanceNo: b.SnapshotInstanceNo, SizeGB: b.SizeGB,
		VolumeType: b.VolumeType, Empty: b.Empty, Exclude: b.Exclude}
	if b.SnapshotName == "" && b.SnapshotInstanceNo == "" {
		return rb, nil
	}
	prefix := sprintf("blockStorages.%d.", i)
	field, label := prefix+"snapshotName", strconv.Quote(b.SnapshotName)
	if b.SnapshotName == "" {
		field, label = prefix+"snapshotInstanceNo", "number "+b.SnapshotInstanceNo
	}
	d.deps[plan.RefKey(plan.KindSnapshot, rs.Region, b.SnapshotName, b.SnapshotInstanceNo)] = true
	s := rs.snapshot(b.SnapshotName, b.SnapshotInstanceNo)
	if n := rs.ambiguous("snapshot", b.SnapshotName); b.SnapshotName != "" && n > 0 {
		return rb, []plan.Diagnostic{problem(ch, "snapshot-ambiguous", at(im, field, prefix[:len(prefix)-1]),
			sprintf("snapshot %s matches %d snapshots in region %s; name it by snapshotInstanceNo", label, n, rs.Region))}
	}
	if s == nil {
		return rb, []plan.Diagnostic{problem(ch, "snapshot-not-found", at(im, field, prefix[:len(prefix)-1]),
			sprintf("snapshot %s not found in region %s%s", label, rs.Region, didYouMean(b.SnapshotName, rs.snapshotNameList())))}
	}
	rb.SnapshotInstanceNo = s.No
	var problems []plan.Diagnostic
	if s.Status != ncloud.SnapshotCreated {
		problems = append(problems, problem(ch, "snapshot-not-ready", at(im, field, prefix[:len(prefix)-1]),
			sprintf("snapshot %s is %s; it must be CREAT", label, s.Status)))
	}
	if b.Order == 0 && !s.Bootable {
		problems = append(problems, problem(ch, "snapshot-not-bootable", at(im, field, prefix[:len(prefix)-1]),
			sprintf("snapshot %s is not bootable; order 0 needs a bootable snapshot", label)))
	}
	if sz := sizeGB(s.SizeBytes); b.SizeGB > 0 && b.SizeGB < sz {
		problems = append(problems, problem(ch, "size-too-small", at(im, prefix+"sizeGB", prefix[:len(prefix)-1]),
			sprintf("sizeGB %d is smaller than snapshot %s (%d GB)", b.SizeGB, label, sz)))
	}
	return rb, problems
}

// sizeGB normalises a listed size in bytes to whole GB, rounding up.
func sizeGB(bytes int64) int {
	return int((bytes + gib - 1) / gib)
}

func problem(ch *plan.Change, code string, pos spec.Pos, msg string) plan.Diagnostic {
	return plan.Diagnostic{Severity: plan.SeverityError, Code: code, Address: ch.Address, Source: pos, Message: msg}
}

// at returns the position of the first field of keys that was written,
// else the image's own position.
func at(im *spec.Image, keys ...string) spec.Pos {
	for _, k := range keys {
		if p, ok := im.Lookup(k); ok {
			return p
		}
	}
	return im.Pos
}

func regionMsg(im *spec.Image, region string, st *State) string {
	codes := make([]string, len(st.Regions))
	for i, r := range st.Regions {
		codes[i] = r.Code
	}
	known := "; the account's regions are " + strings.Join(codes, ", ")
	if len(codes) == 0 {
		known = "; the account lists no region"
	}
	if _, ok := im.Lookup("region"); ok || im.Region != "" {
		return sprintf("region %q does not exist in this account%s", region, known)
	}
	return sprintf("region %q (from --region, NCLOUD_REGION or the account default) does not exist in this account%s", region, known)
}

// didYouMean is "; did you mean \"NAME\"?" for the name of the account
// nearest to a name that was not found, or "" (a name given by number
// gets no guess).
func didYouMean(name string, known []string) string {
	if name == "" {
		return ""
	}
	if s := suggest.Closest(name, known); s != "" {
		return sprintf("; did you mean %q?", s)
	}
	return ""
}

func takenMsg(name, catalog string) string {
	if catalog == "" {
		return sprintf("image name %q is taken by an image not managed by ncpimage (no ownership marker); add adopt: true to the entry if it is this catalog's", name)
	}
	return sprintf("image name %q is taken by an image of catalog %q; add adopt: true to the entry to take it over", name, catalog)
}

// orNull prints an operation code, "NULL" when the list gave none.
func orNull(op ncloud.Operation) string {
	if op == "" {
		return string(ncloud.OperationNull)
	}
	return string(op)
}

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }
