package reconcile

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/ncloud"
)

// absent is the state of an object the account does not have.
const absent = "absent"

// Fingerprint evaluates each key (see [ObservedObject]) against the state
// and returns the sorted objects and their digest. Apply of a saved plan
// calls it on a fresh State with the plan's keys and compares digests.
func (s *State) Fingerprint(keys []string) Observed {
	objs := make([]ObservedObject, 0, len(keys))
	for _, k := range keys {
		objs = append(objs, ObservedObject{Key: k, State: s.objectState(k)})
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Key < objs[j].Key })
	h := sha256.New()
	for _, o := range objs {
		h.Write([]byte(o.Key + "=" + o.State + "\n"))
	}
	return Observed{Digest: "sha256:" + hex.EncodeToString(h.Sum(nil)), Objects: objs}
}

// Keys returns the keys of the fingerprint's objects.
func (o Observed) Keys() []string {
	keys := make([]string, len(o.Objects))
	for i, obj := range o.Objects {
		keys[i] = obj.Key
	}
	return keys
}

// Changed returns the keys whose state differs between o and now (keys
// missing from now count as changed).
func (o Observed) Changed(now Observed) []string {
	cur := make(map[string]string, len(now.Objects))
	for _, obj := range now.Objects {
		cur[obj.Key] = obj.State
	}
	var out []string
	for _, obj := range o.Objects {
		if st, ok := cur[obj.Key]; !ok || st != obj.State {
			out = append(out, obj.Key)
		}
	}
	return out
}

// objectState parses "kind:REGION/rest" and hashes the object's fields.
func (s *State) objectState(key string) string {
	kind, rest, _ := strings.Cut(key, ":")
	if kind == "region" {
		if s.HasRegion(rest) {
			return "present"
		}
		return absent
	}
	region, ref, _ := strings.Cut(rest, "/")
	rs, ok := s.ByRegion[region]
	if !ok {
		return absent
	}
	by, val, _ := strings.Cut(ref, ":")
	name, no := val, ""
	if by == "no" {
		name, no = "", val
	}
	switch kind {
	case "image":
		return imagesState(rs.ImagesNamed(ref))
	case "server":
		return serverState(rs.Server(name, no))
	case "snapshot":
		return snapshotState(rs.Snapshot(name, no))
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
