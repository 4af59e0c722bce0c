package spec

import (
	"strconv"
	"strings"
)

// storage checks the field combinations of one block storage entry
// (createServerImage, blockStorageList.N): order 0 takes a snapshot and
// no volumeType; other orders take a snapshot, or empty: true with sizeGB
// and volumeType, or exclude: true alone.
func (c *checker) storage(i int) {
	bs := c.im.BlockStorages[i]
	key := "blockStorages." + strconv.Itoa(i)
	if bs.SnapshotName != "" && bs.SnapshotInstanceNo != "" {
		c.fail(later(c.im, key+".snapshotName", key+".snapshotInstanceNo"), "storage",
			"set only one of snapshotName and snapshotInstanceNo")
		return
	}
	switch {
	case bs.Exclude:
		c.excluded(key, bs)
	case bs.Order == 0:
		c.base(key, bs)
	case bs.Empty:
		c.empty(key, bs)
	case !hasSnapshot(bs):
		c.fail(key, "storage", "order %d needs a snapshot (snapshotName or snapshotInstanceNo), or empty: true with sizeGB and volumeType, or exclude: true", bs.Order)
	case bs.VolumeType != "":
		c.fail(key+".volumeType", "storage", "volumeType goes only with empty: true; storage from a snapshot keeps the snapshot's type")
	}
}

func hasSnapshot(bs BlockStorage) bool {
	return bs.SnapshotName != "" || bs.SnapshotInstanceNo != ""
}

func (c *checker) excluded(key string, bs BlockStorage) {
	if bs.Order == 0 {
		c.fail(key+".exclude", "storage", "order 0, the base storage, cannot be excluded")
		return
	}
	var extra []string
	for _, f := range []string{"snapshotName", "snapshotInstanceNo", "sizeGB", "volumeType", "empty"} {
		if _, ok := c.im.Lookup(key + "." + f); ok {
			extra = append(extra, f)
		}
	}
	if len(extra) > 0 {
		c.fail(key+"."+extra[0], "storage", "exclude: true stands alone with order; remove %s", strings.Join(extra, ", "))
	}
}

func (c *checker) base(key string, bs BlockStorage) {
	switch {
	case bs.Empty:
		c.fail(key+".empty", "storage", "order 0, the base storage, cannot be empty: it is built from a bootable snapshot")
	case !hasSnapshot(bs):
		c.fail(key, "storage", "order 0, the base storage, needs snapshotName or snapshotInstanceNo (a bootable snapshot)")
	case bs.VolumeType != "":
		c.fail(key+".volumeType", "storage", "order 0, the base storage, takes no volumeType: it keeps its snapshot's type")
	}
}

func (c *checker) empty(key string, bs BlockStorage) {
	switch {
	case hasSnapshot(bs):
		field := key + ".snapshotName"
		if bs.SnapshotName == "" {
			field = key + ".snapshotInstanceNo"
		}
		c.fail(field, "storage", "empty: true creates a new storage; it takes no snapshot")
	case bs.SizeGB == 0 && bs.VolumeType == "":
		c.fail(key, "storage", "empty: true needs sizeGB and volumeType")
	case bs.SizeGB == 0:
		c.fail(key, "storage", "empty: true needs sizeGB")
	case bs.VolumeType == "":
		c.fail(key, "storage", "empty: true needs volumeType")
	}
}
