package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// soakIn runs the soak in work: fixtures, emulator, apply runs, check.
func soakIn(o options, work string) (result, error) {
	r := result{o: o}
	emu, before, err := prepare(o, work)
	if err != nil {
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
	return r, finish(&r, emu, before)
}

// prepare writes a round's fixtures in work (seed, catalog of o.images),
// starts its emulator and reads the account as it is before any apply.
func prepare(o options, work string) (*emulatorProc, []emulator.Image, error) {
	if err := os.MkdirAll(filepath.Join(work, "catalog"), 0o755); err != nil {
		return nil, nil, err
	}
	if err := writeSeed(filepath.Join(work, "seed.yaml")); err != nil {
		return nil, nil, err
	}
	if err := writeCatalog(filepath.Join(work, "catalog"), o.images); err != nil {
		return nil, nil, err
	}
	emu, err := startEmulator(o.bin, work, o.seed)
	if err != nil {
		return nil, nil, err
	}
	before, err := loadImages(emu.state)
	if err != nil {
		_ = emu.stop()
		return nil, nil, err
	}
	return emu, before, nil
}

// finish stops a round's emulator and fills r's stats and census from
// what it left.
func finish(r *result, emu *emulatorProc, before []emulator.Image) error {
	if err := emu.stop(); err != nil {
		return err
	}
	var err error
	if r.stats, err = emu.readStats(); err != nil {
		return err
	}
	after, err := loadImages(emu.state)
	if err != nil {
		return err
	}
	r.census = check(after, before, r.o.images)
	return nil
}
