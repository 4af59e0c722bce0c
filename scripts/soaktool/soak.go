package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// soakIn runs the soak in work: fixtures, emulator, apply runs, check.
func soakIn(o options, work string) (result, error) {
	r := result{o: o}
	if err := os.MkdirAll(filepath.Join(work, "catalog"), 0o755); err != nil {
		return r, err
	}
	if err := writeSeed(filepath.Join(work, "seed.yaml")); err != nil {
		return r, err
	}
	if err := writeCatalog(filepath.Join(work, "catalog"), o.images); err != nil {
		return r, err
	}
	emu, err := startEmulator(o.bin, work, o.seed)
	if err != nil {
		return r, err
	}
	before, err := loadImages(emu.state)
	if err != nil {
		_ = emu.stop()
		return r, err
	}
	kills := 2
	if o.short {
		kills = 1
	}
	r.kills = killPlan(o.seed, o.images, kills)
	start := time.Now()
	for run := 1; run <= maxRuns && !r.converged; run++ {
		killAt := 0
		if run <= len(r.kills) {
			killAt = r.kills[run-1]
		}
		res, err := applyRun(o.bin, work, emu, run, killAt)
		if err != nil {
			_ = emu.stop()
			return r, fmt.Errorf("run %d: %w", run, err)
		}
		r.runs = append(r.runs, res)
		r.converged = res.code == 0
	}
	r.wall = time.Since(start)
	if err := emu.stop(); err != nil {
		return r, err
	}
	if r.stats, err = emu.readStats(); err != nil {
		return r, err
	}
	after, err := loadImages(emu.state)
	if err != nil {
		return r, err
	}
	r.census = check(after, before, o.images)
	return r, nil
}
