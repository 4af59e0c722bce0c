package spec

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// genCatalog writes n images in n/500 files (at least one) under dir, the
// shape of a big real catalog: about 17 fields an image, each with a name,
// a region, a description, a source server and three block storages (a
// base snapshot, a new empty storage and an excluded one).
// scripts/gen-catalog writes the same files for the built binary.
func genCatalog(dir string, n int) error {
	const perFile = 500
	files := max(1, (n+perFile-1)/perFile)
	regions := []string{"KR", "SGN", "JPN"}
	img := 0
	for f := range files {
		var b strings.Builder
		fmt.Fprintf(&b, "# Generated catalog %d of %d.\napiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: team-%02d\nimages:\n", f+1, files, f%20)
		for i := 0; i < perFile && img < n; i, img = i+1, img+1 {
			fmt.Fprintf(&b, "  - name: svc-%05d-base-2026\n", img)
			fmt.Fprintf(&b, "    region: %s\n", regions[img%len(regions)])
			fmt.Fprintf(&b, "    description: Ubuntu 22.04 with nginx 1.26 and the agent for service %d\n", img)
			fmt.Fprintf(&b, "    source:\n      serverName: svc-%05d-01\n", img)
			fmt.Fprintf(&b, "    blockStorages:\n      - order: 0\n        snapshotName: svc-%05d-root-2026-11\n", img)
			b.WriteString("      - order: 1\n        sizeGB: 100\n        volumeType: CB1\n        empty: true\n")
			b.WriteString("      - order: 2\n        exclude: true\n")
		}
		name := filepath.Join(dir, fmt.Sprintf("catalog-%04d.yaml", f))
		if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func benchmarkLoad(b *testing.B, n int, o Options) {
	dir := b.TempDir()
	if err := genCatalog(dir, n); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var kept float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		set := LoadWith([]string{dir}, o)
		runtime.GC()
		runtime.ReadMemStats(&after)
		if len(set.Diagnostics) > 0 || len(set.Images()) != n {
			b.Fatalf("%d images, diagnostics: %v", len(set.Images()), set.Diagnostics[:min(3, len(set.Diagnostics))])
		}
		kept = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n)
		runtime.KeepAlive(set)
	}
	b.ReportMetric(kept, "kept-B/image")
}

// BenchmarkLoadImages loads generated catalogs of 1,000 to 100,000 images
// (500 a file) and reports, besides time and allocations, the heap still
// live per image once loading is done (kept-B/image): as plan loads them,
// and keeping names only, as validate does.
func BenchmarkLoadImages(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 50_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchmarkLoad(b, n, Options{}) })
		b.Run(fmt.Sprintf("n=%d/names-only", n), func(b *testing.B) { benchmarkLoad(b, n, Options{NamesOnly: true}) })
	}
}
