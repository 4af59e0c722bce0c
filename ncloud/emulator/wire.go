package emulator

import (
	"strconv"
	"time"
)

// Wire shapes of the objects the API lists, as ncp-api.md §6 describes
// them: ids are digit strings, sizes are bytes, codes are CommonCode.

type commonCode struct {
	Code     string `json:"code"`
	CodeName string `json:"codeName"`
}

type wireRegion struct {
	RegionCode string `json:"regionCode"`
	RegionName string `json:"regionName"`
}

type wireServer struct {
	ServerInstanceNo         string     `json:"serverInstanceNo"`
	ServerName               string     `json:"serverName"`
	ServerDescription        string     `json:"serverDescription"`
	CPUCount                 int        `json:"cpuCount"`
	MemorySize               int64      `json:"memorySize"`
	PlatformType             commonCode `json:"platformType"`
	ServerInstanceStatus     commonCode `json:"serverInstanceStatus"`
	ServerInstanceOperation  commonCode `json:"serverInstanceOperation"`
	ServerInstanceStatusName string     `json:"serverInstanceStatusName"`
	CreateDate               string     `json:"createDate"`
	ZoneCode                 string     `json:"zoneCode"`
	RegionCode               string     `json:"regionCode"`
	VpcNo                    string     `json:"vpcNo"`
	PublicIP                 string     `json:"publicIp"`
	HypervisorType           commonCode `json:"hypervisorType"`
}

type wireSnapshot struct {
	BlockStorageSnapshotInstanceNo         string     `json:"blockStorageSnapshotInstanceNo"`
	BlockStorageSnapshotName               string     `json:"blockStorageSnapshotName"`
	BlockStorageSnapshotVolumeSize         int64      `json:"blockStorageSnapshotVolumeSize"`
	BlockStorageSnapshotInstanceStatus     commonCode `json:"blockStorageSnapshotInstanceStatus"`
	BlockStorageSnapshotInstanceOperation  commonCode `json:"blockStorageSnapshotInstanceOperation"`
	BlockStorageSnapshotInstanceStatusName string     `json:"blockStorageSnapshotInstanceStatusName"`
	CreateDate                             string     `json:"createDate"`
	IsEncryptedOriginalBlockStorageVolume  bool       `json:"isEncryptedOriginalBlockStorageVolume"`
	IsBootable                             bool       `json:"isBootable"`
	BlockStorageVolumeType                 commonCode `json:"blockStorageVolumeType"`
	HypervisorType                         commonCode `json:"hypervisorType"`
}

type wireImage struct {
	ServerImageNo           string        `json:"serverImageNo"`
	ServerImageName         string        `json:"serverImageName"`
	ServerImageDescription  string        `json:"serverImageDescription"`
	ServerImageProductCode  string        `json:"serverImageProductCode"`
	ServerImageType         commonCode    `json:"serverImageType"`
	HypervisorType          commonCode    `json:"hypervisorType"`
	CPUArchitectureType     commonCode    `json:"cpuArchitectureType"`
	OSCategoryType          commonCode    `json:"osCategoryType"`
	OSType                  commonCode    `json:"osType"`
	ServerImageStatus       commonCode    `json:"serverImageStatus"`
	ServerImageOperation    commonCode    `json:"serverImageOperation"`
	ServerImageStatusName   string        `json:"serverImageStatusName"`
	CreateDate              string        `json:"createDate"`
	ShareStatus             commonCode    `json:"shareStatus"`
	SharedLoginIDList       []string      `json:"sharedLoginIdList"`
	PlatformCategoryCode    string        `json:"platformCategoryCode"`
	BlockStorageMappingList []wireMapping `json:"blockStorageMappingList"`
}

// wireMapping is one disk of an image. blockStorageSnapshotInstanceNo is
// a JSON number here, unlike every other id (ncp-api.md §4.3), and the
// official SDK reads it as an int32: the emulator keeps snapshot numbers
// at or below maxNo.
type wireMapping struct {
	Order                          int        `json:"order"`
	BlockStorageSnapshotInstanceNo int32      `json:"blockStorageSnapshotInstanceNo"`
	BlockStorageSnapshotName       string     `json:"blockStorageSnapshotName"`
	BlockStorageSize               int64      `json:"blockStorageSize"`
	BlockStorageName               string     `json:"blockStorageName"`
	BlockStorageVolumeType         commonCode `json:"blockStorageVolumeType"`
	IOPS                           int        `json:"iops"`
	Throughput                     int64      `json:"throughput"`
	IsEncryptedVolume              bool       `json:"isEncryptedVolume"`
}

// kst is the zone real createDate values are written in.
var kst = time.FixedZone("KST", 9*60*60)

func createDate(t time.Time) string { return t.In(kst).Format("2006-01-02T15:04:05-0700") }

// The codes every emulated object carries; the list filters on
// hypervisorTypeCodeList, serverImageTypeCodeList, osTypeCodeList and
// platformCategoryCodeList compare with them.
const (
	hypervisor            = "KVM"
	imageType             = "SELF"
	imageOSType           = "UBUNTU"
	imagePlatformCategory = "OS"
)

var kvm = commonCode{hypervisor, "KVM"}

var volumeTypeNames = map[string]string{
	"CB1": "Common BlockStorage 1",
	"CB2": "Common BlockStorage 2",
	"FB1": "Flexible BlockStorage 1",
	"FB2": "Flexible BlockStorage 2",
}

func volumeType(code string) commonCode { return commonCode{code, volumeTypeNames[code]} }

var serverStatusNames = map[string]string{
	"INIT": "init", "CREAT": "creating", "RUN": "running", "NSTOP": "stopped",
}

// wireServer renders a server as listed now: its operation is the
// seeded one, or CREAT while one of its images is INIT when
// BusyWhileImaging is set. Callers hold e.mu.
func (e *Emulator) wireServer(s *server) wireServer {
	w := s.wire()
	if op := e.serverOperation(s); op != s.Operation {
		w.ServerInstanceOperation = commonCode{op, "Server " + op + " OP"}
	}
	return w
}

func (s *server) wire() wireServer {
	return wireServer{
		ServerInstanceNo: s.No, ServerName: s.Name,
		CPUCount: 2, MemorySize: 4 * gib,
		PlatformType:             commonCode{"UBD64", "Ubuntu Desktop 64 Bit"},
		ServerInstanceStatus:     commonCode{s.Status, "Server " + s.Status + " State"},
		ServerInstanceOperation:  commonCode{s.Operation, "Server " + s.Operation + " OP"},
		ServerInstanceStatusName: serverStatusNames[s.Status],
		CreateDate:               createDate(s.CreatedAt),
		ZoneCode:                 s.Region + "-1", RegionCode: s.Region, HypervisorType: kvm,
		VpcNo: s.VpcNo, PublicIP: s.PublicIP,
	}
}

func (s *snapshot) wire() wireSnapshot {
	name := "created"
	if s.Status == statusInit {
		name = "creating"
	}
	return wireSnapshot{
		BlockStorageSnapshotInstanceNo: s.No, BlockStorageSnapshotName: s.Name,
		BlockStorageSnapshotVolumeSize:         int64(s.SizeGB) * gib,
		BlockStorageSnapshotInstanceStatus:     commonCode{s.Status, "Snapshot " + s.Status + " state"},
		BlockStorageSnapshotInstanceOperation:  commonCode{opNull, "Snapshot NULL OP"},
		BlockStorageSnapshotInstanceStatusName: name,
		CreateDate:                             createDate(s.CreatedAt),
		IsBootable:                             s.Bootable,
		BlockStorageVolumeType:                 volumeType(s.VolumeType),
		HypervisorType:                         kvm,
	}
}

func (im *image) wire() wireImage {
	w := wireImage{
		ServerImageNo: im.No, ServerImageName: im.Name, ServerImageDescription: im.Description,
		ServerImageProductCode: "SW.VSVR.OS.LNX64.UBNTU.SVR22.G003",
		ServerImageType:        commonCode{imageType, "Self Server Image"},
		HypervisorType:         kvm,
		CPUArchitectureType:    commonCode{"X86_64", "x86 64bit"},
		OSCategoryType:         commonCode{"LINUX", "LINUX"},
		OSType:                 commonCode{imageOSType, "UBUNTU"},
		PlatformCategoryCode:   imagePlatformCategory,
		ServerImageStatus:      commonCode{im.Status, "NSI " + im.Status + " state"},
		ServerImageOperation:   commonCode{im.operation(), "NSI " + im.operation() + " OP"},
		ServerImageStatusName:  im.statusName(),
		CreateDate:             createDate(im.CreatedAt),
		ShareStatus:            im.shareStatus(),
		SharedLoginIDList:      append([]string{}, im.SharedLoginIDs...),
	}
	w.BlockStorageMappingList = make([]wireMapping, len(im.Disks))
	for i, d := range im.Disks {
		w.BlockStorageMappingList[i] = d.wire(im.Name)
	}
	return w
}

func (d imageDisk) wire(imageName string) wireMapping {
	no, _ := strconv.ParseInt(d.SnapshotNo, 10, 32) // digits within 32 bits: checked when stored
	return wireMapping{
		Order: d.Order, BlockStorageSnapshotInstanceNo: int32(no), BlockStorageSnapshotName: d.SnapshotName,
		BlockStorageSize:       int64(d.SizeGB) * gib,
		BlockStorageName:       imageName + "-" + strconv.Itoa(d.Order),
		BlockStorageVolumeType: volumeType(d.VolumeType),
		IOPS:                   100, Throughput: 104857600,
	}
}
