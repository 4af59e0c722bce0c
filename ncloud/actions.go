package ncloud

import (
	"context"
	"fmt"
)

// GetRegionList lists the regions of the account (getRegionList).
func (c *Client) GetRegionList(ctx context.Context) ([]Region, error) {
	var r listResponse
	if err := c.do(ctx, "getRegionList", newForm(), &r); err != nil {
		return nil, err
	}
	out := make([]Region, 0, len(r.RegionList))
	for _, w := range r.RegionList {
		out = append(out, w.region())
	}
	return out, nil
}

// GetServerInstanceList lists the servers of a region ("" = the client's
// default) matching f, fetching every page. A Name filter matches exactly.
func (c *Client) GetServerInstanceList(ctx context.Context, region string, f ServerFilter) ([]ServerInstance, error) {
	region = c.regionOr(region)
	p := newForm()
	p.setNonEmpty("regionCode", region)
	p.setList("serverInstanceNoList", f.Nos)
	p.setNonEmpty("serverName", f.Name)
	rows, err := listAll(ctx, c, "getServerInstanceList", p,
		func(r *listResponse) []wireServer { return r.ServerInstanceList },
		func(w wireServer) string { return string(w.ServerInstanceNo) })
	if err != nil {
		return nil, err
	}
	out := make([]ServerInstance, 0, len(rows))
	for _, w := range rows {
		if f.Name == "" || w.ServerName == f.Name {
			out = append(out, w.server(region))
		}
	}
	return out, nil
}

// GetBlockStorageSnapshotInstanceList lists the block-storage snapshots of
// a region matching f, fetching every page. A Name filter matches exactly.
func (c *Client) GetBlockStorageSnapshotInstanceList(ctx context.Context, region string, f SnapshotFilter) ([]Snapshot, error) {
	p := newForm()
	p.setNonEmpty("regionCode", c.regionOr(region))
	p.setList("blockStorageSnapshotInstanceNoList", f.Nos)
	p.setNonEmpty("blockStorageSnapshotName", f.Name)
	rows, err := listAll(ctx, c, "getBlockStorageSnapshotInstanceList", p,
		func(r *listResponse) []wireSnapshot { return r.BlockStorageSnapshotInstanceList },
		func(w wireSnapshot) string { return string(w.No) })
	if err != nil {
		return nil, err
	}
	out := make([]Snapshot, 0, len(rows))
	for _, w := range rows {
		if f.Name == "" || w.Name == f.Name {
			out = append(out, w.snapshot())
		}
	}
	return out, nil
}

// images converts wire images, keeping those named name when it is set.
func images(action string, rows []wireImage, name string) ([]ServerImage, error) {
	out := make([]ServerImage, 0, len(rows))
	for _, w := range rows {
		if name != "" && w.Name != name {
			continue
		}
		img, err := w.image()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", action, err)
		}
		out = append(out, img)
	}
	return out, nil
}
