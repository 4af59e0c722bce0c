package plan

import "github.com/ncpimage/ncpimage/spec"

// FormatVersion is the version of the JSON plan format that reconcile.Diff
// writes. The minor version counts additions ("1.1": the update action,
// share_add and share_remove, shared_with, summary.update, sharing
// objects in the fingerprint; "1.2": rebuild, prune.max_deletes, the
// reasons rebuild_changed and unreviewed); the major version changes only when the
// shape of [Plan] changes incompatibly.
const FormatVersion = "1.2"

// decodableVersions are the format versions [Decode] reads: every
// version of the same major, since minor versions only add fields.
var decodableVersions = []string{"1.0", "1.1", FormatVersion}

// Action is the decision taken for one image. Its string is part of the
// public JSON format. The zero value is deliberately invalid.
type Action string

// Actions, in the order the text output groups them.
const (
	ActionCreate  Action = "create"  // missing: apply creates it
	ActionUpdate  Action = "update"  // exists, created, sharing differs: apply adds, then removes accounts
	ActionReplace Action = "replace" // --replace: apply deletes, waits until gone, creates
	ActionDelete  Action = "delete"  // orphan with --prune: apply deletes it
	ActionWait    Action = "wait"    // exists, still INIT: apply only waits for it
	ActionBlocked Action = "blocked" // CREFL or a pre-flight error: apply refuses it
	ActionDrift   Action = "drift"   // exists but differs: reported, never acted on
	ActionOrphan  Action = "orphan"  // carries this catalog's marker, no longer listed
	ActionNoOp    Action = "no-op"   // exists, created, matches
)

// Actions is the Terraform-style "actions" list of a change: what apply
// does, in order.
func (a Action) Actions() []string {
	switch a {
	case ActionReplace:
		return []string{"delete", "create"}
	default:
		return []string{string(a)}
	}
}

// Reason explains why an action was chosen (JSON "action_reason"). Values
// are part of the public JSON format.
type Reason string

// Reasons.
const (
	ReasonMissing           Reason = "missing"             // create
	ReasonMatches           Reason = "matches"             // no-op
	ReasonSharing           Reason = "sharing_differs"     // update
	ReasonInitializing      Reason = "initializing"        // wait
	ReasonDescription       Reason = "description_differs" // drift
	ReasonBlockLayout       Reason = "block_layout_differs"
	ReasonDescriptionBlock  Reason = "description_and_block_layout_differ"
	ReasonCreateFailed      Reason = "create_failed"             // blocked: CREFL
	ReasonPreflight         Reason = "preflight_failed"          // blocked
	ReasonNameTaken         Reason = "name_taken"                // blocked: another catalog's image
	ReasonDuplicate         Reason = "duplicate_images"          // blocked: several images with the name
	ReasonNoSource          Reason = "no_source"                 // blocked: missing adopted image without a source
	ReasonReplaceRequested  Reason = "replace_requested"         // replace
	ReasonRebuild           Reason = "rebuild_changed"           // replace: the catalog's rebuild value changed
	ReasonNotListed         Reason = "not_in_catalog"            // orphan
	ReasonDeclaredElsewhere Reason = "declared_in_unloaded_file" // orphan: a file not loaded lists it
	ReasonPruneRequested    Reason = "prune_requested"           // delete
	ReasonImageBusy         Reason = "image_in_operation"        // wait: an operation other than creation
	ReasonUnreviewed        Reason = "unreviewed"                // blocked: apply --reviewed found no reviewed plan holding the change
)

// Plan is the result of comparing the catalogs with the account: one
// [Change] per desired image and per orphan, the unmanaged images, and
// what apply needs to execute it and to check it is not stale. It is
// plain data; its JSON encoding is the public, versioned plan format.
type Plan struct {
	FormatVersion string `json:"format_version"`
	// Timestamp is when the plan was made (RFC 3339); not in the digest.
	Timestamp string `json:"timestamp,omitempty"`
	// Endpoint is the API origin the plan was made against; not in the
	// digest. Sandbox is true for the built-in emulated account.
	Endpoint string `json:"endpoint,omitempty"`
	Sandbox  bool   `json:"sandbox"`
	// Version is the ncpimage that made the plan; not in the digest.
	Version  string   `json:"ncpimage_version,omitempty"`
	Options  Options  `json:"options"`
	Catalogs []string `json:"catalogs"`
	// Manifests are the files read, with their digests: apply of a saved
	// plan refuses when any changed.
	Manifests []Manifest `json:"manifests"`
	Regions   []string   `json:"regions"`
	// Prune says, for a plan made with --prune, where each catalog was
	// loaded from and which root was searched for its other files.
	Prune       *PruneScope   `json:"prune,omitempty"`
	Changes     []*Change     `json:"resource_changes"`
	Unmanaged   []*ImageState `json:"unmanaged"`
	Diagnostics []Diagnostic  `json:"diagnostics"`
	Observed    Observed      `json:"observed"`
	Summary     Summary       `json:"summary"`
	// PlanDigest is "sha256:<hex>" over the canonical plan (see [Plan.ComputeDigest]).
	PlanDigest string `json:"plan_digest"`
}

// PruneScope is what a prune was decided from.
type PruneScope struct {
	Root  string              `json:"root,omitempty"`
	Files map[string][]string `json:"files"` // catalog -> files loaded
	// MaxDeletes are the catalogs that prune themselves (prune: true),
	// each with its delete budget (maxDeletes; since 1.2).
	MaxDeletes map[string]int `json:"max_deletes,omitempty"`
}

// Options are the apply-time choices that change the plan.
type Options struct {
	Replace []string `json:"replace,omitempty"` // image names to delete and recreate
	Prune   bool     `json:"prune,omitempty"`   // orphans become deletes
	Only    []string `json:"only,omitempty"`    // limit the plan to these names
}

// Manifest is one manifest file the plan was made from.
type Manifest struct {
	Path   string `json:"path"`
	Digest string `json:"digest"`
}

// Change is the decision for one image, identified by Address
// ("REGION/name"). Before is the image as observed (nil when missing);
// After is the image as declared (nil for orphans and deletes).
type Change struct {
	Address      string      `json:"address"`
	Action       Action      `json:"action"`
	Actions      []string    `json:"actions"`
	ActionReason Reason      `json:"action_reason"`
	Message      string      `json:"message,omitempty"`
	Catalog      string      `json:"catalog"`
	Region       string      `json:"region"`
	Name         string      `json:"name"`
	Before       *ImageState `json:"before"`
	After        *ImageState `json:"after"`
	Source       *spec.Pos   `json:"source,omitempty"`
	// Diffs are the declared fields that differ (drift).
	Diffs []FieldDiff `json:"diffs,omitempty"`
	// Problems are the pre-flight errors (blocked), each at its YAML field.
	Problems []Diagnostic `json:"problems,omitempty"`
	// Warnings are what a reviewer should know that changes nothing (a
	// source that no longer resolves), each at its YAML field.
	Warnings []Diagnostic `json:"warnings,omitempty"`
	// Request is the resolved createServerImage call, for create and
	// replace: apply sends exactly this.
	Request *CreateRequest `json:"request,omitempty"`
	// ShareAdd and ShareRemove are the login IDs apply shares the image
	// with, then stops sharing it with (sorted; only when the catalog
	// manages the image's sharing with shareWith): the difference for
	// update and wait (done once the image is created), every shareWith
	// account for create and replace (done once the new image is CREAT).
	ShareAdd    []string `json:"share_add,omitempty"`
	ShareRemove []string `json:"share_remove,omitempty"`
}

// ImageState is one image as declared or observed. Description never
// includes the ownership marker; Catalog is the marker's catalog.
type ImageState struct {
	ImageNo          string  `json:"image_no,omitempty"`
	Name             string  `json:"name"`
	Region           string  `json:"region"`
	Description      string  `json:"description"`
	Catalog          string  `json:"catalog,omitempty"`
	Status           string  `json:"status,omitempty"`
	ServerName       string  `json:"server_name,omitempty"`
	ServerInstanceNo string  `json:"server_instance_no,omitempty"`
	BlockStorages    []Block `json:"block_storages,omitempty"`
	// SharedWith are the login IDs the image is shared with (sorted), only
	// for an image whose sharing the catalog manages: declared (After: [],
	// shared with nobody, is written) or observed (Before).
	SharedWith []string `json:"shared_with,omitzero"`
	// Rebuild is the image's rebuild value (since 1.2): declared (After)
	// or recorded in its marker (Before); a difference is a replace.
	Rebuild string `json:"rebuild,omitempty"`
}

// Block is one disk of an image layout, sizes in GB.
type Block struct {
	Order              int    `json:"order"`
	SnapshotInstanceNo string `json:"snapshot_instance_no,omitempty"`
	SnapshotName       string `json:"snapshot_name,omitempty"`
	SizeGB             int    `json:"size_gb,omitempty"`
	VolumeType         string `json:"volume_type,omitempty"`
	Empty              bool   `json:"empty,omitempty"`
	Exclude            bool   `json:"exclude,omitempty"`
}

// FieldDiff is one declared field whose observed value differs.
type FieldDiff struct {
	Field    string   `json:"field"` // "description", "blockStorages.1.sizeGB", ...
	Declared string   `json:"declared"`
	Actual   string   `json:"actual"`
	Source   spec.Pos `json:"source"`
}

// CreateRequest is a fully resolved createServerImage request. The
// description carries the ownership marker.
type CreateRequest struct {
	Region           string         `json:"region"`
	ServerInstanceNo string         `json:"server_instance_no"`
	Name             string         `json:"name"`
	Description      string         `json:"description"`
	BlockStorages    []RequestBlock `json:"block_storages,omitempty"`
}

// RequestBlock is one blockStorageList entry of a [CreateRequest].
type RequestBlock struct {
	Order              int    `json:"order"`
	SnapshotInstanceNo string `json:"snapshot_instance_no,omitempty"`
	SizeGB             int    `json:"size_gb,omitempty"`
	VolumeType         string `json:"volume_type,omitempty"`
	Empty              bool   `json:"empty,omitempty"`
	Exclude            bool   `json:"exclude,omitempty"`
}

// Severity of a [Diagnostic].
type Severity string

// Severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Diagnostic is a positioned message about the plan: a pre-flight error,
// a blocked image, a drift warning.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Address  string   `json:"address,omitempty"`
	Source   spec.Pos `json:"source"`
	Message  string   `json:"message"`
}

// String prints the diagnostic as "file:line:col: message".
func (d Diagnostic) String() string {
	if d.Source.File == "" {
		return d.Message
	}
	return d.Source.String() + ": " + d.Message
}

// Summary counts the changes by action. Create, Update, Replace and
// Delete are the changes; the others are reported only. Drifted counts
// every image that differs from its catalog in what cannot change (drift,
// and update whose image drifted too: its sharing is still reconciled).
type Summary struct {
	Create    int `json:"create"`
	Update    int `json:"update"`
	Replace   int `json:"replace"`
	Delete    int `json:"delete"`
	Unchanged int `json:"unchanged"`
	Waiting   int `json:"waiting"`
	Drifted   int `json:"drifted"`
	Blocked   int `json:"blocked"`
	Orphaned  int `json:"orphaned"`
	Unmanaged int `json:"unmanaged"`
}

// HasChanges reports whether apply would create, update or delete
// anything: the condition for exit code 2 under --detailed-exitcode.
func (s Summary) HasChanges() bool { return s.Create+s.Update+s.Replace+s.Delete > 0 }

// Observed is the fingerprint of exactly the account objects a plan
// depends on: the images at the names the plan decides about (present
// or absent), the source servers and the snapshots referenced, and the
// regions. Apply of
// a saved plan re-reads them and compares: an unrelated object never
// changes it.
type Observed struct {
	Digest  string           `json:"digest"`
	Objects []ObservedObject `json:"objects"`
}

// ObservedObject is one object of the fingerprint. Key identifies it
// (JSON: its text form, such as "image:KR/web-base"); State is a short
// hash of the fields that matter, or "absent".
type ObservedObject struct {
	Key   ObjectKey `json:"key"`
	State string    `json:"state"`
}

// Keys returns the keys of the fingerprint's objects.
func (o Observed) Keys() []ObjectKey {
	keys := make([]ObjectKey, len(o.Objects))
	for i, obj := range o.Objects {
		keys[i] = obj.Key
	}
	return keys
}

// Changed returns the keys whose state differs between o and now (keys
// missing from now count as changed).
func (o Observed) Changed(now Observed) []ObjectKey {
	cur := make(map[ObjectKey]string, len(now.Objects))
	for _, obj := range now.Objects {
		cur[obj.Key] = obj.State
	}
	var out []ObjectKey
	for _, obj := range o.Objects {
		if st, ok := cur[obj.Key]; !ok || st != obj.State {
			out = append(out, obj.Key)
		}
	}
	return out
}

// ServerLabel names the source server of a create for people:
// "web-01 (1001001)", or "server 1001001" when the catalog names it by
// number.
func (ch *Change) ServerLabel() string {
	no := ""
	if ch.Request != nil {
		no = ch.Request.ServerInstanceNo
	}
	if ch.After != nil && ch.After.ServerName != "" {
		if no == "" {
			return ch.After.ServerName
		}
		return ch.After.ServerName + " (" + no + ")"
	}
	return "server " + no
}
