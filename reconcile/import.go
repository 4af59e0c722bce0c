package reconcile

import (
	"context"
	"fmt"
	"regexp"
	"slices"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/spec"
)

// ImportOptions choose the images "ncpimage import" writes a catalog for.
type ImportOptions struct {
	// Regions to read; nil means every region of the account.
	Regions []string
	// Match keeps the images whose name it matches; nil keeps all.
	Match *regexp.Regexp
	// Catalog is the catalog name the entries are written for.
	Catalog string
}

// Import reads the account (one image, server and snapshot list per
// region) and returns one adopted catalog entry per image that is
// created (CREAT), with the layout the API reports: sizes in GB, the
// snapshot number where the account lists that snapshot, an empty
// storage for a disk built from none, and an excluded order for each gap
// in the orders. NCP does not say which server an image came from, so
// the entries have no source: they plan as no-op or drift, and a missing
// one is blocked until a source is written. Images still being created,
// failed or being deleted are left out, as are those Match rejects.
func Import(ctx context.Context, api API, o ImportOptions) ([]*spec.Image, []string, error) {
	regions, err := listRegions(ctx, api)
	if err != nil {
		return nil, nil, fmt.Errorf("import: %w", err)
	}
	codes := o.Regions
	if codes == nil {
		for _, r := range regions {
			codes = append(codes, r.Code)
		}
	}
	st, err := Observe(ctx, api, regions, codes)
	if err != nil {
		return nil, nil, fmt.Errorf("import: %w", err)
	}
	var out []*spec.Image
	for _, code := range codes {
		rs := st.region(code)
		for i := range rs.Images {
			img := &rs.Images[i]
			if !img.Ready() || (o.Match != nil && !o.Match.MatchString(img.Name)) {
				continue
			}
			out = append(out, importedImage(img, code, o.Catalog, rs))
		}
	}
	slices.SortStableFunc(out, func(a, b *spec.Image) int {
		if a.Region != b.Region {
			return compareStrings(a.Region, b.Region)
		}
		return compareStrings(a.Name, b.Name)
	})
	return out, codes, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// importedImage is one image as an adopted catalog entry.
func importedImage(img *ncloud.ServerImage, region, catalog string, rs *RegionState) *spec.Image {
	desc, _, _ := spec.StripMarker(img.Description)
	im := &spec.Image{Catalog: catalog, Name: img.Name, Region: region, Description: desc, Adopt: true}
	im.BlockStorages = importedLayout(img, rs)
	return im
}

// importedLayout is the image's disks as blockStorages, or nil (every
// disk as it is) when the base disk lists no snapshot, which a catalog
// cannot declare.
func importedLayout(img *ncloud.ServerImage, rs *RegionState) []spec.BlockStorage {
	maps := sortedMappings(img)
	if len(maps) == 0 || maps[0].Order != 0 || snapNo(maps[0].SnapshotInstanceNo) == "" {
		return nil
	}
	var out []spec.BlockStorage
	next := 0
	for _, m := range maps {
		for ; next < m.Order; next++ {
			out = append(out, spec.BlockStorage{Order: next, Exclude: true})
		}
		next = m.Order + 1
		b := spec.BlockStorage{Order: m.Order, SizeGB: sizeGB(m.SizeBytes)}
		switch no := snapNo(m.SnapshotInstanceNo); {
		case no != "":
			b.SnapshotInstanceNo = no
		case m.VolumeType == "":
			return nil // an empty disk needs a volume type the API did not list
		default:
			b.Empty, b.VolumeType = true, m.VolumeType
		}
		out = append(out, b)
	}
	return out
}
