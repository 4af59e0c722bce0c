// Package sandbox runs the built-in emulated account of --sandbox: an
// in-process NCP emulator on loopback whose state lives in
// .ncpimage/sandbox.json under a working directory, seeded from the
// example account the first time. Every command that uses it starts it,
// points its client at URL with the sandbox-only keys, and closes it,
// which saves the state; the next command carries on from there.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// Where the sandbox keeps the emulated account, relative to the working
// directory, and how long its images take to build: short, but real, so
// an apply really waits.
const (
	Dir         = ".ncpimage"
	StateFile   = "sandbox.json"
	createDelay = 3 * time.Second
	deleteDelay = 2 * time.Second
)

// StatePath is the state file of the sandbox of dir.
func StatePath(dir string) string { return filepath.Join(dir, Dir, StateFile) }

// Sandbox is an in-process emulator on loopback. Point the client at URL
// with AccessKey/SecretKey (sandbox-only dummy keys).
type Sandbox struct {
	URL       string
	AccessKey string
	SecretKey string

	emu    *emulator.Emulator
	path   string
	cancel context.CancelFunc
	wait   func() error
	unlock func()

	mu      sync.Mutex
	saveErr error // the first failed save after a change, returned by Close
}

// Options tune [Start]: how long to wait for another command's sandbox
// (default [DefaultLockWait]) and what to say when waiting.
type Options struct {
	LockWait time.Duration
	OnWait   func()
}

// Start starts the emulator with the state saved in
// dir/.ncpimage/sandbox.json, or with seed (a seed YAML) when there is
// none yet. The state is saved after every create or delete and by Close.
// The sandbox is locked from Start to Close: a second command in the same
// directory waits for it (see [Options]).
func Start(ctx context.Context, dir string, seed []byte, o Options) (*Sandbox, error) {
	path := StatePath(dir)
	if err := makeDir(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	if o.LockWait <= 0 {
		o.LockWait = DefaultLockWait
	}
	unlock, err := lock(ctx, dir, o.LockWait, o.OnWait)
	if err != nil {
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	sb, err := start(path, seed)
	if err != nil {
		unlock()
		return nil, err
	}
	sb.unlock = unlock
	return sb, nil
}

func start(path string, seed []byte) (*Sandbox, error) {
	sb := &Sandbox{path: path}
	emu := emulator.New(emulator.Options{
		CreateDelay: createDelay,
		DeleteDelay: deleteDelay,
		OnChange:    sb.save,
	})
	sb.emu = emu
	if err := loadState(emu, path, seed); err != nil {
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

// makeDir makes the sandbox's directory with a .gitignore that ignores
// everything in it, as other tools do with their working directories, so
// the emulated account is never committed by accident.
func makeDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	ignore := filepath.Join(dir, ".gitignore")
	if _, err := os.Lstat(ignore); err == nil {
		return nil
	}
	return os.WriteFile(ignore, []byte("# made by ncpimage --sandbox: the emulated account, never committed\n*\n"), 0o644)
}

// save writes the state after a change, keeping the first failure for
// Close: a command whose state write failed must not report success.
func (sb *Sandbox) save() {
	err := sb.emu.SaveState(sb.path)
	sb.mu.Lock()
	defer sb.mu.Unlock()
	if err != nil && sb.saveErr == nil {
		sb.saveErr = err
	}
}

// loadState restores a saved sandbox, or seeds a new one and saves it at
// once so the first run already leaves a state file.
func loadState(emu *emulator.Emulator, path string, seedYAML []byte) error {
	err := emu.LoadState(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	seed, err := emulator.ParseSeed(seedYAML)
	if err != nil {
		return err
	}
	if err := emu.Seed(seed); err != nil {
		return err
	}
	return emu.SaveState(path)
}

// Close stops the server, saves the state and releases the lock. It
// fails when this save or any save after a change failed: the state on
// disk may then lack changes the account made.
func (sb *Sandbox) Close() error {
	defer sb.unlock()
	sb.cancel()
	werr := sb.wait()
	err := sb.emu.SaveState(sb.path)
	sb.mu.Lock()
	if sb.saveErr != nil {
		err = sb.saveErr
	}
	sb.mu.Unlock()
	if err != nil {
		return fmt.Errorf("close sandbox: %w", err)
	}
	if werr != nil {
		return fmt.Errorf("close sandbox: %w", werr)
	}
	return nil
}

// Reset removes the state of the sandbox of dir; existed is false when
// there was none.
func Reset(dir string) (existed bool, err error) {
	err = os.Remove(StatePath(dir))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("sandbox reset: %w", err)
	}
	return true, nil
}
