package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ncpimage/ncpimage/spec"
)

// checkOutPath refuses an --out path that would destroy an input: one of
// the manifests read (whatever the path was written like) or a
// directory. It runs before anything is written or sent.
func checkOutPath(flag, path string, inputs []spec.File) error {
	fi, err := os.Stat(path)
	if err != nil {
		return nil // a new file
	}
	if fi.IsDir() {
		return hintError{err: fmt.Errorf("%s %s: is a directory", flag, path), hint: "give a file name, e.g. " + flag + " " + filepath.Join(path, "plan.json")}
	}
	for _, in := range inputs {
		if other, err := os.Stat(in.Path); err == nil && os.SameFile(fi, other) {
			return hintError{err: fmt.Errorf("%s %s: is the catalog %s, which this command reads; refusing to overwrite it", flag, path, in.Path),
				hint: "write the plan elsewhere, e.g. " + flag + " plan.json"}
		}
	}
	return nil
}

// writeAtomic writes data to path through a temporary file in the same
// directory and a rename, so a reader (or a re-run after a crash) never
// sees half a file.
func writeAtomic(path string, data []byte) error {
	return writeAtomicFunc(path, 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomicFunc is writeAtomic of what write writes (a big plan is
// written to the temporary file as it is encoded), with mode perm.
func writeAtomicFunc(path string, perm os.FileMode, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	removeStaleTemps(dir, time.Now())
	tmp, err := os.CreateTemp(dir, fmt.Sprintf("%s%d-*%s", tempPrefix, os.Getpid(), tempSuffix))
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), perm)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return err
}

// Our temporary files are named .ncpimage-PID-RANDOM.tmp, so a later
// write can tell what a killed run left (a plan's is up to tens of MB).
const (
	tempPrefix = ".ncpimage-"
	tempSuffix = ".tmp"
	// staleAfter is how long a temporary file of a dead process must be
	// untouched before it is removed: a live writer in another PID
	// namespace (a container on a shared volume) looks dead here but keeps
	// its file fresh, as a write takes seconds.
	staleAfter = time.Minute
)

// removeStaleTemps deletes the temporary files in dir that a killed
// ncpimage left: ours by name, of a process that no longer runs, and
// untouched for staleAfter. Anything else is left alone; errors are
// ignored (the write goes on either way).
func removeStaleTemps(dir string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, ok := tempPID(e.Name())
		if !ok || !e.Type().IsRegular() || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) >= staleAfter {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// tempPID is the process number in a name of ours, .ncpimage-PID-X.tmp.
func tempPID(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, tempPrefix)
	if !ok || !strings.HasSuffix(rest, tempSuffix) {
		return 0, false
	}
	digits, _, ok := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(digits)
	return pid, ok && err == nil && pid > 0
}
