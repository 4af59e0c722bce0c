package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ncpimage/ncpimage/spec"
	"github.com/urfave/cli/v2"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check catalogs offline: YAML, JSON Schema and semantic rules",
		ArgsUsage: "PATH...",
		Description: `Reads every catalog at PATH (files, or directories searched recursively
for *.yaml and *.yml) and reports each problem at its file:line:col.
Nothing is sent to NCP. Exit status: 0 when every catalog is valid,
1 otherwise.

Examples:
   ncpimage validate examples/catalog/
   ncpimage validate catalogs/ --output json
   ncpimage validate catalogs/ -o github      # annotations in GitHub Actions`,
		Flags: []cli.Flag{
			outputFlag("text", "json", "github"),
			&cli.BoolFlag{Name: "no-color", Usage: "never colour the output (validate prints no colour anyway)"},
		},
		Action: runValidate,
	}
}

func runValidate(c *cli.Context) error {
	if c.NArg() == 0 {
		return hintError{err: fmt.Errorf("validate: no PATH given"), hint: "ncpimage validate examples/catalog/"}
	}
	set := spec.Load(c.Args().Slice())
	w := c.App.Writer
	var err error
	switch c.String("output") {
	case "json":
		err = validateJSON(w, set)
	case "github":
		err = validateGitHub(w, set)
	default:
		err = validateText(w, set)
	}
	if err != nil {
		return fmt.Errorf("validate: write output: %w", err)
	}
	if len(set.Diagnostics) > 0 {
		return exitError{1}
	}
	return nil
}

// outputFlag is the --output (-o) flag of a command that can render the
// given formats; the first is the default.
func outputFlag(allowed ...string) cli.Flag {
	return &cli.StringFlag{
		Name:    "output",
		Aliases: []string{"o"},
		Value:   allowed[0],
		Usage:   "output format: " + strings.Join(allowed, ", "),
		Action: func(_ *cli.Context, v string) error {
			if !slices.Contains(allowed, v) {
				return fmt.Errorf("--output %q: want one of %s", v, strings.Join(allowed, ", "))
			}
			return nil
		},
	}
}

// summary is the last line of text output, a public interface:
// "12 images in 3 files: valid" or "12 images in 3 files: 2 errors".
func summary(set *spec.Set) string {
	verdict := "valid"
	if n := len(set.Diagnostics); n > 0 {
		verdict = plural(n, "error")
	}
	return fmt.Sprintf("%s in %s: %s", plural(len(set.Images()), "image"), plural(len(set.Files), "file"), verdict)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func validateText(w io.Writer, set *spec.Set) error {
	var b strings.Builder
	for _, d := range set.Diagnostics {
		b.WriteString(d.Error())
		b.WriteByte('\n')
	}
	b.WriteString(summary(set))
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// validationReport is the JSON output of validate, a public interface:
// fields are only ever added, and format_version says which.
type validationReport struct {
	FormatVersion string       `json:"format_version"`
	Valid         bool         `json:"valid"`
	Files         int          `json:"files"`
	Images        int          `json:"images"`
	Diagnostics   []diagnostic `json:"diagnostics"`
}

type diagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Pointer string `json:"pointer"`
	Message string `json:"message"`
	Code    string `json:"code"`
}

func validateJSON(w io.Writer, set *spec.Set) error {
	r := validationReport{FormatVersion: "1.0", Valid: len(set.Diagnostics) == 0, Files: len(set.Files),
		Images: len(set.Images()), Diagnostics: make([]diagnostic, 0, len(set.Diagnostics))}
	for _, d := range set.Diagnostics {
		r.Diagnostics = append(r.Diagnostics, diagnostic{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col,
			Pointer: d.Pointer, Message: d.Msg, Code: d.Code})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// validateGitHub prints GitHub Actions workflow commands, which GitHub
// shows as annotations on the files of a pull request.
func validateGitHub(w io.Writer, set *spec.Set) error {
	var b strings.Builder
	for _, d := range set.Diagnostics {
		b.WriteString("::error file=" + ghProperty(d.Pos.File))
		if d.Pos.Line > 0 {
			fmt.Fprintf(&b, ",line=%d,col=%d", d.Pos.Line, d.Pos.Col)
		}
		b.WriteString("::" + ghData(d.Msg) + "\n")
	}
	b.WriteString(summary(set) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData and ghProperty escape workflow command text as the GitHub
// Actions toolkit does.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
