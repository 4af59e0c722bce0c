package ncloud

import "time"

// Region is one entry of getRegionList.
type Region struct {
	Code string
	Name string
}

// ServerInstance is the part of a getServerInstanceList entry that
// ncpimage reads. Status and Operation are the codes ([ServerRunning],
// [OperationNull]), never the locale-dependent code names.
type ServerInstance struct {
	No         string
	Name       string
	Region     string
	Status     ServerStatus
	Operation  Operation
	StatusName string
}

// Snapshot is a block-storage snapshot (getBlockStorageSnapshotInstanceList).
type Snapshot struct {
	No         string
	Name       string
	SizeBytes  int64 // blockStorageSnapshotVolumeSize
	Status     SnapshotStatus
	Operation  Operation
	Bootable   bool
	VolumeType string
}

// ServerImage is a "My server image" (getServerImageList with type SELF).
type ServerImage struct {
	No            string
	Name          string
	Description   string
	Type          string // SELF | NCP
	Status        ImageStatus
	Operation     Operation
	StatusName    string
	CreateDate    time.Time
	BlockStorages []BlockStorageMapping
	// ShareStatus is the code of shareStatus (NULL: shared with nobody);
	// SharedLoginIDs are the accounts it is shared with (sharedLoginIdList).
	ShareStatus    string
	SharedLoginIDs []string
}

// BlockStorageMapping is one disk of an image. Sizes are bytes, as listed.
type BlockStorageMapping struct {
	Order              int
	SnapshotInstanceNo string // the wire sends a number or a string
	SnapshotName       string
	SizeBytes          int64
	Name               string
	VolumeType         string
}

// ImageFilter narrows getServerImageList. Type SELF is always sent.
type ImageFilter struct {
	Nos    []string
	Name   string
	Status ImageStatus
}

// ServerFilter narrows getServerInstanceList.
type ServerFilter struct {
	Nos  []string
	Name string
}

// SnapshotFilter narrows getBlockStorageSnapshotInstanceList.
type SnapshotFilter struct {
	Nos  []string
	Name string
}

// CreateImageInput is the request of createServerImage.
type CreateImageInput struct {
	Region           string
	ServerInstanceNo string
	Name             string
	Description      string
	BlockStorages    []BlockStorageInput // nil: omit blockStorageList
}

// BlockStorageInput is one blockStorageList.N entry. SizeGB is GB, as the
// create call takes it (the list answers in bytes).
type BlockStorageInput struct {
	Order              int
	SnapshotInstanceNo string
	SizeGB             int
	VolumeType         string
	Empty              bool
	Exclude            bool
}
