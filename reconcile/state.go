package reconcile

import (
	"sort"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/spec"
)

// desiredState is the image as declared, with snapshot numbers resolved
// where the snapshot exists.
func desiredState(im *spec.Image, region string, rs *RegionState) *ImageState {
	st := &ImageState{Name: im.Name, Region: region, Description: im.Description,
		Catalog: im.Catalog, ServerName: im.Source.ServerName, ServerNo: im.Source.ServerInstanceNo}
	if s := rs.Server(st.ServerName, st.ServerNo); s != nil {
		st.ServerNo = s.No
	}
	for _, b := range im.BlockStorages {
		blk := Block{Order: b.Order, SnapshotNo: b.SnapshotInstanceNo, SnapshotName: b.SnapshotName,
			SizeGB: b.SizeGB, VolumeType: b.VolumeType, Empty: b.Empty, Exclude: b.Exclude}
		if b.SnapshotName != "" || b.SnapshotInstanceNo != "" {
			if s := rs.Snapshot(b.SnapshotName, b.SnapshotInstanceNo); s != nil {
				blk.SnapshotNo = s.No
			}
		}
		st.BlockStorage = append(st.BlockStorage, blk)
	}
	return st
}

// observedState is an image as listed: marker stripped, sizes in GB,
// disks by order.
func observedState(img *ncloud.ServerImage, region string) *ImageState {
	desc, catalog, _ := spec.StripMarker(img.Description)
	st := &ImageState{No: img.No, Name: img.Name, Region: region, Description: desc,
		Catalog: catalog, Status: string(img.Status)}
	for _, m := range sortedMappings(img) {
		st.BlockStorage = append(st.BlockStorage, Block{Order: m.Order, SnapshotNo: snapNo(m.SnapshotInstanceNo),
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
