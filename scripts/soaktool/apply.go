package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// runTimeout bounds one apply run; a run still going then is killed and
// counts as not converged.
const runTimeout = 5 * time.Minute

// runResult is how one apply run ended.
type runResult struct {
	code   int // exit code; -1 when killed
	killed bool
	wall   time.Duration
}

// applyRun runs `ncpimage apply --auto-approve` on the catalog against the
// emulator, output to run-N.log. With killAt > 0 it sends SIGKILL once
// the emulator has counted killAt createServerImage calls in total.
func applyRun(bin, work string, emu *emulatorProc, run, killAt int) (runResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	log, err := os.Create(filepath.Join(work, fmt.Sprintf("run-%d.log", run)))
	if err != nil {
		return runResult{}, err
	}
	defer log.Close()
	cmd := exec.CommandContext(ctx, bin, "apply", filepath.Join(work, "catalog"), "--auto-approve",
		"--poll-interval", "250ms", "--max-rps", "25", "--parallelism", "4")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + filepath.Join(work, "home"), "NO_COLOR=1",
		"NCLOUD_API_GW=" + emu.url, "NCLOUD_ACCESS_KEY=" + soakAccess, "NCLOUD_SECRET_KEY=" + soakSecret, "NCLOUD_REGION=KR"}
	cmd.Stdout, cmd.Stderr = log, log
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return runResult{}, err
	}
	killed := make(chan bool, 1)
	if killAt > 0 {
		go func() {
			ok := emu.waitCreates(ctx, killAt)
			if ok {
				_ = cmd.Process.Kill()
			}
			killed <- ok
		}()
	}
	werr := cmd.Wait()
	cancel()
	res := runResult{code: cmd.ProcessState.ExitCode(), wall: time.Since(start)}
	if killAt > 0 {
		res.killed = <-killed && res.code == -1
	}
	var ee *exec.ExitError
	if werr != nil && !errors.As(werr, &ee) {
		return res, werr
	}
	return res, nil
}
