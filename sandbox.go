package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// sandboxSeed is the emulated account every sandbox starts from; it is
// embedded so the binary works from any directory.
//
//go:embed examples/sandbox-account.yaml
var sandboxSeed []byte

// Where --sandbox keeps the emulated account, relative to the working
// directory, and how long its images take to build: short, but real, so
// an apply really waits.
const (
	sandboxDir         = ".ncpimage"
	sandboxStateFile   = "sandbox.json"
	sandboxCreateDelay = 3 * time.Second
	sandboxDeleteDelay = 2 * time.Second
)

// sandbox is an in-process emulator on loopback for --sandbox. Point the
// client at URL with AccessKey/SecretKey (sandbox-only dummy keys).
type sandbox struct {
	URL       string
	AccessKey string
	SecretKey string

	emu    *emulator.Emulator
	path   string
	cancel context.CancelFunc
	wait   func() error
}

// startSandbox starts the emulator with the state saved in
// dir/.ncpimage/sandbox.json, or with the embedded seed when there is
// none yet. The state is saved after every create or delete and by Close.
func startSandbox(dir string) (*sandbox, error) {
	path := filepath.Join(dir, sandboxDir, sandboxStateFile)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	sb := &sandbox{path: path}
	emu := emulator.New(emulator.Options{
		CreateDelay: sandboxCreateDelay,
		DeleteDelay: sandboxDeleteDelay,
		OnChange:    func() { _ = sb.emu.SaveState(path) },
	})
	sb.emu = emu
	if err := loadSandboxState(emu, path); err != nil {
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	accounts := emu.Accounts()
	if len(accounts) == 0 {
		return nil, fmt.Errorf("start sandbox: %s has no account; run \"ncpimage sandbox reset\"", path)
	}
	ctx, cancel := context.WithCancel(context.Background())
	url, wait, err := emulator.Serve(ctx, "127.0.0.1:0", emu)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	sb.URL, sb.AccessKey, sb.SecretKey = url, accounts[0].AccessKey, accounts[0].SecretKey
	sb.cancel, sb.wait = cancel, wait
	return sb, nil
}

// loadSandboxState restores a saved sandbox, or seeds a new one and saves
// it at once so the first run already leaves a state file.
func loadSandboxState(emu *emulator.Emulator, path string) error {
	err := emu.LoadState(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	seed, err := emulator.ParseSeed(sandboxSeed)
	if err != nil {
		return err
	}
	if err := emu.Seed(seed); err != nil {
		return err
	}
	return emu.SaveState(path)
}

// Close stops the server and saves the state.
func (sb *sandbox) Close() error {
	sb.cancel()
	werr := sb.wait()
	if err := sb.emu.SaveState(sb.path); err != nil {
		return fmt.Errorf("close sandbox: %w", err)
	}
	if werr != nil {
		return fmt.Errorf("close sandbox: %w", werr)
	}
	return nil
}
