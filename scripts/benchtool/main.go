// Command benchtool writes the fixtures of scripts/bench and reads its
// measurements. It is not part of ncpimage.
//
//	benchtool plan-fixture N DIR   DIR/seed.yaml (an account holding N images of catalog
//	                               "bench" with its marker, the server and snapshot they
//	                               use) and DIR/catalog/*.yaml declaring the same N images
//	benchtool catalog N DIR        only DIR/catalog/*.yaml (N images to create)
//	benchtool seed N FILE          only the seed (N = 0: no images)
package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

const (
	catalogName = "bench"
	perFile     = 500
	description = "bench image"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchtool:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 3 {
		return fmt.Errorf("usage: benchtool plan-fixture|catalog|seed N PATH")
	}
	n, err := strconv.Atoi(args[1])
	if err != nil || n < 0 {
		return fmt.Errorf("count %q: want a whole number", args[1])
	}
	switch args[0] {
	case "plan-fixture":
		if err := os.MkdirAll(args[2], 0o755); err != nil {
			return err
		}
		if err := writeSeed(filepath.Join(args[2], "seed.yaml"), n); err != nil {
			return err
		}
		return writeCatalog(filepath.Join(args[2], "catalog"), n)
	case "catalog":
		return writeCatalog(filepath.Join(args[2], "catalog"), n)
	case "seed":
		return writeSeed(args[2], n)
	}
	return fmt.Errorf("unknown command %q", args[0])
}

func imageName(i int) string { return fmt.Sprintf("img-%06d", i) }

// writeSeed writes an emulator seed: one region, the server and the
// snapshot of the catalog, and n images already created as declared.
func writeSeed(path string, n int) error {
	return writeFile(path, func(w *bufio.Writer) {
		fmt.Fprint(w, "accounts:\n  - accessKey: bench-access\n    secretKey: bench-secret\n")
		fmt.Fprint(w, "regions:\n  - {code: KR, name: Korea}\n")
		fmt.Fprint(w, "servers:\n  - {region: KR, no: \"1001001\", name: web-01, status: RUN}\n")
		fmt.Fprint(w, "snapshots:\n  - {region: KR, no: \"3001001\", name: web-01-root, sizeGB: 10, bootable: true}\n")
		if n == 0 {
			fmt.Fprint(w, "images: []\n")
			return
		}
		fmt.Fprint(w, "images:\n")
		for i := range n {
			fmt.Fprintf(w, "  - {region: KR, name: %s, description: \"%s [ncpimage:%s]\", blockStorages: [{order: 0, snapshotNo: \"3001001\", sizeGB: 10}]}\n",
				imageName(i), description, catalogName)
		}
	})
}

// writeCatalog writes n images, perFile a file, as the seed holds them.
func writeCatalog(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for f := 0; f*perFile < n || (n == 0 && f == 0); f++ {
		err := writeFile(filepath.Join(dir, fmt.Sprintf("bench-%04d.yaml", f)), func(w *bufio.Writer) {
			fmt.Fprintf(w, "apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: %s\n", catalogName)
			fmt.Fprintf(w, "defaults:\n  region: KR\n  description: %s\nimages:", description)
			if n == 0 {
				fmt.Fprint(w, " []")
			}
			fmt.Fprint(w, "\n")
			for i := f * perFile; i < min(n, (f+1)*perFile); i++ {
				fmt.Fprintf(w, "  - name: %s\n    source:\n      serverName: web-01\n", imageName(i))
				fmt.Fprint(w, "    blockStorages:\n      - order: 0\n        snapshotName: web-01-root\n        sizeGB: 10\n")
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, body func(*bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	body(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
