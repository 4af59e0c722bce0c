package reconcile

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/ncloud"
)

// absent is the state of an object the account does not have.
const absent = "absent"

// fingerprint evaluates each key (see [plan.ObservedObject]) against the state
// and returns the sorted objects and their digest. Apply of a saved plan
// calls it on a fresh State with the plan's keys and compares digests.
func (s *State) fingerprint(keys []plan.ObjectKey) plan.Observed {
	type entry struct {
		text string // the key's text form, made once
		obj  plan.ObservedObject
	}
	entries := make([]entry, len(keys))
	for i, k := range keys {
		entries[i] = entry{k.String(), plan.ObservedObject{Key: k, State: s.objectState(k)}}
	}
	// Sorted and hashed by text form: the saved plan's order and digest.
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.text, b.text) })
	h := sha256.New()
	objs := make([]plan.ObservedObject, len(entries))
	var line []byte
	for i, e := range entries {
		objs[i] = e.obj
		line = append(append(append(append(line[:0], e.text...), '='), e.obj.State...), '\n')
		h.Write(line)
	}
	return plan.Observed{Digest: "sha256:" + hex.EncodeToString(h.Sum(nil)), Objects: objs}
}

// objectState hashes the fields of the object key names.
func (s *State) objectState(key plan.ObjectKey) string {
	if key.Kind == plan.KindRegion {
		if s.hasRegion(key.Region) {
			return "present"
		}
		return absent
	}
	rs, ok := s.ByRegion[key.Region]
	if !ok {
		return absent
	}
	name, no := key.Value, ""
	if key.By == plan.ByNo {
		name, no = "", key.Value
	}
	switch key.Kind {
	case plan.KindImage:
		return imagesState(rs.imagesNamed(key.Value))
	case plan.KindSharing:
		return sharingState(rs.imagesNamed(key.Value))
	case plan.KindServer:
		return serverState(rs.server(name, no))
	case plan.KindSnapshot:
		return snapshotState(rs.snapshot(name, no))
	}
	return absent
}

func imagesState(imgs []*ncloud.ServerImage) string {
	if len(imgs) == 0 {
		return absent
	}
	parts := make([]string, len(imgs))
	for i, img := range imgs {
		fields := []string{img.No, string(img.Status), string(img.Operation), img.Description}
		for _, m := range sortedMappings(img) {
			fields = append(fields, strconv.Itoa(m.Order), snapNo(m.SnapshotInstanceNo),
				strconv.FormatInt(m.SizeBytes, 10), m.VolumeType)
		}
		parts[i] = strings.Join(fields, "\x1f")
	}
	sort.Strings(parts)
	return shortHash(parts...)
}

// sharingState hashes the accounts each image of a name is shared with
// (as a set), apart from the image's own state: only plans that manage an
// image's sharing depend on it.
func sharingState(imgs []*ncloud.ServerImage) string {
	if len(imgs) == 0 {
		return absent
	}
	parts := make([]string, len(imgs))
	for i, img := range imgs {
		parts[i] = img.No + "\x1f" + strings.Join(loginSet(img.SharedLoginIDs), "\x1f")
	}
	sort.Strings(parts)
	return shortHash(parts...)
}

// serverState records readiness, not the raw status: a server stopped
// between plan and apply does not make the plan stale.
func serverState(s *ncloud.ServerInstance) string {
	if s == nil {
		return absent
	}
	ready := "ready"
	if !s.Idle() {
		ready = string(s.Status) + "/" + orNull(s.Operation)
	}
	return shortHash(s.No, s.Name, ready)
}

func snapshotState(s *ncloud.Snapshot) string {
	if s == nil {
		return absent
	}
	return shortHash(s.No, s.Name, strconv.FormatInt(s.SizeBytes, 10), string(s.Status),
		strconv.FormatBool(s.Bootable), s.VolumeType)
}

func shortHash(fields ...string) string {
	h := sha256.Sum256([]byte(strings.Join(fields, "\x1e")))
	return hex.EncodeToString(h[:8])
}
