package emulator

import (
	"fmt"
	"strconv"
	"time"
)

// seeder checks a Seed against a staged copy of the state and adds it
// there; Emulator.Seed swaps the copy in only when all of it is valid.
type seeder struct {
	e     *Emulator
	st    *state
	now   time.Time
	names map[[2]string]bool // (region, image name) seen so far
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
	return nil
}

func (b *seeder) regions(s Seed) error {
	for _, r := range s.Regions {
		if r.Code == "" {
			return fmt.Errorf("region: code is required")
		}
		if b.hasRegion(r.Code) {
			return fmt.Errorf("region %s: defined twice", r.Code)
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
	for _, ss := range s.Servers {
		used := func(no string) bool { return b.server(no) != nil }
		if err := b.object("server", ss.Region, ss.No, ss.Name, used); err != nil {
			return err
		}
		srv := &server{Region: ss.Region, No: b.no(ss.No), Name: ss.Name, Status: or(ss.Status, "RUN"),
			Operation: or(ss.Operation, opNull), CreatedAt: b.now}
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
	}
	return nil
}

func (b *seeder) snapshots(s Seed) error {
	for _, ss := range s.Snapshots {
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
	}
	return nil
}

// no returns the given number (reserving it) or a fresh one.
func (b *seeder) no(no string) string {
	if no == "" {
		no = strconv.FormatInt(b.st.NextNo, 10)
		b.st.NextNo++
		return no
	}
	if n, err := strconv.ParseInt(no, 10, 64); err == nil && n >= b.st.NextNo {
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
