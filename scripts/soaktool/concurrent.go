package main

import (
	"fmt"
	"path/filepath"
	"sync"
	"time"
)

// concurrentRuns is how many applies of one catalog the concurrent round
// starts at once: what a person running apply by hand while CI runs it
// (twice) does.
const concurrentRuns = 3

// concurrentIn is the concurrent round, in work/concurrent: a fresh
// account (same seed and faults, duplicate names allowed), three applies
// of the catalog started together, then single applies until one exits
// 0; the account must then hold one image per name, as declared, with
// every foreign image untouched.
func concurrentIn(o options, work string) (result, error) {
	work = filepath.Join(work, "concurrent")
	r := result{o: o}
	emu, before, err := prepare(o, work)
	if err != nil {
		return r, err
	}
	start := time.Now()
	together := make([]runResult, concurrentRuns)
	errs := make([]error, concurrentRuns)
	var wg sync.WaitGroup
	for i := range concurrentRuns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			together[i], errs[i] = applyRun(o.bin, work, emu, i+1, 0)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			_ = emu.stop()
			return r, fmt.Errorf("concurrent run %d: %w", i+1, err)
		}
	}
	r.runs = together
	r.converged = true
	for _, run := range together {
		r.converged = r.converged && run.code == 0
	}
	for run := concurrentRuns + 1; run <= maxRuns && !r.converged; run++ {
		res, err := applyRun(o.bin, work, emu, run, 0)
		if err != nil {
			_ = emu.stop()
			return r, fmt.Errorf("run %d: %w", run, err)
		}
		r.runs = append(r.runs, res)
		r.converged = res.code == 0
	}
	r.wall = time.Since(start)
	return r, finish(&r, emu, before)
}
