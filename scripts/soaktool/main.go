// Command soaktool is the Go side of scripts/soak: it applies a generated
// catalog against a standalone `ncpimage emulator` with transient faults,
// duplicate names allowed and SIGKILLs of the apply at moments drawn from
// the seed, re-runs apply until it exits 0, and then proves from the
// emulator's state file that exactly one image per name exists, each as
// declared, and that images of other owners are untouched. A second
// round does the same on a fresh account with three applies of the
// catalog started at once instead of kills.
//
//	soaktool --bin ncpimage [--seed N] [--images 500] [--short] [--work DIR]
//
// Exit 0 when the account converged as declared, 1 otherwise.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"time"
)

// maxRuns bounds the apply re-runs.
const maxRuns = 10

type options struct {
	bin    string
	seed   int64
	images int
	short  bool
	work   string
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "", "the ncpimage binary to soak (required)")
	flag.Int64Var(&o.seed, "seed", 1, "seed of the fault draws and the kill moments")
	flag.IntVar(&o.images, "images", 500, "images in the catalog")
	flag.BoolVar(&o.short, "short", false, "50 images and one kill (for CI)")
	flag.StringVar(&o.work, "work", "", "directory for the catalog, state, stats and logs (default: a temporary one, kept on failure)")
	flag.Parse()
	if o.bin == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if o.short {
		o.images = 50
	}
	os.Exit(soak(o))
}

// killPlan draws from the seed the total createServerImage counts at
// which runs 1, 2, ... are killed: the first between 10% and 50% of the
// catalog, each next one in the first half of what is left, so each
// lands while creates are still being sent.
func killPlan(seed int64, n, kills int) []int {
	r := rand.New(rand.NewPCG(uint64(seed), 0x50a4))
	var at []int
	k := n/10 + r.IntN(max(1, 4*n/10))
	for range kills {
		k = max(k, 1)
		at = append(at, k)
		k += 1 + r.IntN(max(1, (n-k)/2))
	}
	return at
}

func soak(o options) int {
	work, cleanup, err := workDir(o.work)
	if err != nil {
		return fail(err)
	}
	ok := true
	for _, round := range []struct {
		title string
		run   func(options, string) (result, error)
	}{
		{"round 1: kills and re-runs", soakIn},
		{fmt.Sprintf("round 2: %d applies at once, then re-runs", concurrentRuns), concurrentIn},
	} {
		res, err := round.run(o, work)
		if err != nil {
			fmt.Fprintf(os.Stderr, "soak: %s: %v (work dir %s kept)\n", round.title, err, work)
			return 1
		}
		fmt.Fprintln(os.Stdout, round.title)
		res.print(os.Stdout)
		ok = ok && res.ok()
	}
	if !ok {
		fmt.Fprintf(os.Stderr, "soak: FAILED (work dir %s kept)\n", work)
		return 1
	}
	cleanup()
	return 0
}

func workDir(dir string) (string, func(), error) {
	if dir != "" {
		return dir, func() {}, os.MkdirAll(dir, 0o755)
	}
	dir, err := os.MkdirTemp("", "ncpimage-soak-")
	return dir, func() { _ = os.RemoveAll(dir) }, err
}

func fail(err error) int {
	fmt.Fprintf(os.Stderr, "soak: %v\n", err)
	return 1
}

// result is what one soak found.
type result struct {
	o         options
	runs      []runResult
	kills     []int
	converged bool
	stats     stats
	wall      time.Duration
	census
}

func (r result) ok() bool { return r.converged && r.census.ok() }

func (r result) print(w *os.File) {
	var codes []string
	killed := 0
	for _, run := range r.runs {
		if run.killed {
			killed++
			codes = append(codes, "KILL")
		} else {
			codes = append(codes, fmt.Sprint(run.code))
		}
	}
	fmt.Fprintf(w, "seed %d, %d images, kills planned at creates %v\n", r.o.seed, r.o.images, r.kills)
	fmt.Fprintf(w, "runs needed:       %d (exits %s; %d killed)%s\n", len(r.runs), strings.Join(codes, " "), killed,
		map[bool]string{false: " NOT CONVERGED"}[r.converged])
	fmt.Fprintf(w, "API calls:         %d total, %d createServerImage\n", r.stats.Calls["total"], r.stats.Calls["createServerImage"])
	fmt.Fprintf(w, "faults injected:   %s\n", faultLine(r.stats))
	fmt.Fprintf(w, "wall time:         %s\n", r.wall.Round(10*time.Millisecond))
	fmt.Fprintf(w, "images lost:       %d\nimages duplicated: %d\nimages wrong:      %d\nforeign touched:   %d\n",
		r.lost, r.duplicated, r.wrong, r.touched)
	for _, p := range r.problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
}

func faultLine(s stats) string {
	var keys []string
	sum := 0
	for k, v := range s.Faults {
		keys = append(keys, fmt.Sprintf("%s %d", k, v))
		sum += v
	}
	sort.Strings(keys)
	pct := 0.0
	if s.Calls["total"] > 0 {
		pct = 100 * float64(sum) / float64(s.Calls["total"])
	}
	return fmt.Sprintf("%d (%.1f%% of calls: %s)", sum, pct, strings.Join(keys, ", "))
}
