package ncloud

import (
	"fmt"
	"time"
)

// createDateLayout is how NCP writes createDate: 2024-03-21T18:22:55+0900.
const createDateLayout = "2006-01-02T15:04:05-0700"

// listResponse is the inside of every envelope ncpimage reads: the
// common header plus the one list the action fills.
type listResponse struct {
	envelopeHeader
	RegionList                       []wireRegion   `json:"regionList"`
	ServerInstanceList               []wireServer   `json:"serverInstanceList"`
	BlockStorageSnapshotInstanceList []wireSnapshot `json:"blockStorageSnapshotInstanceList"`
	ServerImageList                  []wireImage    `json:"serverImageList"`
}

func (r *listResponse) reset() { *r = listResponse{} }

// commonCode is NCP's {"code", "codeName"}; only code is read: codeName
// depends on the account's locale, and skipping it saves a string per
// code on every row.
type commonCode struct {
	Code string `json:"code"`
}

type wireRegion struct {
	RegionCode string `json:"regionCode"`
	RegionName string `json:"regionName"`
}

type wireServer struct {
	ServerInstanceNo         flexString `json:"serverInstanceNo"`
	ServerName               string     `json:"serverName"`
	RegionCode               string     `json:"regionCode"`
	ServerInstanceStatus     commonCode `json:"serverInstanceStatus"`
	ServerInstanceOperation  commonCode `json:"serverInstanceOperation"`
	ServerInstanceStatusName string     `json:"serverInstanceStatusName"`
}

type wireSnapshot struct {
	No         flexString `json:"blockStorageSnapshotInstanceNo"`
	Name       string     `json:"blockStorageSnapshotName"`
	VolumeSize int64      `json:"blockStorageSnapshotVolumeSize"`
	Status     commonCode `json:"blockStorageSnapshotInstanceStatus"`
	Operation  commonCode `json:"blockStorageSnapshotInstanceOperation"`
	IsBootable bool       `json:"isBootable"`
	VolumeType commonCode `json:"blockStorageVolumeType"`
}

type wireImage struct {
	No          flexString    `json:"serverImageNo"`
	Name        string        `json:"serverImageName"`
	Description string        `json:"serverImageDescription"`
	Type        commonCode    `json:"serverImageType"`
	Status      commonCode    `json:"serverImageStatus"`
	Operation   commonCode    `json:"serverImageOperation"`
	StatusName  string        `json:"serverImageStatusName"`
	CreateDate  string        `json:"createDate"`
	Mappings    []wireMapping `json:"blockStorageMappingList"`
	ShareStatus commonCode    `json:"shareStatus"`
	SharedIDs   []string      `json:"sharedLoginIdList"`
}

type wireMapping struct {
	Order        int        `json:"order"`
	SnapshotNo   flexString `json:"blockStorageSnapshotInstanceNo"`
	SnapshotName string     `json:"blockStorageSnapshotName"`
	Size         int64      `json:"blockStorageSize"`
	Name         string     `json:"blockStorageName"`
	VolumeType   commonCode `json:"blockStorageVolumeType"`
}

func (w wireRegion) region() Region { return Region{Code: w.RegionCode, Name: w.RegionName} }

func (w wireServer) server(region string) ServerInstance {
	if w.RegionCode != "" {
		region = w.RegionCode
	}
	return ServerInstance{
		No: string(w.ServerInstanceNo), Name: w.ServerName, Region: region,
		Status: ServerStatus(w.ServerInstanceStatus.Code), Operation: Operation(w.ServerInstanceOperation.Code),
		StatusName: w.ServerInstanceStatusName,
	}
}

func (w wireSnapshot) snapshot() Snapshot {
	return Snapshot{
		No: string(w.No), Name: w.Name, SizeBytes: w.VolumeSize,
		Status: SnapshotStatus(w.Status.Code), Operation: Operation(w.Operation.Code),
		Bootable: w.IsBootable, VolumeType: w.VolumeType.Code,
	}
}

func (w wireImage) image() (ServerImage, error) {
	created, err := parseCreateDate(w.CreateDate)
	if err != nil {
		return ServerImage{}, fmt.Errorf("image %s: %w", w.No, err)
	}
	img := ServerImage{
		No: string(w.No), Name: w.Name, Description: w.Description, Type: w.Type.Code,
		Status: ImageStatus(w.Status.Code), Operation: Operation(w.Operation.Code), StatusName: w.StatusName, CreateDate: created,
		ShareStatus: w.ShareStatus.Code, SharedLoginIDs: w.SharedIDs,
	}
	for _, m := range w.Mappings {
		img.BlockStorages = append(img.BlockStorages, BlockStorageMapping{
			Order: m.Order, SnapshotInstanceNo: string(m.SnapshotNo), SnapshotName: m.SnapshotName,
			SizeBytes: m.Size, Name: m.Name, VolumeType: m.VolumeType.Code,
		})
	}
	return img, nil
}

// parseCreateDate reads NCP's layout, and RFC 3339 as a fallback; "" is
// the zero time.
func parseCreateDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(createDateLayout, s)
	if err == nil {
		return t, nil
	}
	if t, err2 := time.Parse(time.RFC3339, s); err2 == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("createDate %q: want the layout %s", clean(s), createDateLayout)
}
