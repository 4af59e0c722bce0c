package reconcile

import (
	"sort"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/spec"
)

// desiredState is the image as declared, with snapshot numbers resolved
// where the snapshot exists.
func desiredState(im *spec.Image, region string, rs *RegionState) *plan.ImageState {
	st := &plan.ImageState{Name: im.Name, Region: region, Description: im.Description,
		Catalog: im.Catalog, Rebuild: im.Rebuild, ServerName: im.Source.ServerName, ServerInstanceNo: im.Source.ServerInstanceNo}
	if s := rs.server(st.ServerName, st.ServerInstanceNo); s != nil {
		st.ServerInstanceNo, st.ServerName = s.No, s.Name // both, whichever the catalog gave
	}
	for _, b := range im.BlockStorages {
		blk := plan.Block{Order: b.Order, SnapshotInstanceNo: b.SnapshotInstanceNo, SnapshotName: b.SnapshotName,
			SizeGB: b.SizeGB, VolumeType: b.VolumeType, Empty: b.Empty, Exclude: b.Exclude}
		if b.SnapshotName != "" || b.SnapshotInstanceNo != "" {
			if s := rs.snapshot(b.SnapshotName, b.SnapshotInstanceNo); s != nil {
				blk.SnapshotInstanceNo = s.No
			}
		}
		st.BlockStorages = append(st.BlockStorages, blk)
	}
	return st
}

// observedState is an image as listed: marker stripped, sizes in GB,
// disks by order.
func observedState(img *ncloud.ServerImage, region string) *plan.ImageState {
	desc, catalog, rebuild, _ := spec.ParseMarker(img.Description)
	st := &plan.ImageState{ImageNo: img.No, Name: img.Name, Region: region, Description: desc,
		Catalog: catalog, Rebuild: rebuild, Status: string(img.Status)}
	for _, m := range sortedMappings(img) {
		st.BlockStorages = append(st.BlockStorages, plan.Block{Order: m.Order, SnapshotInstanceNo: snapNo(m.SnapshotInstanceNo),
			SnapshotName: m.SnapshotName, SizeGB: sizeGB(m.SizeBytes), VolumeType: m.VolumeType})
	}
	return st
}

func sortedMappings(img *ncloud.ServerImage) []ncloud.BlockStorageMapping {
	ms := append([]ncloud.BlockStorageMapping(nil), img.BlockStorages...)
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Order < ms[j].Order })
	return ms
}

// snapNo normalises the "no snapshot" forms the API may list.
func snapNo(no string) string {
	if no == "0" {
		return ""
	}
	return no
}
