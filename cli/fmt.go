package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/report"
	"github.com/ncpimage/ncpimage/spec"
)

// fmtOptions are the flags and arguments of fmt.
type fmtOptions struct {
	check bool // write nothing, list the files that would change, exit 1 if any
	diff  bool // write nothing, print a unified diff of what would change
	paths []string
}

func (e *env) fmtCommand() *cli.Command {
	return &cli.Command{
		Name:      "fmt",
		Usage:     "rewrite catalogs in the canonical layout, comments kept",
		ArgsUsage: "PATH...",
		Description: `Rewrites every catalog at PATH (files, or directories searched recursively
for *.yaml and *.yml; hidden directories and symbolic links inside them
are skipped) in one layout: two-space indent, serverInstanceNo and
snapshotInstanceNo as double-quoted strings, one blank line where there
were blank lines between entries, one space before a comment, LF line
ends. Like terraform fmt, it fixes layout, not the order of content:
keys, documents, images and block storages keep the author's order, and
comments and the "# yaml-language-server: $schema=..." line are kept.
Running it twice changes nothing.

fmt only reformats: it does not check catalogs against the schema (run
validate for that) and never changes what a value means. A file that is
not valid YAML is reported at its file:line:col and left alone. Files are
replaced atomically, keeping their mode; each file changed is printed.

PATH "-" reads one catalog from standard input and writes it, formatted,
to standard output (with --check or --diff, as for a file named <stdin>).

Exit status: 0 when every file is (now) formatted; 1 when a file is not
valid YAML or cannot be written, or with --check when a file would change.

Examples:
   ncpimage fmt catalogs/                 # rewrite in place, print each file changed
   ncpimage fmt --check catalogs/         # CI: list the files that would change, exit 1 if any
   ncpimage fmt --diff catalogs/web.yaml  # show what would change, write nothing
   ncpimage fmt - < web.yaml              # the formatted catalog on standard output`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "check", Usage: "write nothing; list the files that would change and exit 1 if there are any"},
			&cli.BoolFlag{Name: "diff", Usage: "write nothing; print a unified diff of what would change"},
		},
		Action: func(ctx context.Context, c *cli.Command) error {
			return e.fmt(fmtOptions{check: c.Bool("check"), diff: c.Bool("diff"), paths: c.Args().Slice()})
		},
	}
}

func (e *env) fmt(o fmtOptions) error {
	if len(o.paths) == 0 {
		return hintError{err: errors.New("fmt: no PATH given"), hint: "ncpimage fmt catalogs/"}
	}
	if len(o.paths) == 1 && o.paths[0] == "-" {
		return e.fmtStdin(o)
	}
	files, problems, skipped := spec.Files(o.paths)
	for _, w := range skipped {
		e.warn(w.Error())
	}
	failed, changed := len(problems), 0
	for _, p := range problems {
		e.fmtFailure(p)
	}
	for _, f := range files {
		ok, err := e.fmtFile(f, o)
		if err != nil {
			e.fmtFailure(err)
			failed++
		}
		if ok {
			changed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("fmt: %d %s not formatted (see above)", failed, plural(failed, "file", "files"))
	}
	if o.check && changed > 0 {
		return hintError{err: fmt.Errorf("fmt --check: %d %s not in the canonical layout", changed, plural(changed, "file is", "files are")),
			hint: "rewrite them with: ncpimage fmt " + strings.Join(o.paths, " ")}
	}
	return nil
}

// fmtStdin formats the catalog read from standard input: to standard
// output, or with --check and --diff as for a file named <stdin>.
func (e *env) fmtStdin(o fmtOptions) error {
	data, err := io.ReadAll(io.LimitReader(e.stdin, spec.MaxFileSize+1))
	if err != nil {
		return fmt.Errorf("fmt: read standard input: %w", err)
	}
	if len(data) > spec.MaxFileSize {
		return fmt.Errorf("fmt: %s: larger than %d bytes", spec.StdinName, spec.MaxFileSize)
	}
	out, err := spec.Format(spec.StdinName, data)
	if err != nil {
		e.fmtFailure(err)
		return errors.New("fmt: 1 file not formatted (see above)")
	}
	switch {
	case o.diff:
		if !bytes.Equal(out, data) {
			_, err = fmt.Fprint(e.stdout, unifiedDiff(spec.StdinName, string(data), string(out)))
		}
	case o.check:
		if !bytes.Equal(out, data) {
			fmt.Fprintln(e.stdout, spec.StdinName)
			return hintError{err: errors.New("fmt --check: 1 file is not in the canonical layout"), hint: "rewrite it with: ncpimage fmt - < FILE"}
		}
	default:
		_, err = e.stdout.Write(out)
	}
	return err
}

func (e *env) fmtFailure(err error) { fmt.Fprintln(e.stderr, report.Clean(err.Error())) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// fmtFile formats one file as o says and reports whether it changed (or
// would change).
func (e *env) fmtFile(path string, o fmtOptions) (bool, error) {
	data, err := spec.ReadFile(path)
	if err != nil {
		return false, err
	}
	out, err := spec.Format(path, data)
	if err != nil {
		return false, err
	}
	if bytes.Equal(out, data) {
		return false, nil
	}
	switch {
	case o.diff:
		_, err = fmt.Fprint(e.stdout, unifiedDiff(path, string(data), string(out)))
	case o.check:
		_, err = fmt.Fprintln(e.stdout, report.Clean(path))
	default:
		if err = replaceFile(path, out); err != nil {
			return false, fmt.Errorf("%s: write: %w", path, err)
		}
		_, err = fmt.Fprintln(e.stdout, report.Clean(path))
	}
	return true, err
}

// replaceFile replaces the file at path (or the file a symbolic link
// there points to) with data through a temporary file in the same
// directory and a rename, keeping the file's mode.
func replaceFile(path string, data []byte) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	info, err := os.Stat(target)
	if err != nil {
		return err
	}
	return writeAtomicFunc(target, info.Mode().Perm(), func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
