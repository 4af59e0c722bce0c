package emulator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
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
}

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
// An empty document is an empty seed.
func ParseSeed(data []byte) (Seed, error) {
	var s Seed
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil && !errors.Is(err, io.EOF) {
		return Seed{}, fmt.Errorf("parse seed: %w", err)
	}
	return s, nil
}

// LoadSeedFile reads and parses a seed file.
func LoadSeedFile(path string) (Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Seed{}, fmt.Errorf("load seed: %w", err)
	}
	s, err := ParseSeed(data)
	if err != nil {
		return Seed{}, fmt.Errorf("load seed %s: %w", path, err)
	}
	return s, nil
}

// Seed adds the objects of s to the account. It checks everything first
// and adds nothing on error: regions must exist (in s or already),
// numbers must be digits and unused, image names unique per region
// unless AllowDuplicateNames.
func (e *Emulator) Seed(s Seed) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	staged := e.st
	staged.Regions = append([]region(nil), e.st.Regions...)
	staged.Servers = append([]*server(nil), e.st.Servers...)
	staged.Snapshots = append([]*snapshot(nil), e.st.Snapshots...)
	staged.Images = append([]*image(nil), e.st.Images...)
	b := seeder{e: e, st: &staged, now: e.now()}
	if err := b.apply(s); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	for _, a := range s.Accounts {
		e.accounts[a.AccessKey] = a.SecretKey
	}
	e.st = staged
	return nil
}
