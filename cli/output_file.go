package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

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
	return writeAtomicFunc(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomicFunc is writeAtomic of what write writes: a big plan is
// written to the temporary file as it is encoded.
func writeAtomicFunc(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ncpimage-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return err
}
