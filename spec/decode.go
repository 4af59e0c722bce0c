package spec

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

// decodeCatalog builds the catalog of one document from its value tree.
// It is lenient: a field of the wrong type is left empty (the schema has
// already reported it), so one mistake does not hide the others. The
// images and their positions are allocated in one block each.
func decodeCatalog(root *value, file string, doc int) *Catalog {
	cat := &Catalog{File: file, Doc: doc, Pos: root.position()}
	cat.Name = str(root.get("catalog"))
	cat.PrunePos, cat.MaxDeletesPos = cat.Pos, cat.Pos
	if v := root.get("maxDeletes"); v != nil {
		cat.MaxDeletesPos = v.position()
		if v.kind == kInt && v.integer > 0 && v.integer < 1<<31 {
			cat.MaxDeletes = int(v.integer)
		}
	}
	if v := root.get("prune"); v != nil {
		cat.PrunePos = v.position()
		if v.kind == kBool {
			cat.Prune = v.boolean
		}
	}
	defaults := root.get("defaults")
	images := root.get("images")
	if images == nil || images.kind != kList {
		return cat
	}
	count := 0
	for _, item := range images.items {
		if item.kind == kMap {
			count++
		}
	}
	block := make([]Image, count)
	cat.Images = make([]*Image, 0, count)
	shapes := map[string]*shape{}
	var scratch shape
	for i, item := range images.items {
		if item.kind != kMap {
			continue
		}
		im := &block[len(cat.Images)]
		n := slotCount(storageCount(item))
		if cap(scratch) < n {
			scratch = make([]lineCol, n)
		}
		positions := scratch[:n]
		clear(positions)
		im.shape = &positions
		decodeImage(im, item, defaults)
		im.shape = share(shapes, positions, im.Pos.Line)
		im.Catalog = cat.Name
		im.Pointer = "/images/" + strconv.Itoa(i)
		cat.Images = append(cat.Images, im)
	}
	return cat
}

// share turns the absolute positions of an image starting at line into
// its shape (see lineCol) and returns the copy of that shape kept
// for the document: images written alike, most of a big catalog, share
// one.
func share(shapes map[string]*shape, positions shape, line int) *shape {
	for i, lc := range positions {
		switch {
		case lc.line == 0:
		case int(lc.line) >= line:
			positions[i].line = lc.line - int32(line) + 1
		default:
			positions[i].line = -lc.line
		}
	}
	key := unsafe.String((*byte)(unsafe.Pointer(unsafe.SliceData(positions))), len(positions)*int(unsafe.Sizeof(lineCol{})))
	if shape, ok := shapes[key]; ok {
		return shape
	}
	kept := slices.Clone(positions)
	shapes[strings.Clone(key)] = &kept
	return &kept
}

// storageCount is the number of block storage entries of an image value.
func storageCount(v *value) int {
	if bs := v.get("blockStorages"); bs != nil && bs.kind == kList {
		return len(bs.items)
	}
	return 0
}

// decodeImage fills im from v, merging region and description from
// defaults when the image does not set them, and records where each value
// was written, in the image or in defaults.
func decodeImage(im *Image, v, defaults *value) {
	im.Pos = v.position()
	im.Name = im.str(v, "name", slotName)
	im.Region = im.merged(v, defaults, "region", slotRegion)
	im.Description = im.merged(v, defaults, "description", slotDescription)
	im.Adopt = im.mergedBool(v, defaults, "adopt", slotAdopt)
	im.Rebuild = im.str(v, "rebuild", slotRebuild)
	im.shareWith(v, defaults)
	if src := v.get("source"); src != nil {
		im.set(slotSource, src.at())
		im.Source.ServerName = im.str(src, "serverName", slotServerName)
		im.Source.ServerInstanceNo = im.str(src, "serverInstanceNo", slotServerInstanceNo)
	}
	if bs := v.get("blockStorages"); bs != nil && bs.kind == kList {
		im.set(slotBlockStorages, bs.at())
		im.BlockStorages = make([]BlockStorage, 0, len(bs.items))
		for i, item := range bs.items {
			im.BlockStorages = append(im.BlockStorages, im.storage(item, fixedSlots+i*slotsPerStorage))
		}
	}
}

// str reads a string field of mapping m and records its position in slot.
func (im *Image) str(m *value, name string, slot int) string {
	v := m.get(name)
	if v == nil {
		return ""
	}
	im.set(slot, v.at())
	return str(v)
}

func (im *Image) integer(m *value, name string, slot int) int {
	v := m.get(name)
	if v == nil {
		return 0
	}
	im.set(slot, v.at())
	switch {
	case v.kind == kInt:
		return int(v.integer)
	case v.kind == kFloat && v.float == math.Trunc(v.float) && math.Abs(v.float) < 1<<31:
		return int(v.float) // 1.0 is an integer to JSON Schema too
	}
	return 0
}

func (im *Image) boolean(m *value, name string, slot int) bool {
	v := m.get(name)
	if v == nil {
		return false
	}
	im.set(slot, v.at())
	return v.kind == kBool && v.boolean
}

// merged reads a field from the image, else from defaults.
func (im *Image) merged(m, defaults *value, name string, slot int) string {
	if m.get(name) != nil {
		return im.str(m, name, slot)
	}
	return im.str(defaults, name, slot)
}

func (im *Image) mergedBool(m, defaults *value, name string, slot int) bool {
	if m.get(name) != nil {
		return im.boolean(m, name, slot)
	}
	return im.boolean(defaults, name, slot)
}

// shareWith reads shareWith from the image, else from defaults: a list
// of strings (the schema checks the types).
func (im *Image) shareWith(m, defaults *value) {
	v := m.get("shareWith")
	if v == nil {
		v = defaults.get("shareWith")
	}
	if v == nil || v.kind != kList {
		return
	}
	im.set(slotShareWith, v.at())
	im.ShareWith = make([]string, 0, len(v.items))
	im.shareWithPos = make([]Pos, 0, len(v.items))
	for _, item := range v.items {
		im.ShareWith = append(im.ShareWith, str(item))
		im.shareWithPos = append(im.shareWithPos, item.at())
	}
}

// storage reads one block storage entry whose slots start at base.
func (im *Image) storage(v *value, base int) BlockStorage {
	im.set(base+bsEntry, v.position())
	if v.kind != kMap {
		return BlockStorage{}
	}
	return BlockStorage{
		Order:              im.integer(v, "order", base+bsOrder),
		SnapshotName:       im.str(v, "snapshotName", base+bsSnapshotName),
		SnapshotInstanceNo: im.str(v, "snapshotInstanceNo", base+bsSnapshotInstanceNo),
		SizeGB:             im.integer(v, "sizeGB", base+bsSizeGB),
		VolumeType:         im.str(v, "volumeType", base+bsVolumeType),
		Empty:              im.boolean(v, "empty", base+bsEmpty),
		Exclude:            im.boolean(v, "exclude", base+bsExclude),
	}
}

// str returns a string value's text, "" for other kinds.
func str(v *value) string {
	if v == nil || v.kind != kString {
		return ""
	}
	return v.str
}
