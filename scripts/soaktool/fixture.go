package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The account the soak runs against: servers with three disks, one
// bootable root snapshot each, and images that belong to someone else.
const (
	servers     = 20
	catalogName = "soak"
	perFile     = 100
	emptySizeGB = 100
	emptyType   = "CB2"
	soakAccess  = "soak-access"
	soakSecret  = "soak-secret-do-not-print-0123456789"
)

func serverNo(i int) string   { return fmt.Sprint(1100000 + i) }
func serverName(i int) string { return fmt.Sprintf("soak-srv-%02d", i) }
func snapNo(i int) string     { return fmt.Sprint(3100000 + i) }
func snapName(i int) string   { return fmt.Sprintf("soak-root-%02d", i) }
func imageName(i int) string  { return fmt.Sprintf("soak-%04d", i) }
func imageDesc(i int) string  { return fmt.Sprintf("soak image %d", i) }

// foreignImages are seeded before the first apply and must come out of
// the soak exactly as they went in: two of another catalog (one with a
// description that looks like ours) and two unmarked ones.
var foreignImages = []struct{ no, name, desc, status string }{
	{"6100001", "other-web-base", "web base [ncpimage:other-team]", "CREAT"},
	{"6100002", "other-soak-0001", "soak image 1 [ncpimage:other-team]", "CREAT"},
	{"6100003", "legacy-golden", "hand-made golden image", "CREAT"},
	{"6100004", "legacy-broken", "", "CREFL"},
}

// writeSeed writes the emulator seed YAML.
func writeSeed(path string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "accounts:\n  - {accessKey: %s, secretKey: %s}\n", soakAccess, soakSecret)
	b.WriteString("regions:\n  - {code: KR, name: Korea}\nservers:\n")
	for i := range servers {
		fmt.Fprintf(&b, "  - {region: KR, no: %q, name: %s, status: RUN, disks: [{sizeGB: 10, volumeType: CB1}, {sizeGB: 50, volumeType: CB1}, {sizeGB: 20, volumeType: CB2}]}\n",
			serverNo(i), serverName(i))
	}
	b.WriteString("snapshots:\n")
	for i := range servers {
		fmt.Fprintf(&b, "  - {region: KR, no: %q, name: %s, sizeGB: 10, bootable: true, volumeType: CB1}\n", snapNo(i), snapName(i))
	}
	b.WriteString("images:\n")
	for _, im := range foreignImages {
		fmt.Fprintf(&b, "  - {region: KR, no: %q, name: %s, description: %q, status: %s, serverNo: %q}\n",
			im.no, im.name, im.desc, im.status, serverNo(0))
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// writeCatalog writes n images of catalog "soak" into dir, perFile a
// file. Image i is made from server i%servers, named or numbered in turn,
// with a base storage from that server's snapshot (by name or number, in
// a different rhythm), a new empty storage at order 1 and order 2 left
// out.
func writeCatalog(dir string, n int) error {
	for f := 0; f*perFile < n; f++ {
		var b strings.Builder
		fmt.Fprintf(&b, "apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: %s\ndefaults:\n  region: KR\nimages:\n", catalogName)
		for i := f * perFile; i < min(n, (f+1)*perFile); i++ {
			s := i % servers
			fmt.Fprintf(&b, "  - name: %s\n    description: %s\n    source:\n", imageName(i), imageDesc(i))
			if i%2 == 0 {
				fmt.Fprintf(&b, "      serverName: %s\n", serverName(s))
			} else {
				fmt.Fprintf(&b, "      serverInstanceNo: %q\n", serverNo(s))
			}
			b.WriteString("    blockStorages:\n      - order: 0\n")
			if i%4 < 2 {
				fmt.Fprintf(&b, "        snapshotName: %s\n", snapName(s))
			} else {
				fmt.Fprintf(&b, "        snapshotInstanceNo: %q\n", snapNo(s))
			}
			fmt.Fprintf(&b, "      - order: 1\n        empty: true\n        sizeGB: %d\n        volumeType: %s\n", emptySizeGB, emptyType)
			b.WriteString("      - order: 2\n        exclude: true\n")
		}
		path := filepath.Join(dir, fmt.Sprintf("soak-%02d.yaml", f))
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}
