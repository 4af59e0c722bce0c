package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/ncpimage/ncpimage/spec"
)

// ValidateSummary is the last line of validate's text output, a public
// interface: "12 images in 3 files: valid" or "12 images in 3 files: 2 errors".
func ValidateSummary(set *spec.Set) string {
	verdict := "valid"
	n, exact := set.Problems()
	switch {
	case !exact:
		shown := 0
		for _, d := range set.Diagnostics {
			if d.Code != "limit" {
				shown++
			}
		}
		verdict = fmt.Sprintf("more than %d errors (%d shown)", n, shown)
	case n > 0:
		verdict = plural(n, "error", "errors")
	}
	return fmt.Sprintf("%s in %s: %s", plural(len(set.Images()), "image", "images"),
		plural(len(set.Files), "file", "files"), verdict)
}

// Validate writes one file:line:col: message line per diagnostic, then
// the summary.
func (textRenderer) Validate(w io.Writer, set *spec.Set) error {
	var b strings.Builder
	for _, d := range set.Diagnostics {
		b.WriteString(d.Error())
		b.WriteByte('\n')
	}
	b.WriteString(ValidateSummary(set))
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// Failure writes nothing: the error line on stderr says it all.
func (textRenderer) Failure(io.Writer, Failure) error { return nil }

// Validate writes an ::error annotation per diagnostic, at its file, line
// and column, then the summary.
func (githubRenderer) Validate(w io.Writer, set *spec.Set) error {
	var a annotations
	for _, d := range set.Diagnostics {
		a.add("error", d.Pos.File, d.Pos.Line, d.Pos.Col, d.Msg)
	}
	return a.write(w, ValidateSummary(set)+"\n")
}

// Failure writes nothing: the error line on stderr is in the job log.
func (githubRenderer) Failure(io.Writer, Failure) error { return nil }

// Validate writes invalid catalogs as a comment: the marker, a heading,
// and the text report in a code block (plan and apply print it when the
// catalogs they were given are invalid).
func (markdownRenderer) Validate(w io.Writer, set *spec.Set) error {
	var b strings.Builder
	if err := (textRenderer{}).Validate(&b, set); err != nil {
		return err
	}
	_, err := io.WriteString(w, Marker+"\n### ncpimage plan: the catalogs are invalid\n\n```\n"+b.String()+"```\n")
	return err
}

// Failure writes nothing: the job log has the error.
func (markdownRenderer) Failure(io.Writer, Failure) error { return nil }
