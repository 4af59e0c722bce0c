package spec

import (
	"math"
	"strconv"
)

// decodeCatalog builds the catalog of one document from its value tree.
// It is lenient: a field of the wrong type is left empty (the schema has
// already reported it), so one mistake does not hide the others.
func decodeCatalog(root *value, file string, doc int) *Catalog {
	cat := &Catalog{File: file, Doc: doc, Pos: root.pos}
	cat.Name = str(root.get("catalog"))
	defaults := root.get("defaults")
	images := root.get("images")
	if images == nil || images.kind != kList {
		return cat
	}
	for i, item := range images.items {
		if item.kind != kMap {
			continue
		}
		im := decodeImage(item, defaults)
		im.Catalog = cat.Name
		im.Pointer = "/images/" + strconv.Itoa(i)
		cat.Images = append(cat.Images, im)
	}
	return cat
}

// decodeImage builds one image, merging region and description from
// defaults when the image does not set them. Fields records where each
// value was written, in the image or in defaults.
func decodeImage(v, defaults *value) *Image {
	im := &Image{Pos: v.pos, Fields: make(map[string]Pos, fieldCount(v))}
	f := fields{im: im}
	im.Name = f.str(v, "name", "name")
	im.Region = f.merged(v, defaults, "region")
	im.Description = f.merged(v, defaults, "description")
	if src := v.get("source"); src != nil {
		im.Fields["source"] = src.at()
		im.Source.ServerName = f.str(src, "serverName", "source.serverName")
		im.Source.ServerInstanceNo = f.str(src, "serverInstanceNo", "source.serverInstanceNo")
	}
	if bs := v.get("blockStorages"); bs != nil && bs.kind == kList {
		im.Fields["blockStorages"] = bs.at()
		im.BlockStorages = make([]BlockStorage, 0, len(bs.items))
		for i, item := range bs.items {
			im.BlockStorages = append(im.BlockStorages, f.storage(item, "blockStorages."+strconv.Itoa(i)))
		}
	}
	return im
}

// fields reads typed fields out of mappings and records their positions
// in the image's Fields under a dotted key.
type fields struct{ im *Image }

func (f fields) str(m *value, name, key string) string {
	v := m.get(name)
	if v == nil {
		return ""
	}
	f.im.Fields[key] = v.at()
	return str(v)
}

func (f fields) integer(m *value, name, key string) int {
	v := m.get(name)
	if v == nil {
		return 0
	}
	f.im.Fields[key] = v.at()
	switch {
	case v.kind == kInt:
		return int(v.integer)
	case v.kind == kFloat && v.float == math.Trunc(v.float) && math.Abs(v.float) < 1<<31:
		return int(v.float) // 1.0 is an integer to JSON Schema too
	}
	return 0
}

func (f fields) boolean(m *value, name, key string) bool {
	v := m.get(name)
	if v == nil {
		return false
	}
	f.im.Fields[key] = v.at()
	return v.kind == kBool && v.boolean
}

// merged reads a field from the image, else from defaults.
func (f fields) merged(m, defaults *value, name string) string {
	if m.get(name) != nil {
		return f.str(m, name, name)
	}
	return f.str(defaults, name, name)
}

func (f fields) storage(v *value, key string) BlockStorage {
	f.im.Fields[key] = v.pos
	if v.kind != kMap {
		return BlockStorage{}
	}
	return BlockStorage{
		Order:              f.integer(v, "order", key+".order"),
		SnapshotName:       f.str(v, "snapshotName", key+".snapshotName"),
		SnapshotInstanceNo: f.str(v, "snapshotInstanceNo", key+".snapshotInstanceNo"),
		SizeGB:             f.integer(v, "sizeGB", key+".sizeGB"),
		VolumeType:         f.str(v, "volumeType", key+".volumeType"),
		Empty:              f.boolean(v, "empty", key+".empty"),
		Exclude:            f.boolean(v, "exclude", key+".exclude"),
	}
}

// str returns a string value's text, "" for other kinds.
func str(v *value) string {
	if v == nil || v.kind != kString {
		return ""
	}
	return v.str
}

// fieldCount estimates how many Fields entries an image will have, so the
// map is allocated once.
func fieldCount(v *value) int {
	n := 8
	if bs := v.get("blockStorages"); bs != nil {
		n += 8 * len(bs.items)
	}
	return n
}
