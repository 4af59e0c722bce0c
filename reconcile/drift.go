package reconcile

import (
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/spec"
)

// drift compares only what the user declared: the description (marker
// stripped) when one is declared, and the block layout when blockStorages
// is given (each declared order: presence or exclusion, snapshot, size in
// GB normalised from bytes, volume type). Undeclared disks are ignored.
func drift(im *spec.Image, img *ncloud.ServerImage, rs *RegionState) []plan.FieldDiff {
	var diffs []plan.FieldDiff
	if _, declared := im.Lookup("description"); declared || im.Description != "" {
		desc, _, _ := spec.StripMarker(img.Description)
		if desc != im.Description {
			diffs = append(diffs, plan.FieldDiff{Field: "description", Declared: im.Description,
				Actual: desc, Source: at(im, "description")})
		}
	}
	if im.BlockStorages == nil {
		return diffs
	}
	byOrder := map[int]*ncloud.BlockStorageMapping{}
	for i := range img.BlockStorages {
		byOrder[img.BlockStorages[i].Order] = &img.BlockStorages[i]
	}
	for i, b := range im.BlockStorages {
		diffs = append(diffs, blockDrift(im, i, b, byOrder[b.Order], rs)...)
	}
	return diffs
}

func blockDrift(im *spec.Image, i int, b spec.BlockStorage, m *ncloud.BlockStorageMapping, rs *RegionState) []plan.FieldDiff {
	prefix := "blockStorages." + strconv.Itoa(i)
	one := func(field, declared, actual string) plan.FieldDiff {
		return plan.FieldDiff{Field: prefix + "." + field, Declared: declared, Actual: actual,
			Source: at(im, prefix+"."+field, prefix)}
	}
	order := "order " + strconv.Itoa(b.Order)
	switch {
	case b.Exclude && m != nil:
		return []plan.FieldDiff{one("exclude", order+" excluded", order+" present")}
	case b.Exclude:
		return nil
	case m == nil:
		return []plan.FieldDiff{one("order", order+" present", order+" missing")}
	}
	var diffs []plan.FieldDiff
	if d, ok := snapshotDrift(b, m, rs); ok {
		diffs = append(diffs, one(d.Field, d.Declared, d.Actual))
	}
	if got := sizeGB(m.SizeBytes); b.SizeGB > 0 && got != b.SizeGB {
		diffs = append(diffs, one("sizeGB", strconv.Itoa(b.SizeGB)+" GB", strconv.Itoa(got)+" GB"))
	}
	if b.VolumeType != "" && !strings.EqualFold(b.VolumeType, m.VolumeType) {
		diffs = append(diffs, one("volumeType", b.VolumeType, orNone(m.VolumeType)))
	}
	return diffs
}

// snapshotDrift compares the declared snapshot with the one the disk
// lists. It reports drift only when the disk names another snapshot of the
// account: NCP may list an image's disk under a snapshot of the image's
// own (not in the account's snapshot list), and a plan must not show
// drift it cannot prove.
func snapshotDrift(b spec.BlockStorage, m *ncloud.BlockStorageMapping, rs *RegionState) (plan.FieldDiff, bool) {
	actual := snapNo(m.SnapshotInstanceNo)
	if b.SnapshotName == "" && b.SnapshotInstanceNo == "" {
		return plan.FieldDiff{}, false
	}
	other := rs.snapshot("", actual)
	if other == nil {
		return plan.FieldDiff{}, false
	}
	if b.SnapshotInstanceNo != "" {
		if b.SnapshotInstanceNo == actual {
			return plan.FieldDiff{}, false
		}
		return plan.FieldDiff{Field: "snapshotInstanceNo", Declared: b.SnapshotInstanceNo, Actual: actual}, true
	}
	if b.SnapshotName == other.Name {
		return plan.FieldDiff{}, false
	}
	return plan.FieldDiff{Field: "snapshotName", Declared: b.SnapshotName,
		Actual: strings.TrimSpace(other.Name + " " + paren(actual))}, true
}

func driftReason(diffs []plan.FieldDiff) plan.Reason {
	desc, blocks := false, false
	for _, d := range diffs {
		if d.Field == "description" {
			desc = true
		} else {
			blocks = true
		}
	}
	switch {
	case desc && blocks:
		return plan.ReasonDescriptionBlock
	case desc:
		return plan.ReasonDescription
	default:
		return plan.ReasonBlockLayout
	}
}

func driftMsg(diffs []plan.FieldDiff) string {
	fields := make([]string, len(diffs))
	for i, d := range diffs {
		fields[i] = d.Field
	}
	return "differs from the catalog: " + strings.Join(fields, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}
