package emulator

import "net/http"

// maxPageSize is the largest pageSize the API accepts.
const maxPageSize = 1000

// page cuts one page out of all. With neither pageNo nor pageSize every
// row is returned; pageNo 0 and 1 both mean the first page; pageNo needs
// a pageSize (the docs mark it required then).
func page[T any](p params, all []T) ([]T, *apiError) {
	no, hasNo, err := intParam(p.str("pageNo"))
	if err != nil || no < 0 || no > maxNo { // docs: 0..2147483647 (the SDK sends an int32)
		return nil, badRequest(codeInvalidParam, "Invalid pageNo %q.", p.str("pageNo"))
	}
	size, hasSize, err := intParam(p.str("pageSize"))
	switch {
	case err != nil || (hasSize && (size < 1 || size > maxPageSize)):
		return nil, badRequest(codeInvalidParam, "pageSize must be between 1 and %d.", maxPageSize)
	case hasNo && !hasSize:
		return nil, badRequest(codeInvalidParam, "pageSize is required when pageNo is given.")
	case !hasSize:
		return all, nil
	}
	start := (int64(max(no, 1)) - 1) * int64(size) // at most 2^31 * 1000: no overflow
	if start >= int64(len(all)) {
		return []T{}, nil
	}
	return all[start:min(int(start)+size, len(all))], nil
}

// listed pages the matching objects, renders the page with wire and
// wraps it as a result under key (rendering only the page keeps big
// lists cheap).
func listed[T, W any](p params, key string, rows []T, wire func(T) W) (result, *apiError) {
	pg, aerr := page(p, rows)
	if aerr != nil {
		return result{}, aerr
	}
	out := make([]W, len(pg))
	for i, r := range pg {
		out[i] = wire(r)
	}
	return result{listKey: key, list: out, totalRows: len(rows)}, nil
}

func (e *Emulator) getRegionList(p params, _ string) (result, *apiError) {
	return listed(p, "regionList", e.st.Regions, func(r region) wireRegion { return wireRegion{r.Code, r.Name} })
}

// getServerInstanceList applies the documented filters; ip matches the
// public or the private address, as the docs say.
func (e *Emulator) getServerInstanceList(p params, region string) (result, *apiError) {
	nos, hyps := p.list("serverInstanceNoList"), p.list("hypervisorTypeCodeList")
	name, status := p.str("serverName"), p.str("serverInstanceStatusCode")
	vpc, ip := p.str("vpcNo"), p.str("ip")
	var rows []*server
	for _, s := range e.st.Servers {
		if s.Region == region && contains(nos, s.No) && (name == "" || s.Name == name) &&
			(status == "" || s.Status == status) && (vpc == "" || s.VpcNo == vpc) &&
			(ip == "" || s.PublicIP == ip || s.PrivateIP == ip) && contains(hyps, hypervisor) {
			rows = append(rows, s)
		}
	}
	return listed(p, "serverInstanceList", rows, e.wireServer)
}

func (e *Emulator) getServerInstanceDetail(p params, region string) (result, *apiError) {
	no := p.str("serverInstanceNo")
	if no == "" {
		return result{}, required("serverInstanceNo")
	}
	var rows []*server
	if s := e.findServer(region, no); s != nil {
		rows = append(rows, s)
	}
	return listed(params{}, "serverInstanceList", rows, e.wireServer)
}

// getSnapshotList applies the documented filters. Rows list sizes in
// bytes, but blockStorageSnapshotVolumeSize is in GB and keeps the
// snapshots of at most that size (the vserver docs: "입력한 GB 단위
// 사이즈 이하").
func (e *Emulator) getSnapshotList(p params, region string) (result, *apiError) {
	nos, hyps := p.list("blockStorageSnapshotInstanceNoList"), p.list("hypervisorTypeCodeList")
	name, status := p.str("blockStorageSnapshotName"), p.str("blockStorageSnapshotInstanceStatusCode")
	bootable, err := boolParam(p.str("isBootable"))
	if err != nil {
		return result{}, badRequest(codeInvalidParam, "Invalid isBootable %q.", p.str("isBootable"))
	}
	maxGB, hasMax, err := int64Param(p.str("blockStorageSnapshotVolumeSize"))
	if err != nil {
		return result{}, badRequest(codeInvalidParam, "Invalid blockStorageSnapshotVolumeSize %q.", p.str("blockStorageSnapshotVolumeSize"))
	}
	var rows []*snapshot
	for _, s := range e.st.Snapshots {
		if s.Region == region && contains(nos, s.No) && (name == "" || s.Name == name) &&
			(status == "" || s.Status == status) && (!p.has("isBootable") || s.Bootable == bootable) &&
			(!hasMax || int64(s.SizeGB) <= maxGB) && contains(hyps, hypervisor) {
			rows = append(rows, s)
		}
	}
	return listed(p, "blockStorageSnapshotInstanceList", rows, (*snapshot).wire)
}

func (e *Emulator) getSnapshotDetail(p params, region string) (result, *apiError) {
	no := p.str("blockStorageSnapshotInstanceNo")
	if no == "" {
		return result{}, required("blockStorageSnapshotInstanceNo")
	}
	var rows []*snapshot
	if s := e.findSnapshot(region, no); s != nil {
		rows = append(rows, s)
	}
	return listed(params{}, "blockStorageSnapshotInstanceList", rows, (*snapshot).wire)
}

// getServerImageList lists "My server images": every emulated image is
// of type SELF, hypervisor KVM, OS type UBUNTU and platform category OS,
// so a code-list filter without that value matches nothing.
func (e *Emulator) getServerImageList(p params, region string) (result, *apiError) {
	nos := p.list("serverImageNoList")
	name, status := p.str("serverImageName"), p.str("serverImageStatusCode")
	codes := contains(p.list("serverImageTypeCodeList"), imageType) &&
		contains(p.list("hypervisorTypeCodeList"), hypervisor) &&
		contains(p.list("osTypeCodeList"), imageOSType) &&
		contains(p.list("platformCategoryCodeList"), imagePlatformCategory)
	rows := make([]*image, 0, len(e.st.Images)) // one allocation, however many match
	for _, im := range e.st.Images {
		if codes && im.Region == region && contains(nos, im.No) &&
			(name == "" || im.Name == name) && (status == "" || im.Status == status) {
			rows = append(rows, im)
		}
	}
	return listed(p, "serverImageList", rows, (*image).wire)
}

// getServerImageDetail answers an unknown number with 200 and an empty
// list, which is how NCP reports "gone" (ncp-api.md §5.3).
func (e *Emulator) getServerImageDetail(p params, region string) (result, *apiError) {
	no := p.str("serverImageNo")
	if no == "" {
		return result{}, required("serverImageNo")
	}
	var rows []*image
	for _, im := range e.st.Images {
		if im.Region == region && im.No == no {
			rows = append(rows, im)
		}
	}
	return listed(params{}, "serverImageList", rows, (*image).wire)
}

// deleteServerImage marks images terminating; they disappear after
// DeleteDelay. Deleting an image that is already terminating is 25013.
func (e *Emulator) deleteServerImage(p params, region string) (result, *apiError) {
	nos := p.list("serverImageNoList")
	if len(nos) == 0 {
		return result{}, required("serverImageNoList.1")
	}
	var targets []*image
	for _, no := range nos {
		im := e.findImage(region, no)
		switch {
		case im == nil:
			return result{}, badRequest(codeImageNotFound, "Server image %q not found.", no)
		case im.DeletedAt != nil:
			return result{}, badRequest(codeInOperation, "Server image %q is already being terminated.", no)
		}
		targets = append(targets, im)
	}
	now := e.now()
	for _, im := range targets {
		im.DeletedAt = &now
	}
	return listed(params{}, "serverImageList", targets, (*image).wire)
}

func (e *Emulator) findImage(region, no string) *image {
	for _, im := range e.st.Images {
		if im.Region == region && im.No == no {
			return im
		}
	}
	return nil
}

func required(name string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: codeInvalidParam, message: name + " is required."}
}
