package spec

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// MaxFileSize is the largest manifest file read, 8 MiB: about 30,000
// images. A bigger file is refused before it is read, so memory stays
// bounded whatever the user points ncpimage at.
const MaxFileSize = 8 << 20

// MaxValues bounds how many YAML values a manifest file may hold, as
// estimated by [countValues] before the file is parsed: 500,000, about
// 15,000 images with block storages. Parsing costs memory per value, not
// per byte, so the size limit alone would let a dense 8 MiB file ("1,1,1,
// ..." or "- 1" lines) cost gigabytes.
const MaxValues = 500_000

// binarySniff is how many leading bytes are checked for NUL bytes, the
// sign of a binary file (as git and grep decide).
const binarySniff = 8000

// expand turns the paths given by the user into the manifest files to
// read: files as given, directories walked recursively for *.yaml and
// *.yml (sorted, hidden directories skipped). Each file appears once.
// Paths that do not exist or hold no YAML become diagnostics.
func expand(paths []string) ([]string, []*Error) {
	var files []string
	var diags []*Error
	seen := map[string]bool{}
	add := func(p string) {
		if key := filepath.Clean(p); !seen[key] {
			seen[key] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		found, err := expandOne(p)
		if err != nil {
			diags = append(diags, &Error{Pos: Pos{File: p}, Code: "path", Msg: err.Error()})
		}
		for _, f := range found {
			add(f)
		}
	}
	return files, diags
}

func expandOne(p string) ([]string, error) {
	info, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errors.New("no such file or directory")
		}
		return nil, fmt.Errorf("stat: %w", unwrapPath(err))
	}
	if !info.IsDir() {
		return []string{p}, nil
	}
	var found []string
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && isYAMLName(d.Name()) {
			found = append(found, path)
		}
		return nil
	})
	if err != nil {
		return found, fmt.Errorf("walk directory: %w", unwrapPath(err))
	}
	if len(found) == 0 {
		return nil, errors.New("directory holds no *.yaml or *.yml file")
	}
	slices.Sort(found)
	return found, nil
}

func isYAMLName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// unwrapPath drops the *fs.PathError wrapper: diagnostics already name
// the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// read returns the bytes of one manifest file and its digest, refusing
// files over MaxFileSize (without reading them) and binary files.
func read(path string) ([]byte, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("open: %w", unwrapPath(err))
	}
	defer f.Close()
	var buf bytes.Buffer
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		if info.Size() > MaxFileSize {
			return nil, "", tooBig(info.Size())
		}
		buf.Grow(int(info.Size()) + bytes.MinRead) // read in one go
	}
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, "", fmt.Errorf("read: %w", unwrapPath(err))
	}
	data := buf.Bytes()
	if len(data) > MaxFileSize {
		return nil, "", tooBig(-1)
	}
	sum := sha256.Sum256(data)
	digest := "sha256:" + hex.EncodeToString(sum[:])
	if bytes.IndexByte(data[:min(len(data), binarySniff)], 0) >= 0 || !utf8.Valid(data) {
		return nil, digest, errors.New("binary file or not UTF-8 text: a manifest must be a UTF-8 YAML file")
	}
	if countValues(data) > MaxValues {
		return nil, digest, fmt.Errorf("file holds more than %d YAML values (counting lines, entries and flow items); split it into several files", MaxValues)
	}
	return data, digest, nil
}

// countValues estimates, in one pass over the bytes, how many nodes
// go-yaml will build: one per line, per flow item ('[', '{', ','), per
// block entry ("- ") and per key (": "). Text inside quotes and comments
// counts too, so the estimate errs high for prose, never by much for the
// dense input the limit is for.
func countValues(data []byte) int {
	n := 1
	for i, c := range data {
		switch c {
		case '\n', '[', '{', ',':
			n++
		case ' ', '\t':
			if i > 0 && (data[i-1] == '-' || data[i-1] == ':') {
				n++
			}
		}
	}
	return n
}

func tooBig(size int64) error {
	if size < 0 {
		return fmt.Errorf("file is larger than the limit of %d MiB for a manifest; split it into several files", MaxFileSize>>20)
	}
	return fmt.Errorf("file is %d bytes, larger than the limit of %d MiB for a manifest; split it into several files", size, MaxFileSize>>20)
}
