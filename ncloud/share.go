package ncloud

import "context"

// AddServerImageSharingPermission shares a VPC server image with other
// NCP accounts by login ID (addServerImageSharingPermission,
// targetLoginIdList.N). Sharing is idempotent (adding an account already
// listed changes nothing), so unlike a create the call is retried as a
// read is: on throttling, transient codes and network errors. An empty
// list sends nothing.
func (c *Client) AddServerImageSharingPermission(ctx context.Context, region, imageNo string, loginIDs []string) error {
	return c.share(ctx, "addServerImageSharingPermission", region, imageNo, loginIDs)
}

// RemoveServerImageSharingPermission stops sharing a server image with
// the given accounts (removeServerImageSharingPermission). Retried like
// [Client.AddServerImageSharingPermission]; an empty list sends nothing.
func (c *Client) RemoveServerImageSharingPermission(ctx context.Context, region, imageNo string, loginIDs []string) error {
	return c.share(ctx, "removeServerImageSharingPermission", region, imageNo, loginIDs)
}

func (c *Client) share(ctx context.Context, action, region, imageNo string, loginIDs []string) error {
	if len(loginIDs) == 0 {
		return nil
	}
	p := newForm()
	p.setNonEmpty("regionCode", c.regionOr(region))
	p.set("serverImageNo", imageNo)
	p.setList("targetLoginIdList", loginIDs)
	var r listResponse
	return c.do(ctx, action, p, &r)
}
