package report

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/spec"
)

// Format is an output format name as given to --output.
type Format string

// Formats.
const (
	FormatText     Format = "text"
	FormatJSON     Format = "json"
	FormatMarkdown Format = "markdown"
	FormatGitHub   Format = "github"
)

// ParseFormat checks an --output value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case FormatText, FormatJSON, FormatMarkdown, FormatGitHub:
		return f, nil
	}
	return "", fmt.Errorf("unknown output format %q (want text, json, markdown or github)", s)
}

// Options change how a plan is rendered.
type Options struct {
	Color bool   // ANSI colours in text output (only on a terminal)
	Title string // first line, e.g. "ncpimage plan"; default "ncpimage plan"
	// SavedAs names the saved plan file, for the hints of the outputs.
	SavedAs string
	// Artifact names the CI artifact the saved plan is uploaded as (show
	// --artifact), for the markdown cut note.
	Artifact string
	// Commit is the commit the plan was made at (show --commit), for the
	// markdown context line.
	Commit string
	// Refusal is why the plan cannot be applied as a whole (a prune over
	// its budget): markdown and github say so first, in place of what
	// merging would do.
	Refusal string
}

// Failure is a command that could not produce its result (no
// credentials, the account cannot be read, a refused prune): Reason is
// the fine-grained, stable word machines branch on ("auth",
// "credentials", "transient", "api", "interrupted", "too_many_deletes",
// "error"), Message the error as printed on stderr.
type Failure struct {
	Reason  string
	Message string
}

// Renderer renders every result of ncpimage in one format. Text is for
// terminals and logs, JSON the versioned public shapes, markdown
// pull-request comments, github workflow annotations. A format that has
// nothing to say for a result (a failure in text: the error line on
// stderr says it all) writes nothing.
type Renderer interface {
	// Validate reports the result of loading and checking catalogs.
	Validate(w io.Writer, set *spec.Set) error
	// Plan renders a plan, fresh or saved.
	Plan(w io.Writer, p *plan.Plan, o Options) error
	// Apply renders the report of an apply, refusals included.
	Apply(w io.Writer, r *plan.Report) error
	// Failure renders a plan that could not be made.
	Failure(w io.Writer, f Failure) error
}

// New returns the renderer of format f: the one place where a format is
// chosen. Every renderer but JSON (whose encoding escapes them) sees the
// results with their strings cleaned (see [Clean]).
func New(f Format) Renderer {
	switch f {
	case FormatJSON:
		return jsonRenderer{}
	case FormatMarkdown:
		return cleaning{markdownRenderer{}}
	case FormatGitHub:
		return cleaning{githubRenderer{}}
	default:
		return cleaning{textRenderer{}}
	}
}

// cleaning hands its renderer copies of the results with every string
// cleaned, so no renderer can print outside text raw.
type cleaning struct{ r Renderer }

func (c cleaning) Validate(w io.Writer, set *spec.Set) error {
	return c.r.Validate(w, cleanedDiagnostics(set))
}

func (c cleaning) Plan(w io.Writer, p *plan.Plan, o Options) error {
	o.Title, o.SavedAs = Clean(o.Title), Clean(o.SavedAs)
	return c.r.Plan(w, cleaned(p), o)
}

func (c cleaning) Apply(w io.Writer, r *plan.Report) error { return c.r.Apply(w, cleaned(r)) }

func (c cleaning) Failure(w io.Writer, f Failure) error {
	return c.r.Failure(w, Failure{Reason: Clean(f.Reason), Message: Clean(f.Message)})
}

// Header is the first line of a rendering: the title and the account the
// plan was made against ("sandbox account" or the endpoint host) and the
// version of ncpimage that made it.
func Header(p *plan.Plan, o Options) string {
	title := o.Title
	if title == "" {
		title = "ncpimage plan"
	}
	var about []string
	switch {
	case p.Sandbox:
		about = append(about, "sandbox account")
	case p.Endpoint != "":
		about = append(about, "endpoint "+host(p.Endpoint))
	}
	if p.Version != "" {
		about = append(about, "ncpimage "+p.Version)
	}
	if len(about) == 0 {
		return title
	}
	return title + " (" + strings.Join(about, ", ") + ")"
}

func host(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		return u.Host
	}
	return endpoint
}
