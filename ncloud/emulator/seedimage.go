package emulator

import (
	"fmt"
	"strconv"
)

func (b *seeder) images(s Seed) error {
	for i, si := range s.Images {
		at := "images." + strconv.Itoa(i)
		used := func(no string) bool { return b.findImage(no) != nil }
		if err := b.object("image", si.Region, si.No, si.Name, used); err != nil {
			return b.at(err, at)
		}
		im, err := b.image(si, at)
		if err != nil {
			return err
		}
		b.st.Images = append(b.st.Images, im)
	}
	return nil
}

func (b *seeder) image(si SeedImage, at string) (*image, error) {
	if !b.e.opts.AllowDuplicateNames && b.imageNameTaken(si.Region, si.Name) {
		return nil, b.at(fmt.Errorf("image %s: name already used in region %s", si.Name, si.Region), at+".name")
	}
	status := or(si.Status, statusCreat)
	if status != statusInit && status != statusCreat && status != statusCrefl {
		return nil, b.at(fmt.Errorf("image %s: unknown status %q (want CREAT, INIT or CREFL)", si.Name, si.Status), at+".status")
	}
	if len(si.Description) > maxDescription {
		return nil, b.at(fmt.Errorf("image %s: description longer than %d bytes", si.Name, maxDescription), at+".description")
	}
	im := &image{Region: si.Region, No: b.no(si.No), Name: si.Name, Description: si.Description,
		Status: status, CreatedAt: si.CreatedAt}
	if im.CreatedAt.IsZero() {
		im.CreatedAt = b.now
	}
	if si.ServerNo != "" {
		srv := b.server(si.ServerNo)
		if srv == nil || srv.Region != si.Region {
			return nil, b.at(fmt.Errorf("image %s: no server %q in region %s", si.Name, si.ServerNo, si.Region), at+".serverNo")
		}
		im.ServerNo = si.ServerNo
	}
	for j, id := range si.SharedLoginIDList {
		if id == "" {
			return nil, b.at(fmt.Errorf("image %s: sharedLoginIdList has an empty login ID", si.Name), at+".sharedLoginIdList."+strconv.Itoa(j))
		}
		if !has(im.SharedLoginIDs, id) {
			im.SharedLoginIDs = append(im.SharedLoginIDs, id)
		}
	}
	seen := map[int]bool{}
	for j, bs := range si.BlockStorages {
		bat := at + ".blockStorages." + strconv.Itoa(j)
		d, err := b.imageDisk(si, bs)
		if err != nil {
			return nil, b.at(err, bat)
		}
		if seen[d.Order] {
			return nil, b.at(fmt.Errorf("image %s: order %d appears twice", si.Name, d.Order), bat+".order")
		}
		seen[d.Order] = true
		im.Disks = append(im.Disks, d)
	}
	if len(im.Disks) == 0 {
		im.Disks = []imageDisk{{Order: 0, SnapshotNo: b.no(""), SizeGB: 10, VolumeType: "CB1"}}
	}
	return im, nil
}

// imageNameTaken reports whether reg already has an image called name,
// through a set built once per seed (seeds of thousands of images).
func (b *seeder) imageNameTaken(reg, name string) bool {
	if b.names == nil {
		b.names = map[[2]string]bool{}
		for _, im := range b.st.Images {
			b.names[[2]string{im.Region, im.Name}] = true
		}
	}
	key := [2]string{reg, name}
	taken := b.names[key]
	b.names[key] = true
	return taken
}

// imageDisk resolves a seeded disk; a disk that names no snapshot gets a
// fresh snapshot number, like a disk imaged from the server.
func (b *seeder) imageDisk(si SeedImage, bs SeedBlockStorage) (imageDisk, error) {
	if bs.Order < 0 || bs.Order > maxOrder {
		return imageDisk{}, fmt.Errorf("image %s: order %d out of 0..%d", si.Name, bs.Order, maxOrder)
	}
	d := imageDisk{Order: bs.Order, SizeGB: bs.SizeGB, VolumeType: or(bs.VolumeType, "CB1")}
	if bs.SnapshotNo != "" || bs.SnapshotName != "" {
		sn := b.snapshot(si.Region, bs.SnapshotNo, bs.SnapshotName)
		if sn == nil {
			return imageDisk{}, fmt.Errorf("image %s: order %d: no snapshot %q in region %s", si.Name, bs.Order, bs.SnapshotNo+bs.SnapshotName, si.Region)
		}
		d.SnapshotNo, d.SnapshotName = sn.No, sn.Name
		if bs.SizeGB == 0 {
			d.SizeGB = sn.SizeGB
		}
		d.VolumeType = or(bs.VolumeType, sn.VolumeType)
	} else {
		d.SnapshotNo = b.no("")
	}
	if d.SizeGB <= 0 || volumeTypeNames[d.VolumeType] == "" {
		return imageDisk{}, fmt.Errorf("image %s: order %d needs sizeGB > 0 and a known volumeType", si.Name, bs.Order)
	}
	return d, nil
}

func (b *seeder) findImage(no string) *image {
	for _, im := range b.st.Images {
		if im.No == no {
			return im
		}
	}
	return nil
}
