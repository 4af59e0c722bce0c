package sandbox

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// LockFile is the file whose lock serialises the commands that use the
// sandbox of one directory: each loads the state, changes it and saves
// it, so two at once would lose one's images.
const LockFile = "sandbox.lock"

// DefaultLockWait bounds how long a command waits for another one's
// sandbox.
const DefaultLockWait = 10 * time.Minute

// lockPoll is how often a waiting command tries the lock again.
const lockPoll = 50 * time.Millisecond

// lock takes the sandbox lock of dir, waiting at most wait; waiting is
// told once through onWait. The returned function releases it.
func lock(ctx context.Context, dir string, wait time.Duration, onWait func()) (func(), error) {
	path := filepath.Join(dir, Dir, LockFile)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock sandbox: %w", err)
	}
	deadline := time.Now().Add(wait)
	told := false
	for {
		busy, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock sandbox: %w", err)
		}
		if !busy {
			return func() { f.Close() }, nil // closing drops the lock
		}
		if !told && onWait != nil {
			onWait()
			told = true
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("lock sandbox: another ncpimage command has used %s for more than %s", path, wait)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("lock sandbox: %w", ctx.Err())
		case <-time.After(lockPoll):
		}
	}
}
