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
	// Regions to read; none means every region of the account.
	Regions []string
	// Match keeps the images whose name it matches; nil keeps all.
	Match *regexp.Regexp
	// Catalog is the catalog name the entries are written for.
	Catalog string
}

// Imported is what [Import] found: the entries to write, in region and
// name order, the images it left out and why, and the regions it read.
type Imported struct {
	Images  []*spec.Image
	Skipped []Skipped
	Regions []string
}

// Skipped is an image of the account that import does not write.
type Skipped struct {
	Region, Name, No string
	Why              string
}

// Import reads the account (one image, server and snapshot list per
// region) and returns one adopted catalog entry per image that is
// created (CREAT), with the layout the API reports: sizes in GB, the
// snapshot number where the account lists that snapshot, an empty
// storage for a disk built from none, an excluded order for each gap
// in the orders, and the accounts it is shared with. NCP does not say
// which server an image came from, so the entries have no source: they
// plan as no-op or drift, and a missing one is blocked until a source
// is written. Images Match rejects are left out silently; images still
// being created, failed or being deleted, entries validate would refuse
// (a name NCP allowed once but a catalog cannot hold) and a second image
// of a name in a region (the lowest number is kept) are left out and
// listed in Skipped with the reason.
func Import(ctx context.Context, api API, o ImportOptions) (*Imported, error) {
	regions, err := listRegions(ctx, api)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	codes := o.Regions
	if len(codes) == 0 {
		for _, r := range regions {
			codes = append(codes, r.Code)
		}
	}
	st, err := Observe(ctx, api, regions, codes)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	res := &Imported{Regions: codes}
	for _, code := range codes {
		res.importRegion(st.region(code), code, o)
	}
	slices.SortStableFunc(res.Images, func(a, b *spec.Image) int {
		if a.Region != b.Region {
			return compareStrings(a.Region, b.Region)
		}
		return compareStrings(a.Name, b.Name)
	})
	return res, nil
}

// importRegion adds the entries and skips of one region, the images in
// image number order so that of two images of a name the oldest stays.
func (res *Imported) importRegion(rs *RegionState, code string, o ImportOptions) {
	imgs := make([]*ncloud.ServerImage, 0, len(rs.Images))
	for i := range rs.Images {
		if o.Match == nil || o.Match.MatchString(rs.Images[i].Name) {
			imgs = append(imgs, &rs.Images[i])
		}
	}
	slices.SortStableFunc(imgs, func(a, b *ncloud.ServerImage) int { return compareImageNos(a.No, b.No) })
	taken := map[string]string{}
	for _, img := range imgs {
		skip := func(why string) {
			res.Skipped = append(res.Skipped, Skipped{Region: code, Name: img.Name, No: img.No, Why: why})
		}
		if why := notImportable(img); why != "" {
			skip(why)
			continue
		}
		if no, dup := taken[img.Name]; dup {
			skip("image " + no + " of the same name is imported instead (a catalog holds a name once per region)")
			continue
		}
		im := importedImage(img, code, o.Catalog, rs)
		if err := spec.Writable(o.Catalog, im); err != nil {
			skip("no catalog can hold it: " + err.Error())
			continue
		}
		taken[img.Name] = img.No
		res.Images = append(res.Images, im)
	}
}

// notImportable says why an image that is not ready is left out, or "".
func notImportable(img *ncloud.ServerImage) string {
	switch {
	case img.Ready():
		return ""
	case img.Failed():
		return "its create failed (CREFL)"
	case img.Terminating():
		return "it is being deleted"
	case img.Creating():
		return "it is still being created (INIT)"
	}
	return fmt.Sprintf("it is not ready (status %s, operation %s)", img.Status, img.Operation)
}

// compareImageNos orders image numbers as numbers (shorter first).
func compareImageNos(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return compareStrings(a, b)
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
	if len(img.SharedLoginIDs) > 0 {
		im.ShareWith = loginSet(img.SharedLoginIDs)
	}
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
