package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// faults are the emulator's fault flags: about 10% of all calls answered
// with a transient fault in total (429 from the low rate limit, 503 or
// 500/1000, dropped connections, creates executed but answered 504).
var faults = []string{
	"--rate-limit", "20", "--burst", "5",
	"--error-rate", "0.03", "--drop-rate", "0.02", "--create-504-rate", "0.03",
	"--allow-duplicate-names", "--create-delay", "300ms", "--delete-delay", "100ms",
}

// emulatorProc is a running `ncpimage emulator`.
type emulatorProc struct {
	cmd   *exec.Cmd
	url   string
	stats string
	state string
	done  chan error
}

// startEmulator starts the emulator on a free loopback port and waits
// (at most 20 s) for the line with its URL.
func startEmulator(bin, work string, seed int64) (*emulatorProc, error) {
	p := &emulatorProc{stats: filepath.Join(work, "stats.json"), state: filepath.Join(work, "state.json"), done: make(chan error, 1)}
	args := append([]string{"emulator", "--listen", "127.0.0.1:0", "--seed", filepath.Join(work, "seed.yaml"),
		"--state", p.state, "--stats", p.stats, "--seed-random", fmt.Sprint(seed)}, faults...)
	p.cmd = exec.Command(bin, args...)
	logf, err := os.Create(filepath.Join(work, "emulator.log"))
	if err != nil {
		return nil, err
	}
	p.cmd.Stderr = logf
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			fmt.Fprintln(logf, sc.Text())
			if u, ok := strings.CutPrefix(sc.Text(), "export NCLOUD_API_GW="); ok {
				urls <- u
			}
		}
		p.done <- p.cmd.Wait()
		logf.Close()
	}()
	select {
	case p.url = <-urls:
		return p, nil
	case err := <-p.done:
		return nil, fmt.Errorf("emulator exited before serving: %v (see %s)", err, logf.Name())
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		return nil, fmt.Errorf("emulator printed no URL within 20s")
	}
}

// stop interrupts the emulator, so it saves its state and final stats,
// and kills it if it has not exited within 10 s.
func (p *emulatorProc) stop() error {
	_ = p.cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-p.done:
		return err
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("emulator did not stop within 10s")
	}
}

// stats is the emulator's --stats file.
type stats struct {
	Calls  map[string]int `json:"calls"`
	Faults map[string]int `json:"faults"`
}

func (p *emulatorProc) readStats() (stats, error) {
	var s stats
	data, err := os.ReadFile(p.stats)
	if err == nil {
		err = json.Unmarshal(data, &s)
	}
	return s, err
}

// waitCreates waits until the emulator has counted at least n
// createServerImage calls, or ctx ends.
func (p *emulatorProc) waitCreates(ctx context.Context, n int) bool {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		if s, err := p.readStats(); err == nil && s.Calls["createServerImage"] >= n {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
		}
	}
}
