package spec

import "fmt"

// Pos is a position in a manifest file. Line and Col are 1-based; a zero
// Line means the position is unknown (the file as a whole).
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"column"`
}

// String prints the position as file:line:col (or file alone).
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is one positioned diagnostic about a manifest. It prints as
// "file:line:col: message", the format every diagnostic of ncpimage uses.
type Error struct {
	Pos     Pos
	Pointer string // JSON pointer into the document ("/images/0/name"), "" when none
	Msg     string
	Code    string // stable machine code: "yaml", "schema", "duplicate-key", "duplicate-name", ...

	omitted int // Code "limit": how many problems found were left out
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Catalog is one YAML document of kind ServerImageCatalog.
type Catalog struct {
	Name string // the catalog field: ownership scope
	File string // path as the user gave it
	Doc  int    // 0-based document index within File
	Pos  Pos    // position of the document's root mapping
	// Prune (prune: true) makes an image of this catalog that no loaded
	// file declares a delete, at most MaxDeletes of them (0: not written,
	// [DefaultMaxDeletes]).
	Prune      bool
	MaxDeletes int
	// PrunePos and MaxDeletesPos are where the fields are written, else
	// Pos.
	PrunePos, MaxDeletesPos Pos
	Images                  []*Image
}

// DefaultMaxDeletes is the delete budget of a catalog with prune: true
// that sets no maxDeletes: small, so a mistake deletes little.
const DefaultMaxDeletes = 3

// Image is one desired server image, with defaults already merged in.
// Region is "" when neither the image nor the defaults set one; the caller
// resolves it (--region, NCLOUD_REGION, first region of the account).
type Image struct {
	Catalog       string
	Name          string
	Region        string
	Description   string
	Source        Source
	BlockStorages []BlockStorage // nil: image every disk of the server as it is
	// Adopt says an existing image of this name is ours even without
	// this catalog's ownership marker (made by hand, by import, or
	// before a catalog rename). Source may then be empty.
	Adopt bool
	// ShareWith is the exact set of NCP login IDs the image is shared
	// with, in the order written; nil means sharing is not managed
	// (never compared, never touched), empty means shared with nobody.
	ShareWith []string
	// Rebuild is any value (rebuild:); the image is replaced, once, when
	// it differs from the value its marker records (see [Marker]), as a
	// Kubernetes restart annotation restarts pods.
	Rebuild string
	// shareWithPos are the positions of the ShareWith entries.
	shareWithPos []Pos

	// Pos is the position of the image's mapping in its file.
	Pos Pos
	// Fields holds the position of each field as written, keyed by a path
	// relative to the image: "name", "region", "description", "source",
	// "source.serverName", "source.serverInstanceNo", "blockStorages",
	// "blockStorages.1", "blockStorages.1.sizeGB". Values merged from
	// defaults keep the position where the default was written.
	//
	// Load leaves Fields nil and keeps the same positions in a compact
	// form (a map per image cost kilobytes): read them with [Image.At],
	// [Image.Lookup] or [Image.FieldPositions], which consult Fields
	// instead when it is set, as for an image built by hand.
	Fields map[string]Pos
	// Pointer is the JSON pointer of the image within its document
	// ("/images/3"), for machine-readable diagnostics. Set by [Load],
	// like the positions, whose "blockStorages.N..." keys use the 0-based
	// index N in the list (not the order).
	Pointer string

	shape *shape // positions by slot (see slotOf, lineCol), shared by images written alike; set by Load
}

// At returns the position of a field (see Fields), falling back to the
// image's own position.
func (im *Image) At(field string) Pos {
	if p, ok := im.Lookup(field); ok {
		return p
	}
	return im.Pos
}

// Source names the server an image is made from: exactly one field is set.
type Source struct {
	ServerName       string
	ServerInstanceNo string
}

// BlockStorage is one entry of an image's block-storage layout.
type BlockStorage struct {
	Order              int
	SnapshotName       string
	SnapshotInstanceNo string
	SizeGB             int // 0 when not given
	VolumeType         string
	Empty              bool
	Exclude            bool
}

// File is one manifest file that was read.
type File struct {
	Path   string // as the user gave it (or as found under a directory they gave)
	Digest string // "sha256:" + hex of the file's bytes
	// (Digest is "" for a file that could not be read: too big, binary,
	// unreadable; Load reports why in the Set's Diagnostics.)
}

// Set is everything loaded from the paths given on the command line.
// Problems of any kind (unreadable path, YAML syntax, schema, semantic
// checks) are Diagnostics, sorted by file, line and column; a Set with
// Diagnostics must not be planned.
type Set struct {
	Files       []File
	Catalogs    []*Catalog
	Diagnostics []*Error
	// Warnings are notes that do not make the Set invalid (Code
	// "skipped": an entry of a directory that was not read, such as a
	// named pipe or a symlink leading out of the directory), sorted like
	// Diagnostics. They print as "file: warning: message".
	Warnings []*Error
}

// Problems returns how many problems loading found: the Diagnostics,
// not counting the notes (Code "limit") that a file had more than
// [MaxDiagnostics], plus the problems those notes left out. Loading of
// such a file stops soon after the limit, so exact is false when a note
// is present: the files hold at least n problems ("more than 1000
// errors, 1000 shown").
func (s *Set) Problems() (n int, exact bool) {
	exact = true
	for _, d := range s.Diagnostics {
		if d.Code == "limit" {
			n += d.omitted
			exact = false
			continue
		}
		n++
	}
	return n, exact
}

// Images returns every image of every catalog, in file and document order.
func (s *Set) Images() []*Image {
	var out []*Image
	for _, c := range s.Catalogs {
		out = append(out, c.Images...)
	}
	return out
}
