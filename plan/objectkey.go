package plan

import (
	"fmt"
	"strings"
)

// ObjectKind is the kind of an account object a plan depends on.
type ObjectKind string

// Object kinds of an [ObjectKey].
const (
	KindRegion   ObjectKind = "region"
	KindImage    ObjectKind = "image"
	KindServer   ObjectKind = "server"
	KindSnapshot ObjectKind = "snapshot"
	// KindSharing is the sharing of the images of a name: in a plan only
	// for images whose catalog manages their sharing (shareWith).
	KindSharing ObjectKind = "sharing"
)

// How a server or snapshot is referred to (ObjectKey.By).
const (
	ByName = "name"
	ByNo   = "no"
)

// ObjectKey identifies one account object of a plan's fingerprint: a
// region (Region only), the images of a name (Value, in Region), their
// sharing (the same, kind sharing), or a
// server or snapshot found By name or by number (Value). Its text form,
// the "key" of the saved plan's observed objects, is
// "region:KR", "image:KR/web-base", "sharing:KR/web-base", "server:KR/name:web-01" or
// "snapshot:KR/no:3001001" ([ObjectKey.String], [parseObjectKey]).
type ObjectKey struct {
	Kind   ObjectKind
	Region string
	By     string // ByName or ByNo; "" for regions and images
	Value  string // the name or number; "" for regions
}

// RegionKey is the key of a region of the account.
func RegionKey(region string) ObjectKey { return ObjectKey{Kind: KindRegion, Region: region} }

// ImageKey is the key of the images of a name in a region.
func ImageKey(region, name string) ObjectKey {
	return ObjectKey{Kind: KindImage, Region: region, Value: name}
}

// SharingKey is the key of the sharing of the images of a name.
func SharingKey(region, name string) ObjectKey {
	return ObjectKey{Kind: KindSharing, Region: region, Value: name}
}

// RefKey is the key of a server or snapshot referred to by name, or by
// number when name is "".
func RefKey(kind ObjectKind, region, name, no string) ObjectKey {
	if name == "" {
		return ObjectKey{Kind: kind, Region: region, By: ByNo, Value: no}
	}
	return ObjectKey{Kind: kind, Region: region, By: ByName, Value: name}
}

// String is the key's text form (see [ObjectKey]).
func (k ObjectKey) String() string {
	switch k.Kind {
	case KindRegion:
		return string(k.Kind) + ":" + k.Region
	case KindImage, KindSharing:
		return string(k.Kind) + ":" + k.Region + "/" + k.Value
	}
	return string(k.Kind) + ":" + k.Region + "/" + k.By + ":" + k.Value
}

// parseObjectKey reads the text form of a key, as [ObjectKey.String]
// writes it.
func parseObjectKey(s string) (ObjectKey, error) {
	kind, rest, ok := strings.Cut(s, ":")
	k := ObjectKey{Kind: ObjectKind(kind)}
	// Parts may be empty: a plan records what the catalogs named, even a
	// source left out of an adopted image.
	switch k.Kind {
	case KindRegion:
		k.Region = rest
		if ok {
			return k, nil
		}
	case KindImage, KindSharing:
		k.Region, k.Value, ok = strings.Cut(rest, "/")
		if ok {
			return k, nil
		}
	case KindServer, KindSnapshot:
		var ref string
		k.Region, ref, ok = strings.Cut(rest, "/")
		k.By, k.Value, _ = strings.Cut(ref, ":")
		if ok && (k.By == ByName || k.By == ByNo) {
			return k, nil
		}
	}
	return ObjectKey{}, fmt.Errorf("object key %q: want kind:REGION/... with kind region, image, sharing, server or snapshot", s)
}

// MarshalText writes the text form, so the JSON plan carries the key as
// a string.
func (k ObjectKey) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads the text form ([parseObjectKey]).
func (k *ObjectKey) UnmarshalText(b []byte) error {
	key, err := parseObjectKey(string(b))
	if err != nil {
		return err
	}
	*k = key
	return nil
}
