package emulator

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// state is the whole account; it is also the JSON layout of the state
// file written by [Emulator.SaveState].
type state struct {
	Version   int         `json:"version"`
	Accounts  []Account   `json:"accounts"`
	Regions   []region    `json:"regions"`
	Servers   []*server   `json:"servers"`
	Snapshots []*snapshot `json:"snapshots"`
	Images    []*image    `json:"images"`
	NextNo    int64       `json:"nextNo"`
}

const stateVersion = 1

type region struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type server struct {
	Region    string    `json:"region"`
	No        string    `json:"no"`
	Name      string    `json:"name"`
	Status    string    `json:"status"`
	Operation string    `json:"operation"`
	Disks     []disk    `json:"disks"`
	CreatedAt time.Time `json:"createdAt"`
	VpcNo     string    `json:"vpcNo,omitempty"`
	PublicIP  string    `json:"publicIp,omitempty"`
	PrivateIP string    `json:"privateIp,omitempty"`
}

// disk is one block storage of a server, at the order of its index.
type disk struct {
	SizeGB     int    `json:"sizeGB"`
	VolumeType string `json:"volumeType"`
}

type snapshot struct {
	Region     string    `json:"region"`
	No         string    `json:"no"`
	Name       string    `json:"name"`
	SizeGB     int       `json:"sizeGB"`
	Bootable   bool      `json:"bootable"`
	Status     string    `json:"status"`
	VolumeType string    `json:"volumeType"`
	CreatedAt  time.Time `json:"createdAt"`
}

// image is a server image. Its status is driven by the clock, not by
// timers: INIT until CreatedAt+CreateDelay, then CREAT (or CREFL when
// WillFail); once DeletedAt is set it is terminating until
// DeletedAt+DeleteDelay, then gone. That keeps the machine correct across
// restarts of a persisted emulator.
type image struct {
	Region      string      `json:"region"`
	No          string      `json:"no"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Status      string      `json:"status"`
	WillFail    bool        `json:"willFail,omitempty"`
	CreatedAt   time.Time   `json:"createdAt"`
	DeletedAt   *time.Time  `json:"deletedAt,omitempty"`
	Disks       []imageDisk `json:"disks"`
	// SharedLoginIDs are the accounts the image is shared with, in the
	// order they were added (absent in state files written before
	// sharing existed: not shared).
	SharedLoginIDs []string `json:"sharedLoginIds,omitempty"`
	// ServerNo is the server the image was made from (empty for seeded
	// images that name none, and in older state files).
	ServerNo string `json:"serverNo,omitempty"`
	// OddStatusName is the status name of an undocumented status (see
	// SetImageStatusCode).
	OddStatusName string `json:"oddStatusName,omitempty"`
}

type imageDisk struct {
	Order        int    `json:"order"`
	SnapshotNo   string `json:"snapshotNo"`
	SnapshotName string `json:"snapshotName"`
	SizeGB       int    `json:"sizeGB"`
	VolumeType   string `json:"volumeType"`
}

// Image is a copy of an emulated server image, for test assertions.
type Image struct {
	Region         string
	No             string
	Name           string
	Description    string
	Status         string // INIT | CREAT | CREFL
	Operation      string // CREAT while INIT, TERMT while terminating, else NULL
	StatusName     string // creating | created | createFailed | terminating
	CreatedAt      time.Time
	BlockStorages  []BlockStorage
	ServerNo       string   // the server it was made from; "" when unknown
	ShareStatus    string   // NULL, or SHARE while shared with at least one account
	SharedLoginIDs []string // accounts it is shared with, in the order added
}

// BlockStorage is one disk of an [Image]; sizes are GB here (the API
// lists bytes).
type BlockStorage struct {
	Order        int
	SnapshotNo   string
	SnapshotName string
	SizeGB       int
	VolumeType   string
}

const gib = int64(1) << 30

// Image statuses, operations and status names as the API reports them.
const (
	statusInit  = "INIT"
	statusCreat = "CREAT"
	statusCrefl = "CREFL"
	statusGone  = "GONE" // request log only: a deleted image disappeared
	opNull      = "NULL"
	opCreat     = "CREAT"
	opTermt     = "TERMT"
)

func (im *image) operation() string {
	switch {
	case im.DeletedAt != nil:
		return opTermt
	case im.Status == statusInit:
		return opCreat
	}
	return opNull
}

// Share statuses: NCP documents only NULL; SHARE is the emulator's
// guess for an image shared with at least one account.
const (
	shareNull  = "NULL"
	shareShare = "SHARE"
)

func (im *image) shareStatus() commonCode {
	if len(im.SharedLoginIDs) > 0 {
		return commonCode{shareShare, "NSI Share State"}
	}
	return commonCode{shareNull, "NSI Share NULL State"}
}

func (im *image) statusName() string {
	if n, ok := im.oddStatusName(); ok {
		return n
	}
	switch {
	case im.DeletedAt != nil:
		return "terminating"
	case im.Status == statusInit:
		return "creating"
	case im.Status == statusCrefl:
		return "createFailed"
	}
	return "created"
}

func (im *image) public() Image {
	out := Image{
		Region: im.Region, No: im.No, Name: im.Name, Description: im.Description,
		Status: im.Status, Operation: im.operation(), StatusName: im.statusName(),
		CreatedAt: im.CreatedAt, ServerNo: im.ServerNo, ShareStatus: im.shareStatus().Code,
		SharedLoginIDs: append([]string(nil), im.SharedLoginIDs...),
	}
	for _, d := range im.Disks {
		out.BlockStorages = append(out.BlockStorages, BlockStorage(d))
	}
	return out
}

// advance moves every image along the state machine to time now.
// Callers hold e.mu.
func (e *Emulator) advance(now time.Time) {
	kept := e.st.Images[:0]
	for _, im := range e.st.Images {
		if im.DeletedAt != nil && !now.Before(im.DeletedAt.Add(e.opts.DeleteDelay)) {
			e.logTransition(im, im.Status, statusGone)
			continue
		}
		if im.Status == statusInit && im.DeletedAt == nil && !now.Before(im.CreatedAt.Add(e.opts.CreateDelay)) {
			im.Status = statusCreat
			if im.WillFail {
				im.Status = statusCrefl
			}
			e.logTransition(im, statusInit, im.Status)
		}
		kept = append(kept, im)
	}
	clear(e.st.Images[len(kept):])
	e.st.Images = kept
}

// maxNo is the largest number the emulator generates, and the largest
// snapshot number it accepts: the official SDK reads
// blockStorageMappingList[].blockStorageSnapshotInstanceNo as an int32.
const maxNo = math.MaxInt32

// newNo hands out the next object number. Callers hold e.mu and have
// checked with numbersLeft that there is one.
func (e *Emulator) newNo() string {
	n := e.st.NextNo
	e.st.NextNo++
	return strconv.FormatInt(n, 10)
}

// numbersLeft reports whether n more numbers can be generated without
// passing maxNo. Callers hold e.mu.
func (e *Emulator) numbersLeft(n int) bool { return e.st.NextNo+int64(n)-1 <= maxNo }

// Images returns a copy of the images of a region in creation order, with
// their status as of now.
func (e *Emulator) Images(region string) []Image {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.advance(e.now())
	var out []Image
	for _, im := range e.st.Images {
		if im.Region == region {
			out = append(out, im.public())
		}
	}
	return out
}

// SetImageStatus forces the status of the image named name in region:
// CREAT and CREFL are final; INIT restarts the create clock, so the image
// becomes CREAT again after CreateDelay (set a long delay with
// [Emulator.UpdateOptions] to keep it INIT).
func (e *Emulator) SetImageStatus(region, name, status string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch status {
	case statusInit, statusCreat, statusCrefl:
	default:
		return fmt.Errorf("set image status: unknown status %q (want INIT, CREAT or CREFL)", status)
	}
	e.advance(e.now())
	found := false
	for _, im := range e.st.Images {
		if im.Region == region && im.Name == name && im.DeletedAt == nil {
			if im.Status != status {
				e.logTransition(im, im.Status, status)
			}
			im.Status, im.WillFail, found = status, false, true
			if status == statusInit {
				im.CreatedAt = e.now()
			}
		}
	}
	if !found {
		return fmt.Errorf("set image status: no image %q in region %q", name, region)
	}
	return nil
}

func (e *Emulator) findRegion(code string) bool {
	for _, r := range e.st.Regions {
		if r.Code == code {
			return true
		}
	}
	return false
}

func (e *Emulator) findServer(region, no string) *server {
	for _, s := range e.st.Servers {
		if s.Region == region && s.No == no {
			return s
		}
	}
	return nil
}

func (e *Emulator) findSnapshot(region, no string) *snapshot {
	for _, s := range e.st.Snapshots {
		if s.Region == region && s.No == no {
			return s
		}
	}
	return nil
}

// nameTaken reports whether a live image in region already has name.
// Terminating images still hold their name until they are gone.
func (e *Emulator) nameTaken(region, name string) bool {
	for _, im := range e.st.Images {
		if im.Region == region && im.Name == name {
			return true
		}
	}
	return false
}

// opImaging is the operation a server lists while one of its images is
// INIT, with BusyWhileImaging; NCP documents none, so it is a guess.
const opImaging = "CREAT"

// serverOperation is the operation a server lists now: its own, or
// opImaging while BusyWhileImaging is set and an image made from it is
// INIT (and not being deleted). Callers hold e.mu and have advanced the
// state machine.
func (e *Emulator) serverOperation(s *server) string {
	if s.Operation != opNull || !e.opts.BusyWhileImaging {
		return s.Operation
	}
	for _, im := range e.st.Images {
		if im.ServerNo == s.No && im.Region == s.Region && im.Status == statusInit && im.DeletedAt == nil {
			return opImaging
		}
	}
	return s.Operation
}
