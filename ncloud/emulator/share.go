package emulator

// addSharing shares an image with accounts (addServerImageSharingPermission,
// ncp-api.md §6.10). NCP documents neither its rules nor its codes, so
// these are the emulator's guesses: the image must be CREAT and not
// terminating, targetLoginIdList must name at least one account, and
// adding an account already listed changes nothing (success).
func (e *Emulator) addSharing(p params, region string) (result, *apiError) {
	im, ids, aerr := e.sharingTarget(p, region)
	if aerr != nil {
		return result{}, aerr
	}
	for _, id := range ids {
		if !has(im.SharedLoginIDs, id) {
			im.SharedLoginIDs = append(im.SharedLoginIDs, id)
		}
	}
	return listed(params{}, "serverImageList", []*image{im}, (*image).wire)
}

// removeSharing stops sharing an image with accounts
// (removeServerImageSharingPermission); removing an account that is not
// listed changes nothing (success). Same rules as addSharing.
func (e *Emulator) removeSharing(p params, region string) (result, *apiError) {
	im, ids, aerr := e.sharingTarget(p, region)
	if aerr != nil {
		return result{}, aerr
	}
	kept := im.SharedLoginIDs[:0]
	for _, id := range im.SharedLoginIDs {
		if !has(ids, id) {
			kept = append(kept, id)
		}
	}
	im.SharedLoginIDs = kept
	if len(kept) == 0 {
		im.SharedLoginIDs = nil
	}
	return listed(params{}, "serverImageList", []*image{im}, (*image).wire)
}

// sharingTarget checks the parameters of both sharing actions, in the
// order a user would fix them, and returns the image and the login IDs.
func (e *Emulator) sharingTarget(p params, region string) (*image, []string, *apiError) {
	no := p.str("serverImageNo")
	if no == "" {
		return nil, nil, required("serverImageNo")
	}
	ids := p.list("targetLoginIdList")
	if len(ids) == 0 {
		return nil, nil, badRequest(codeNoTargets, "targetLoginIdList.1 is required.")
	}
	for _, id := range ids {
		if id == "" {
			return nil, nil, badRequest(codeNoTargets, "targetLoginIdList has an empty login ID.")
		}
	}
	im := e.findImage(region, no)
	switch {
	case im == nil:
		return nil, nil, badRequest(codeImageNotFound, "Server image %q not found.", no)
	case im.DeletedAt != nil:
		return nil, nil, badRequest(codeImageState, "Server image %q is being terminated.", no)
	case im.Status != statusCreat:
		return nil, nil, badRequest(codeImageState, "Server image %q cannot be shared in status %s; wait until it is CREAT.", no, im.Status)
	}
	return im, ids, nil
}

func has(set []string, v string) bool {
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}
