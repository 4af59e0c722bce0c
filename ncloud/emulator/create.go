package emulator

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
)

// Limits of createServerImage (ncp-api.md §6.3).
const (
	maxStorages       = 21
	maxOrder          = 20
	maxDescription    = 1000 // bytes
	minEmptySizeGB    = 10
	minStorageSizeGB  = 10 // KVM block storage: 10-16380 GB in 10 GB steps (ncp-api.md)
	maxStorageSizeGB  = 16380
	storageSizeStepGB = 10
	minImageNameChars = 3
	maxImageNameChars = 30
)

// imageNamePattern is the rule ncpimage keeps (docs/ncp-api.md §13.5):
// English letters of either case, digits and '-', starting with a letter
// and ending with a letter or a digit; the createServerImage pages
// disagree on '_' and on capitals, so this is an assumption. Accounts may still hold names an
// older rule or the console allowed (seed them to test import).
var imageNamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$`)

// createServerImage validates the request in the order a user would fix
// it (name, description, server, duplicate, storages) and stores a new
// INIT image. The image's disks start as the server's disks; each
// blockStorageList entry replaces (snapshot, empty) or removes (no
// storage) the disk at its order.
func (e *Emulator) createServerImage(p params, region string) (result, *apiError) {
	name, desc := p.str("serverImageName"), p.str("serverImageDescription")
	if aerr := checkName(name); aerr != nil {
		return result{}, aerr
	}
	if len(desc) > maxDescription {
		return result{}, badRequest(codeDescription, "serverImageDescription must be at most %d bytes (got %d).", maxDescription, len(desc))
	}
	srv, aerr := e.sourceServer(region, p.str("serverInstanceNo"))
	if aerr != nil {
		return result{}, aerr
	}
	if !e.opts.AllowDuplicateNames && e.nameTaken(region, name) {
		return result{}, badRequest(codeDuplicateName, "Server image name %q is already in use.", name)
	}
	entries, aerr := parseStorages(p)
	if aerr != nil {
		return result{}, aerr
	}
	disks, aerr := e.layout(region, srv, entries)
	if aerr != nil {
		return result{}, aerr
	}
	if !e.numbersLeft(1 + unnumbered(disks)) {
		return result{}, &apiError{status: http.StatusInternalServerError, code: codeNoNumbers,
			message: fmt.Sprintf("No object numbers left at or below %d.", maxNo)}
	}
	im := &image{
		Region: region, No: e.newNo(), Name: name, Description: desc, Status: statusInit,
		WillFail: e.chance(e.opts.CreateFailureRate), CreatedAt: e.now(), Disks: disks, ServerNo: srv.No,
	}
	e.numberDisks(im.Disks)
	e.st.Images = append(e.st.Images, im)
	return listed(params{}, "serverImageList", []*image{im}, (*image).wire)
}

func checkName(name string) *apiError {
	switch {
	case name == "":
		return required("serverImageName")
	case len(name) < minImageNameChars || len(name) > maxImageNameChars:
		return badRequest(codeInvalidName, "serverImageName must be %d to %d characters long.", minImageNameChars, maxImageNameChars)
	case !imageNamePattern.MatchString(name):
		return badRequest(codeInvalidName, "serverImageName may contain only English letters, digits and '-', must start with a letter and end with a letter or a digit.")
	}
	return nil
}

// sourceServer finds the server to image: it must be RUN or NSTOP with
// no operation in progress.
func (e *Emulator) sourceServer(region, no string) (*server, *apiError) {
	if no == "" {
		return nil, required("serverInstanceNo")
	}
	srv := e.findServer(region, no)
	switch {
	case srv == nil:
		return nil, badRequest(codeServerNotFound, "Server instance %q not found.", no)
	case srv.Status != "RUN" && srv.Status != "NSTOP":
		return nil, badRequest(codeServerState, "Server instance %q must be running or stopped (status %s).", no, srv.Status)
	case e.serverOperation(srv) != opNull:
		return nil, badRequest(codeInOperation, "Server instance %q is in operation (%s); try again later.", no, e.serverOperation(srv))
	}
	return srv, nil
}

// layout builds the image's disks from the server's and the entries.
func (e *Emulator) layout(region string, srv *server, entries []storageEntry) ([]imageDisk, *apiError) {
	byOrder := map[int]imageDisk{}
	for i, d := range srv.Disks {
		byOrder[i] = imageDisk{Order: i, SizeGB: d.SizeGB, VolumeType: d.VolumeType}
	}
	for _, en := range entries {
		if en.exclude {
			delete(byOrder, en.order)
			continue
		}
		d, aerr := e.storage(region, en)
		if aerr != nil {
			return nil, aerr
		}
		byOrder[en.order] = d
	}
	out := make([]imageDisk, 0, len(byOrder))
	for _, d := range byOrder {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Order < out[j].Order })
	return out, nil
}

// unnumbered counts the disks numberDisks will number.
func unnumbered(disks []imageDisk) int {
	n := 0
	for _, d := range disks {
		if d.SnapshotNo == "" {
			n++
		}
	}
	return n
}

// numberDisks gives every disk that is not from an existing snapshot
// (server disks, new empty storages) a snapshot number of its own, as
// NCP snapshots each disk of an image.
func (e *Emulator) numberDisks(disks []imageDisk) {
	for i := range disks {
		if disks[i].SnapshotNo == "" {
			disks[i].SnapshotNo = e.newNo()
		}
	}
}

// storage turns one checked entry into a disk: from a snapshot, or new
// and empty.
func (e *Emulator) storage(region string, en storageEntry) (imageDisk, *apiError) {
	if en.snapshotNo == "" {
		return imageDisk{Order: en.order, SizeGB: en.size, VolumeType: en.volumeType}, nil
	}
	snap := e.findSnapshot(region, en.snapshotNo)
	switch {
	case snap == nil:
		return imageDisk{}, badRequest(codeSnapshotMissing, "Block storage snapshot %q not found.", en.snapshotNo)
	case snap.Status != statusCreat:
		return imageDisk{}, badRequest(codeSnapshotState, "Block storage snapshot %q is not available (status %s).", snap.No, snap.Status)
	case en.order == 0 && !snap.Bootable:
		return imageDisk{}, badRequest(codeNotBootable, "Block storage snapshot %q is not bootable and cannot be the base storage (order 0).", snap.No)
	case en.hasSize && en.size < snap.SizeGB:
		return imageDisk{}, badRequest(codeSizeTooSmall, "blockStorageSize %d GB of order %d is smaller than snapshot %q (%d GB).", en.size, en.order, snap.No, snap.SizeGB)
	}
	d := imageDisk{Order: en.order, SnapshotNo: snap.No, SnapshotName: snap.Name, SizeGB: snap.SizeGB, VolumeType: snap.VolumeType}
	if en.hasSize {
		d.SizeGB = en.size
	}
	if en.volumeType != "" {
		d.VolumeType = en.volumeType
	}
	return d, nil
}
