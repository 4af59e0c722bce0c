package spec

import (
	"regexp"
	"strings"
)

// MaxDescriptionBytes is NCP's limit on serverImageDescription, which
// counts the ownership marker ncpimage appends.
const MaxDescriptionBytes = 1000

const markerPrefix = "[ncpimage:"

var catalogName = regexp.MustCompile(`^[a-z0-9-]{1,32}$`)

// Marker returns the ownership marker of a catalog, " [ncpimage:<catalog>]":
// the text ncpimage appends to the description of every image it creates,
// so that prune can tell its own images from everyone else's (NCP images
// have no tags).
func Marker(catalog string) string {
	return " " + markerPrefix + catalog + "]"
}

// WithMarker returns the description to send to NCP: desc followed by the
// catalog's marker. An empty desc gives the marker without its leading
// space.
func WithMarker(desc, catalog string) string {
	if desc == "" {
		return markerPrefix + catalog + "]"
	}
	return desc + Marker(catalog)
}

// StripMarker splits a description read from NCP into the user's text and
// the catalog of its trailing marker. ok is false, and desc is returned as
// is, when desc carries no well-formed marker at its end.
func StripMarker(full string) (desc, catalog string, ok bool) {
	if !strings.HasSuffix(full, "]") {
		return full, "", false
	}
	i := strings.LastIndex(full, markerPrefix)
	if i < 0 {
		return full, "", false
	}
	catalog = full[i+len(markerPrefix) : len(full)-1]
	if !catalogName.MatchString(catalog) {
		return full, "", false
	}
	switch {
	case i == 0:
		return "", catalog, true
	case full[i-1] == ' ':
		return full[:i-1], catalog, true
	}
	return full, "", false
}

// ValidCatalogName reports whether name is a catalog name the format
// accepts: 1-32 of a-z, 0-9 and '-'.
func ValidCatalogName(name string) bool { return catalogName.MatchString(name) }
