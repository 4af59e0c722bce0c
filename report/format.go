package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"

	"github.com/ncpimage/ncpimage/reconcile"
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
}

// Plan renders p in format f.
func Plan(w io.Writer, f Format, p *reconcile.Plan, o Options) error {
	switch f {
	case FormatJSON:
		return JSON(w, p)
	case FormatMarkdown:
		_, err := io.WriteString(w, Markdown(p, o, MarkdownLimit))
		return err
	case FormatGitHub:
		return GitHub(w, p)
	default:
		return Text(w, p, o)
	}
}

// JSON writes the plan in its public JSON format, indented.
func JSON(w io.Writer, p *reconcile.Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return fmt.Errorf("render json: %w", err)
	}
	return nil
}

// Header is the first line of a rendering: the title and the account the
// plan was made against ("sandbox account" or the endpoint host).
func Header(p *reconcile.Plan, o Options) string {
	title := o.Title
	if title == "" {
		title = "ncpimage plan"
	}
	switch {
	case p.Sandbox:
		return title + " (sandbox account)"
	case p.Endpoint != "":
		return title + " (endpoint " + host(p.Endpoint) + ")"
	}
	return title
}

func host(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		return u.Host
	}
	return endpoint
}
