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

// rebuildValue is the format of an image's rebuild field: it is kept in
// the marker, so it holds no space and no ']'.
var rebuildValue = regexp.MustCompile(`^[A-Za-z0-9._-]{1,32}$`)

// Marker returns the ownership marker of a catalog, " [ncpimage:<catalog>]",
// or " [ncpimage:<catalog>@<rebuild>]" for an image with a rebuild value:
// the text ncpimage appends to the description of every image it creates,
// so that prune can tell its own images from everyone else's (NCP images
// have no tags), and a plan can tell which rebuild made an image.
func Marker(catalog string) string {
	return " " + marker(catalog, "")
}

func marker(catalog, rebuild string) string {
	if rebuild != "" {
		catalog += "@" + rebuild
	}
	return markerPrefix + catalog + "]"
}

// WithMarker returns the description to send to NCP: desc followed by the
// catalog's marker (see [Marker]). An empty desc gives the marker without
// its leading space.
func WithMarker(desc, catalog string) string { return WithRebuildMarker(desc, catalog, "") }

// WithRebuildMarker is [WithMarker] for an image with a rebuild value
// ("" for none), which the marker records.
func WithRebuildMarker(desc, catalog, rebuild string) string {
	if desc == "" {
		return marker(catalog, rebuild)
	}
	return desc + " " + marker(catalog, rebuild)
}

// StripMarker splits a description read from NCP into the user's text and
// the catalog of its trailing marker. ok is false, and desc is returned as
// is, when desc carries no well-formed marker at its end.
func StripMarker(full string) (desc, catalog string, ok bool) {
	desc, catalog, _, ok = ParseMarker(full)
	return desc, catalog, ok
}

// ParseMarker is [StripMarker] that also returns the rebuild value the
// marker records ("" when none).
func ParseMarker(full string) (desc, catalog, rebuild string, ok bool) {
	if !strings.HasSuffix(full, "]") {
		return full, "", "", false
	}
	i := strings.LastIndex(full, markerPrefix)
	if i < 0 {
		return full, "", "", false
	}
	catalog = full[i+len(markerPrefix) : len(full)-1]
	if c, r, found := strings.Cut(catalog, "@"); found {
		if !rebuildValue.MatchString(r) {
			return full, "", "", false
		}
		catalog, rebuild = c, r
	}
	if !catalogName.MatchString(catalog) {
		return full, "", "", false
	}
	switch {
	case i == 0:
		return "", catalog, rebuild, true
	case full[i-1] == ' ':
		return full[:i-1], catalog, rebuild, true
	}
	return full, "", "", false
}

// ValidCatalogName reports whether name is a catalog name the format
// accepts: 1-32 of a-z, 0-9 and '-'.
func ValidCatalogName(name string) bool { return catalogName.MatchString(name) }
