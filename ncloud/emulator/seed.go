package emulator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"
)

// Seed is the YAML description of account objects to add; the package
// comment documents the format. Omitted fields take the defaults listed
// there.
type Seed struct {
	Accounts  []Account      `yaml:"accounts"`
	Regions   []SeedRegion   `yaml:"regions"`
	Servers   []SeedServer   `yaml:"servers"`
	Snapshots []SeedSnapshot `yaml:"snapshots"`
	Images    []SeedImage    `yaml:"images"`

	// file and pos are set by ParseSeed and friends: the name errors
	// start with, and where each object and field was written, keyed by
	// path ("snapshots.2", "snapshots.2.no", "images.0.blockStorages.1").
	file string
	pos  map[string]seedPos
}

// seedPos is a 1-based line and column in a seed document.
type seedPos struct{ line, col int }

// SeedRegion is a region of getRegionList; the first one is the default
// region of every request that sends no regionCode.
type SeedRegion struct {
	Code string `yaml:"code"`
	Name string `yaml:"name"`
}

// SeedServer is a server instance that images can be made from.
type SeedServer struct {
	Region    string     `yaml:"region"`
	No        string     `yaml:"no"`
	Name      string     `yaml:"name"`
	Status    string     `yaml:"status"`    // RUN (default) | NSTOP | INIT | CREAT
	Operation string     `yaml:"operation"` // NULL (default) or a busy code such as SETUP
	Disks     []SeedDisk `yaml:"disks"`     // order = index; default one 10 GB CB1 disk
	VpcNo     string     `yaml:"vpcNo"`     // listed, and matched by the vpcNo filter; default none
	PublicIP  string     `yaml:"publicIp"`  // listed; the ip filter matches it or PrivateIP
	PrivateIP string     `yaml:"privateIp"` // not listed (NCP lists it per network interface)
}

// SeedDisk is one block storage of a [SeedServer].
type SeedDisk struct {
	SizeGB     int    `yaml:"sizeGB"`
	VolumeType string `yaml:"volumeType"`
}

// SeedSnapshot is a block storage snapshot.
type SeedSnapshot struct {
	Region     string `yaml:"region"`
	No         string `yaml:"no"`
	Name       string `yaml:"name"`
	SizeGB     int    `yaml:"sizeGB"`
	Bootable   bool   `yaml:"bootable"`
	Status     string `yaml:"status"`     // CREAT (default) | INIT
	VolumeType string `yaml:"volumeType"` // CB1 (default) | CB2 | FB1 | FB2
}

// SeedImage is an image that already exists, e.g. to set up drift, CREFL,
// unmanaged or orphan scenarios.
type SeedImage struct {
	Region        string             `yaml:"region"`
	No            string             `yaml:"no"` // generated when empty
	Name          string             `yaml:"name"`
	Description   string             `yaml:"description"`
	Status        string             `yaml:"status"`    // CREAT (default) | INIT | CREFL
	CreatedAt     time.Time          `yaml:"createdAt"` // default: now
	BlockStorages []SeedBlockStorage `yaml:"blockStorages"`
	// ServerNo names the server the image was made from (in its region),
	// so an INIT image keeps it busy with BusyWhileImaging.
	ServerNo string `yaml:"serverNo"`
	// SharedLoginIDList are the accounts the image is shared with.
	SharedLoginIDList []string `yaml:"sharedLoginIdList"`
}

// SeedBlockStorage is one disk of a [SeedImage]. A snapshot is named by
// number or by name (looked up in the image's region).
type SeedBlockStorage struct {
	Order        int    `yaml:"order"`
	SnapshotNo   string `yaml:"snapshotNo"`
	SnapshotName string `yaml:"snapshotName"`
	SizeGB       int    `yaml:"sizeGB"`     // default: the snapshot's size
	VolumeType   string `yaml:"volumeType"` // default: the snapshot's, else CB1
}

// ParseSeed decodes a seed document strictly: unknown keys are errors.
// An empty document is an empty seed. Errors [Emulator.Seed] finds in it
// start with "seed:LINE:COL:"; use [ParseSeedNamed] to name the file.
func ParseSeed(data []byte) (Seed, error) { return ParseSeedNamed("seed", data) }

// ParseSeedNamed is [ParseSeed] for a document called name (usually its
// path): errors [Emulator.Seed] finds in an object of the seed start
// with "name:LINE:COL: ", pointing at that object or field.
func ParseSeedNamed(name string, data []byte) (Seed, error) {
	var s Seed
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil && !errors.Is(err, io.EOF) {
		return Seed{}, fmt.Errorf("parse seed: %w", err)
	}
	s.file = name
	var root yaml.Node
	if yaml.Unmarshal(data, &root) == nil {
		s.pos = map[string]seedPos{}
		recordPositions(s.pos, "", &root, 0)
	}
	return s, nil
}

// recordPositions notes where every mapping value and sequence item of
// the document sits, by path. Depth is bounded: seeds nest four levels.
func recordPositions(pos map[string]seedPos, path string, n *yaml.Node, depth int) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if depth > 6 {
		return
	}
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			recordPositions(pos, path, c, depth+1)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := join(k.Value)
			pos[p] = seedPos{v.Line, v.Column}
			recordPositions(pos, p, v, depth+1)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := join(strconv.Itoa(i))
			pos[p] = seedPos{c.Line, c.Column}
			recordPositions(pos, p, c, depth+1)
		}
	}
}

// LoadSeedFile reads and parses a seed file.
func LoadSeedFile(path string) (Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Seed{}, fmt.Errorf("load seed: %w", err)
	}
	s, err := ParseSeedNamed(path, data)
	if err != nil {
		return Seed{}, fmt.Errorf("load seed %s: %w", path, err)
	}
	return s, nil
}

// Seed adds the objects of s to the account. It checks everything first
// and adds nothing on error: regions must exist (in s or already),
// numbers must be digits and unused, image names unique per region
// unless AllowDuplicateNames, and snapshot numbers at most 2147483647
// (the official SDK reads them as int32). When s came from ParseSeed or
// LoadSeedFile the error starts with "FILE:LINE:COL: " at the offending
// object or field.
func (e *Emulator) Seed(s Seed) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	staged := e.st
	staged.Regions = append([]region(nil), e.st.Regions...)
	staged.Servers = append([]*server(nil), e.st.Servers...)
	staged.Snapshots = append([]*snapshot(nil), e.st.Snapshots...)
	staged.Images = append([]*image(nil), e.st.Images...)
	b := seeder{e: e, st: &staged, now: e.now(), file: s.file, pos: s.pos}
	if err := b.apply(s); err != nil {
		var pe *posError
		if errors.As(err, &pe) {
			return err
		}
		return fmt.Errorf("seed: %w", err)
	}
	for _, a := range s.Accounts {
		e.accounts[a.AccessKey] = a.SecretKey
	}
	e.st = staged
	return nil
}
