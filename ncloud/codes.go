package ncloud

// Status and operation codes, as NCP lists them in the code field of
// serverImageStatus, serverInstanceStatus, blockStorageSnapshotInstanceStatus
// and the matching *Operation objects. Only the code is stable: the code
// names depend on the account's locale. Each kind of object has its own
// type, so that a server status cannot be compared with an image status
// by mistake, and a typo in a code is a compile error, not a silent
// mismatch.

// ImageStatus is the code of serverImageStatus.
type ImageStatus string

// Image statuses.
const (
	ImageInit         ImageStatus = "INIT"  // being created
	ImageCreated      ImageStatus = "CREAT" // created: usable
	ImageCreateFailed ImageStatus = "CREFL" // the create failed; the image stays until deleted
)

// ServerStatus is the code of serverInstanceStatus.
type ServerStatus string

// Server statuses.
const (
	ServerInit     ServerStatus = "INIT"
	ServerCreating ServerStatus = "CREAT"
	ServerRunning  ServerStatus = "RUN"
	ServerStopped  ServerStatus = "NSTOP"
)

// SnapshotStatus is the code of blockStorageSnapshotInstanceStatus.
type SnapshotStatus string

// Snapshot statuses.
const (
	SnapshotInit    SnapshotStatus = "INIT"
	SnapshotCreated SnapshotStatus = "CREAT" // usable
)

// Operation is the code of the operation in progress on an image, a
// server or a snapshot (serverImageOperation, serverInstanceOperation,
// blockStorageSnapshotInstanceOperation). NULL means none.
type Operation string

// Operations ncpimage tells apart; every other code is an operation in
// progress.
const (
	OperationNull      Operation = "NULL"  // idle
	OperationCreate    Operation = "CREAT" // being created
	OperationTerminate Operation = "TERMT" // being deleted
)

// Idle reports that no operation is in progress: NULL, or no code at all.
// It is the one place that decides it.
func (o Operation) Idle() bool { return o == "" || o == OperationNull }

// imageTypeSelf is the serverImageTypeCode of the account's own images.
const imageTypeSelf = "SELF"

// Ready reports an image that is created and has no operation in
// progress: what a wait for a create waits for.
func (im *ServerImage) Ready() bool { return im.Status == ImageCreated && im.Operation.Idle() }

// Failed reports an image whose create failed (CREFL).
func (im *ServerImage) Failed() bool { return im.Status == ImageCreateFailed }

// Creating reports an image still being created (INIT).
func (im *ServerImage) Creating() bool { return im.Status == ImageInit }

// Terminating reports an image being deleted: it is leaving the account.
func (im *ServerImage) Terminating() bool { return im.Operation == OperationTerminate }

// Idle reports a server that can be imaged: running or stopped, with no
// operation in progress.
func (s *ServerInstance) Idle() bool {
	return (s.Status == ServerRunning || s.Status == ServerStopped) && s.Operation.Idle()
}
