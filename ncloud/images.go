package ncloud

import (
	"context"
	"fmt"
)

// GetServerImageList lists the account's own server images
// (serverImageTypeCodeList.1=SELF) in a region matching f, fetching every
// page (pageSize 1000). A Name filter matches exactly (NCP does not
// document whether its own filter is exact, so the client checks).
func (c *Client) GetServerImageList(ctx context.Context, region string, f ImageFilter) ([]ServerImage, error) {
	const action = "getServerImageList"
	p := newForm()
	p.setNonEmpty("regionCode", c.regionOr(region))
	p.set("serverImageTypeCodeList.1", imageTypeSelf)
	p.setList("serverImageNoList", f.Nos)
	p.setNonEmpty("serverImageName", f.Name)
	p.setNonEmpty("serverImageStatusCode", string(f.Status))
	rows, err := listAll(ctx, c, action, p,
		func(r *listResponse) []wireImage { return r.ServerImageList },
		func(w wireImage) string { return string(w.No) })
	if err != nil {
		return nil, err
	}
	return images(action, rows, f.Name)
}

// CreateServerImage starts the creation of a server image and returns it
// as NCP answered (status INIT). It is sent again only after a gateway
// throttling answer or a connection refused; any failure after the request
// may have reached NCP is an [*OutcomeUnknownError], and the caller must
// list by name to learn whether the image exists.
func (c *Client) CreateServerImage(ctx context.Context, in CreateImageInput) (*ServerImage, error) {
	const action = "createServerImage"
	p := newForm()
	p.setNonEmpty("regionCode", c.regionOr(in.Region))
	p.set("serverInstanceNo", in.ServerInstanceNo)
	p.set("serverImageName", in.Name)
	p.setNonEmpty("serverImageDescription", in.Description)
	p.setBlockStorages(in.BlockStorages)
	var r listResponse
	if err := c.do(ctx, action, p, &r); err != nil {
		return nil, err
	}
	if len(r.ServerImageList) == 0 {
		// Accepted, but we cannot say which image it made.
		return nil, &OutcomeUnknownError{Action: action, Err: fmt.Errorf("%s: answer lists no image", action)}
	}
	imgs, err := images(action, r.ServerImageList[:1], "")
	if err != nil {
		return nil, &OutcomeUnknownError{Action: action, Err: err}
	}
	return &imgs[0], nil
}

// DeleteServerImage asks NCP to delete the given images (an empty list
// sends nothing). Like [Client.CreateServerImage] it is never retried
// blindly: an ambiguous failure is an [*OutcomeUnknownError].
func (c *Client) DeleteServerImage(ctx context.Context, region string, nos []string) error {
	if len(nos) == 0 {
		return nil
	}
	p := newForm()
	p.setNonEmpty("regionCode", c.regionOr(region))
	p.setList("serverImageNoList", nos)
	var r listResponse
	return c.do(ctx, "deleteServerImage", p, &r)
}
