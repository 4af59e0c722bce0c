package main

import (
	"fmt"
	"time"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// census is what the account holds after the soak.
type census struct {
	lost, duplicated, wrong, touched int
	problems                         []string
}

func (c *census) fail(format string, a ...any) {
	if len(c.problems) < 20 {
		c.problems = append(c.problems, fmt.Sprintf(format, a...))
	}
}

func (c *census) ok() bool { return c.lost+c.duplicated+c.wrong+c.touched == 0 }

// loadImages reads the KR images of a state file the emulator saved. The
// reader's create delay matches the emulator's, so statuses are the ones
// the emulator would list now.
func loadImages(path string) ([]emulator.Image, error) {
	emu := emulator.New(emulator.Options{CreateDelay: 300 * time.Millisecond, DeleteDelay: 100 * time.Millisecond})
	if err := emu.LoadState(path); err != nil {
		return nil, err
	}
	return emu.Images("KR"), nil
}

// check compares the account with the catalog of n images and with the
// foreign images as they were before the first apply.
func check(images, before []emulator.Image, n int) census {
	var c census
	byName := map[string][]emulator.Image{}
	for _, im := range images {
		byName[im.Name] = append(byName[im.Name], im)
	}
	for i := range n {
		got := byName[imageName(i)]
		switch {
		case len(got) == 0:
			c.lost++
			c.fail("%s: missing", imageName(i))
			continue
		case len(got) > 1:
			c.duplicated += len(got) - 1
			c.fail("%s: %d images", imageName(i), len(got))
		}
		for _, im := range got {
			if msg := wrongImage(im, i); msg != "" {
				c.wrong++
				c.fail("%s (%s): %s", im.Name, im.No, msg)
			}
		}
		delete(byName, imageName(i))
	}
	c.checkForeign(byName, before)
	return c
}

// wrongImage says how image im, made for catalog image i, differs from
// the declaration: status, ownership marker, source server, layout.
func wrongImage(im emulator.Image, i int) string {
	s := i % servers
	want := imageDesc(i) + " [ncpimage:" + catalogName + "]"
	switch {
	case im.Status != "CREAT" || im.Operation != "NULL":
		return fmt.Sprintf("status %s operation %s", im.Status, im.Operation)
	case im.Description != want:
		return fmt.Sprintf("description %q, want %q", im.Description, want)
	case im.ServerNo != serverNo(s):
		return fmt.Sprintf("made from server %s, want %s", im.ServerNo, serverNo(s))
	case len(im.BlockStorages) != 2:
		return fmt.Sprintf("%d disks, want 2 (order 2 excluded)", len(im.BlockStorages))
	}
	d0, d1 := im.BlockStorages[0], im.BlockStorages[1]
	switch {
	case d0.Order != 0 || d0.SnapshotNo != snapNo(s) || d0.SizeGB != 10 || d0.VolumeType != "CB1":
		return fmt.Sprintf("base storage %+v, want snapshot %s of 10 GB CB1", d0, snapNo(s))
	case d1.Order != 1 || d1.SizeGB != emptySizeGB || d1.VolumeType != emptyType || isSeededSnapshot(d1.SnapshotNo):
		return fmt.Sprintf("order 1 %+v, want a new empty %d GB %s", d1, emptySizeGB, emptyType)
	}
	return ""
}

func isSeededSnapshot(no string) bool {
	for i := range servers {
		if no == snapNo(i) {
			return true
		}
	}
	return false
}

// checkForeign proves the images apply does not own are as they were
// (same number, description, status, operation and disks) and that no
// other image appeared: rest holds every image not named by the catalog.
func (c *census) checkForeign(rest map[string][]emulator.Image, before []emulator.Image) {
	seeded := map[string]bool{}
	for _, b := range before {
		seeded[b.Name] = true
		got := rest[b.Name]
		if len(got) != 1 || got[0].No != b.No || got[0].Description != b.Description || got[0].Status != b.Status ||
			got[0].Operation != b.Operation || len(got[0].BlockStorages) != len(b.BlockStorages) {
			c.touched++
			c.fail("foreign image %s (%s) changed: %+v", b.Name, b.No, got)
		}
	}
	for name, ims := range rest {
		if !seeded[name] {
			c.touched += len(ims)
			c.fail("image %s: neither in the catalog nor seeded", name)
		}
	}
}
