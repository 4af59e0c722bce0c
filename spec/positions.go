package spec

import (
	"strconv"
	"strings"
)

// lineCol is a position within the file of its image. In an image's
// positions (its shape) line is relative, 1 for the image's first line,
// when the field is written at or after the image's first line, and
// minus the absolute line before it (a default); 0 means not written.
// Relative lines let images written alike share one shape.
type lineCol struct{ line, col int32 }

// shape is the positions of an image's fields, by slot.
type shape []lineCol

// slots returns the image's shape, nil for none.
func (im *Image) slots() shape {
	if im.shape == nil {
		return nil
	}
	return *im.shape
}

// abs returns the absolute position of shape entry lc of an image.
func (im *Image) abs(lc lineCol) Pos {
	line := int(lc.line)
	if line > 0 {
		line += im.Pos.Line - 1
	} else {
		line = -line
	}
	return Pos{File: im.Pos.File, Line: line, Col: int(lc.col)}
}

// Field slots of an image's positions: the fixed fields, then
// slotsPerStorage for each block storage entry.
const (
	slotName = iota
	slotRegion
	slotDescription
	slotSource
	slotServerName
	slotServerInstanceNo
	slotBlockStorages
	slotAdopt
	slotShareWith
	slotRebuild
	fixedSlots
)

// Slots of one block storage entry, relative to its first.
const (
	bsEntry = iota
	bsOrder
	bsSnapshotName
	bsSnapshotInstanceNo
	bsSizeGB
	bsVolumeType
	bsEmpty
	bsExclude
	slotsPerStorage
)

var fixedNames = [fixedSlots]string{"name", "region", "description", "source", "source.serverName",
	"source.serverInstanceNo", "blockStorages", "adopt", "shareWith", "rebuild"}

var storageNames = [slotsPerStorage]string{"", "order", "snapshotName", "snapshotInstanceNo", "sizeGB",
	"volumeType", "empty", "exclude"}

// slotCount is how many position slots an image with n block storages has.
func slotCount(n int) int { return fixedSlots + n*slotsPerStorage }

// slotOf returns the slot of a Fields key ("source.serverName",
// "blockStorages.1.sizeGB"), or -1.
func slotOf(field string) int {
	for i, n := range fixedNames {
		if n == field {
			return i
		}
	}
	rest, ok := strings.CutPrefix(field, "blockStorages.")
	if !ok {
		return -1
	}
	num, sub, dotted := strings.Cut(rest, ".")
	i, err := strconv.Atoi(num)
	if err != nil || i < 0 || i > 1<<20 || num != strconv.Itoa(i) || (dotted && sub == "") {
		return -1
	}
	for k, n := range storageNames {
		if n == sub {
			return fixedSlots + i*slotsPerStorage + k
		}
	}
	return -1
}

// slotKey returns the Fields key of slot i.
func slotKey(i int) string {
	if i < fixedSlots {
		return fixedNames[i]
	}
	i -= fixedSlots
	key := "blockStorages." + strconv.Itoa(i/slotsPerStorage)
	if sub := storageNames[i%slotsPerStorage]; sub != "" {
		key += "." + sub
	}
	return key
}

// Lookup returns the position where a field was written (see Fields for
// the keys) and whether it was written at all.
func (im *Image) Lookup(field string) (Pos, bool) {
	if im.Fields != nil {
		p, ok := im.Fields[field]
		return p, ok
	}
	i := slotOf(field)
	slots := im.slots()
	if i < 0 || i >= len(slots) || slots[i].line == 0 {
		return Pos{}, false
	}
	return im.abs(slots[i]), true
}

// FieldPositions returns the position of every field written, keyed as
// Fields is: a map built on each call (Load keeps positions more
// compactly than a map per image).
func (im *Image) FieldPositions() map[string]Pos {
	if im.Fields != nil {
		out := make(map[string]Pos, len(im.Fields))
		for k, p := range im.Fields {
			out[k] = p
		}
		return out
	}
	out := map[string]Pos{}
	for i, lc := range im.slots() {
		if lc.line != 0 {
			out[slotKey(i)] = im.abs(lc)
		}
	}
	return out
}

// set records the absolute position p of slot i while decoding.
func (im *Image) set(i int, p Pos) {
	(*im.shape)[i] = lineCol{int32(p.Line), int32(p.Col)}
}
