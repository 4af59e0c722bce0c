package emulator

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// seeder checks a Seed against a staged copy of the state and adds it
// there; Emulator.Seed swaps the copy in only when all of it is valid.
type seeder struct {
	e     *Emulator
	st    *state
	now   time.Time
	names map[[2]string]bool // (region, image name) seen so far
	file  string             // seed file name, for positioned errors
	pos   map[string]seedPos // positions by path (see Seed.pos)
	// exhausted is set when a number had to be generated past maxNo.
	exhausted bool
}

// posError is a seed error at a known place of the seed document.
type posError struct {
	file      string
	line, col int
	err       error
}

func (e *posError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %v", e.file, e.line, e.col, e.err)
}

func (e *posError) Unwrap() error { return e.err }

// at attaches the position of path (or, failing that, of its parents)
// to err, when the seed was parsed from a document.
func (b *seeder) at(err error, path string) error {
	if err == nil || b.pos == nil {
		return err
	}
	for p := path; p != ""; {
		if ps, ok := b.pos[p]; ok {
			return &posError{file: b.file, line: ps.line, col: ps.col, err: err}
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return err
}

func (b *seeder) apply(s Seed) error {
	for _, a := range s.Accounts {
		if a.AccessKey == "" || a.SecretKey == "" {
			return fmt.Errorf("account: accessKey and secretKey are required")
		}
	}
	steps := []func(Seed) error{b.regions, b.servers, b.snapshots, b.images}
	for _, step := range steps {
		if err := step(s); err != nil {
			return err
		}
	}
	if b.exhausted {
		return fmt.Errorf("no object numbers left at or below %d (a seeded number is too close to it)", maxNo)
	}
	return nil
}

func (b *seeder) regions(s Seed) error {
	for i, r := range s.Regions {
		at := "regions." + strconv.Itoa(i)
		if r.Code == "" {
			return b.at(fmt.Errorf("region: code is required"), at)
		}
		if b.hasRegion(r.Code) {
			return b.at(fmt.Errorf("region %s: defined twice", r.Code), at+".code")
		}
		if r.Name == "" {
			r.Name = r.Code
		}
		b.st.Regions = append(b.st.Regions, region(r))
	}
	return nil
}

func (b *seeder) hasRegion(code string) bool {
	for _, r := range b.st.Regions {
		if r.Code == code {
			return true
		}
	}
	return false
}

// object checks what every seeded object needs: a known region, a name,
// and a number made of digits that no object of its kind uses.
func (b *seeder) object(kind, reg, no, name string, used func(string) bool) error {
	switch {
	case name == "":
		return fmt.Errorf("%s %q: name is required", kind, no)
	case !b.hasRegion(reg):
		return fmt.Errorf("%s %s: unknown region %q", kind, name, reg)
	case no == "":
		return nil
	case !isDigits(no):
		return fmt.Errorf("%s %s: number %q is not all digits", kind, name, no)
	case used(no):
		return fmt.Errorf("%s %s: number %s is already used", kind, name, no)
	}
	return nil
}

func (b *seeder) servers(s Seed) error {
	for i, ss := range s.Servers {
		if err := b.at(b.server1(ss), "servers."+strconv.Itoa(i)); err != nil {
			return err
		}
	}
	return nil
}

// server1 checks and adds one seeded server.
func (b *seeder) server1(ss SeedServer) error {
	used := func(no string) bool { return b.server(no) != nil }
	if err := b.object("server", ss.Region, ss.No, ss.Name, used); err != nil {
		return err
	}
	srv := &server{Region: ss.Region, No: b.no(ss.No), Name: ss.Name, Status: or(ss.Status, "RUN"),
		Operation: or(ss.Operation, opNull), CreatedAt: b.now,
		VpcNo: ss.VpcNo, PublicIP: ss.PublicIP, PrivateIP: ss.PrivateIP}
	if serverStatusNames[srv.Status] == "" {
		return fmt.Errorf("server %s: unknown status %q (want RUN, NSTOP, INIT or CREAT)", ss.Name, ss.Status)
	}
	for _, d := range ss.Disks {
		vt := or(d.VolumeType, "CB1")
		if d.SizeGB <= 0 || volumeTypeNames[vt] == "" {
			return fmt.Errorf("server %s: disk needs sizeGB > 0 and a volumeType of CB1, CB2, FB1 or FB2", ss.Name)
		}
		srv.Disks = append(srv.Disks, disk{SizeGB: d.SizeGB, VolumeType: vt})
	}
	if len(srv.Disks) == 0 {
		srv.Disks = []disk{{SizeGB: 10, VolumeType: "CB1"}}
	}
	b.st.Servers = append(b.st.Servers, srv)
	return nil
}

func (b *seeder) snapshots(s Seed) error {
	for i, ss := range s.Snapshots {
		at := "snapshots." + strconv.Itoa(i)
		if n, err := strconv.ParseInt(ss.No, 10, 64); err == nil && n > maxNo {
			return b.at(fmt.Errorf("snapshot %s: number %s is above %d: the official SDK reads snapshot numbers as 32-bit integers (blockStorageMappingList[].blockStorageSnapshotInstanceNo)", ss.Name, ss.No, maxNo), at+".no")
		}
		if err := b.at(b.snapshot1(ss), at); err != nil {
			return err
		}
	}
	return nil
}

// snapshot1 checks and adds one seeded snapshot.
func (b *seeder) snapshot1(ss SeedSnapshot) error {
	used := func(no string) bool { return b.snapshot("", no) != nil }
	if err := b.object("snapshot", ss.Region, ss.No, ss.Name, used); err != nil {
		return err
	}
	sn := &snapshot{Region: ss.Region, No: b.no(ss.No), Name: ss.Name, SizeGB: ss.SizeGB, Bootable: ss.Bootable,
		Status: or(ss.Status, statusCreat), VolumeType: or(ss.VolumeType, "CB1"), CreatedAt: b.now}
	switch {
	case sn.SizeGB <= 0:
		return fmt.Errorf("snapshot %s: sizeGB must be > 0", ss.Name)
	case sn.Status != statusCreat && sn.Status != statusInit:
		return fmt.Errorf("snapshot %s: unknown status %q (want CREAT or INIT)", ss.Name, ss.Status)
	case volumeTypeNames[sn.VolumeType] == "":
		return fmt.Errorf("snapshot %s: unknown volumeType %q", ss.Name, ss.VolumeType)
	}
	b.st.Snapshots = append(b.st.Snapshots, sn)
	return nil
}

// no returns the given number (reserving it) or a fresh one. Numbers
// above maxNo do not move the counter, so generated numbers (snapshot
// numbers among them) stay within 32 bits.
func (b *seeder) no(no string) string {
	if no == "" {
		if b.st.NextNo > maxNo {
			b.exhausted = true
		}
		no = strconv.FormatInt(b.st.NextNo, 10)
		b.st.NextNo++
		return no
	}
	if n, err := strconv.ParseInt(no, 10, 64); err == nil && n >= b.st.NextNo && n <= maxNo {
		b.st.NextNo = n + 1
	}
	return no
}

func (b *seeder) server(no string) *server {
	for _, s := range b.st.Servers {
		if s.No == no {
			return s
		}
	}
	return nil
}

// snapshot finds a snapshot by number (any region when reg is empty) or,
// when no is empty, by name in reg.
func (b *seeder) snapshot(reg, no string, name ...string) *snapshot {
	for _, s := range b.st.Snapshots {
		byNo := no != "" && s.No == no && (reg == "" || s.Region == reg)
		byName := no == "" && len(name) > 0 && s.Region == reg && s.Name == name[0]
		if byNo || byName {
			return s
		}
	}
	return nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != "" && len(s) <= 18
}
