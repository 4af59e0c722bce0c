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
	"syscall"
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
// *.yml (sorted, hidden directories skipped). Each file appears once,
// also when symlinks lead to it by several names.
// Paths that do not exist, are not regular files or hold no YAML become
// diagnostics; entries a walk skips (see walk) become warnings.
func expand(paths []string) (files []string, diags, warnings []*Error) {
	seen := map[string]string{} // real path -> the path it was first found as
	add := func(p string) {
		key, err := filepath.EvalSymlinks(p)
		if err != nil {
			key = filepath.Clean(p)
		}
		first, dup := seen[key]
		switch {
		case !dup:
			seen[key] = p
			files = append(files, p)
		case filepath.Clean(first) != filepath.Clean(p):
			warnings = append(warnings, &Error{Pos: Pos{File: p}, Code: "skipped",
				Msg: "skipped: the same file as " + first + " (through a symlink)"})
		}
	}
	for _, p := range paths {
		found, skipped, err := expandOne(p)
		if err != nil {
			code := "path"
			if errors.Is(err, errNoFiles) {
				code = "no-files"
			}
			diags = append(diags, &Error{Pos: Pos{File: p}, Code: code, Msg: err.Error()})
		}
		warnings = append(warnings, skipped...)
		for _, f := range found {
			add(f)
		}
	}
	return files, diags, warnings
}

// errNoFiles is a directory with no manifest file (diagnostic code
// "no-files": a prune root without one declares nothing).
var errNoFiles = errors.New("directory holds no *.yaml or *.yml file")

func expandOne(p string) ([]string, []*Error, error) {
	info, err := os.Stat(p) // a path the user named is followed if a symlink
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, errors.New("no such file or directory")
		}
		return nil, nil, fmt.Errorf("stat: %w", unwrapPath(err))
	}
	if !info.IsDir() {
		if !info.Mode().IsRegular() {
			return nil, nil, fmt.Errorf("not a regular file (%s): a manifest must be a regular file", FileType(info.Mode()))
		}
		return []string{p}, nil, nil
	}
	found, skipped, err := walk(p)
	if err != nil {
		return found, skipped, fmt.Errorf("walk directory: %w", unwrapPath(err))
	}
	if len(found) == 0 {
		return nil, skipped, errNoFiles
	}
	slices.Sort(found)
	return found, skipped, nil
}

// walk finds the manifest files under the directory root. Only regular
// files are taken: named pipes, sockets and devices are skipped with a
// warning, never opened. Symlinked directories are not followed (no
// loops, no escapes); a symlinked file is taken only when it resolves to
// a regular file inside root, and skipped with a warning otherwise.
// Found paths start with root as given, even when root is a symlink.
func walk(root string) (found []string, skipped []*Error, err error) {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, nil, err
	}
	skip := func(path, msg string) {
		skipped = append(skipped, &Error{Pos: Pos{File: path}, Code: "skipped", Msg: msg})
	}
	err = filepath.WalkDir(real, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		shown := root
		if rel, _ := filepath.Rel(real, path); rel != "." {
			shown = filepath.Join(root, rel)
		}
		if d.IsDir() {
			if path != real && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		typ := d.Type()
		if typ&fs.ModeSymlink != 0 && !strings.HasPrefix(d.Name(), ".") {
			if info, err := os.Stat(path); err == nil && info.IsDir() {
				skip(shown, "skipped: a symlink to a directory; a walk does not follow them (name it on the command line to read it)")
				return nil
			}
		}
		if !isYAMLName(d.Name()) {
			return nil
		}
		if typ&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(path)
			if err != nil {
				skip(shown, "skipped: a symlink that leads nowhere readable")
				return nil
			}
			if rel, err := filepath.Rel(real, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				skip(shown, "skipped: a symlink to a file outside "+root)
				return nil
			}
			info, err := os.Stat(target)
			if err != nil {
				skip(shown, "skipped: a symlink that leads nowhere readable")
				return nil
			}
			typ = info.Mode().Type()
		}
		if !typ.IsRegular() {
			skip(shown, fmt.Sprintf("skipped: not a regular file (%s)", FileType(typ)))
			return nil
		}
		found = append(found, shown)
		return nil
	})
	return found, skipped, err
}

// FileType names the type of a file that is not regular (for the messages
// that refuse one: manifests here, saved plans in cli).
func FileType(m fs.FileMode) string {
	switch {
	case m&fs.ModeDir != 0:
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symlink"
	}
	return "not a plain file"
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
	// Non-blocking, so that a named pipe swapped in after the walk
	// cannot hang the open; it is then refused as not regular.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, "", fmt.Errorf("open: %w", unwrapPath(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, "", fmt.Errorf("stat: %w", unwrapPath(err))
	}
	if !info.Mode().IsRegular() {
		return nil, "", fmt.Errorf("not a regular file (%s): a manifest must be a regular file", FileType(info.Mode()))
	}
	if info.Size() > MaxFileSize {
		return nil, "", tooBig(info.Size())
	}
	return readAll(f, int(info.Size()))
}

// readAll reads a manifest from r (of about size bytes, 0 when unknown)
// and checks that it is a manifest one can load: not too large, text,
// not too many values.
func readAll(r io.Reader, size int) ([]byte, string, error) {
	var buf bytes.Buffer
	buf.Grow(size + bytes.MinRead) // read in one go
	if _, err := buf.ReadFrom(io.LimitReader(r, MaxFileSize+1)); err != nil {
		return nil, "", fmt.Errorf("read: %w", unwrapPath(err))
	}
	data := buf.Bytes()
	if len(data) > MaxFileSize {
		return nil, "", tooBig(-1)
	}
	sum := sha256.Sum256(data)
	digest := "sha256:" + hex.EncodeToString(sum[:])
	if at := notText(data); at >= 0 {
		line, col := offsetPos(data, at)
		return nil, digest, &textError{line: line, col: col,
			msg: "binary file or not UTF-8 text: a manifest must be a UTF-8 YAML file"}
	}
	if countValues(data) > MaxValues {
		return nil, digest, fmt.Errorf("file holds more than %d YAML values (counting lines, entries and flow items); split it into several files", MaxValues)
	}
	return data, digest, nil
}

// textError is a read error with the position of the offending byte.
type textError struct {
	line, col int
	msg       string
}

func (e *textError) Error() string { return e.msg }

// notText returns the offset of the first byte that makes data binary (a
// NUL among the first binarySniff bytes) or not UTF-8, or -1.
func notText(data []byte) int {
	if i := bytes.IndexByte(data[:min(len(data), binarySniff)], 0); i >= 0 {
		return i
	}
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// offsetPos returns the 1-based line and column (in characters, a byte
// order mark not counted, invalid bytes one each) of byte offset at.
func offsetPos(data []byte, at int) (int, int) {
	before := data[:at]
	line := bytes.Count(before, []byte{'\n'}) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	if line == 1 {
		start = len(before) - len(bytes.TrimPrefix(before, bom))
	}
	return line, utf8.RuneCount(bytes.TrimSuffix(before[start:], []byte{'\r'})) + 1
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

// Files is the manifest files that paths name, found as validate, plan
// and fmt all find them (see expand): the files, the problems with the
// paths (missing, not regular, no YAML file in a directory) and the
// entries a walk skipped (warnings).
func Files(paths []string) (files []string, problems, skipped []*Error) { return expand(paths) }

// ReadFile reads one manifest file by the rules loading uses (regular
// file, size and value limits, UTF-8 text); the error is an *Error at
// the file, or at the byte that is not text.
func ReadFile(path string) ([]byte, error) {
	data, _, err := read(path)
	if err != nil {
		return nil, wholeFileError(path, err)
	}
	return data, nil
}
