package spec

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"github.com/ncpimage/ncpimage/schema"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/sync/errgroup"
)

// Load reads the manifests at paths (files, or directories walked
// recursively for *.yaml and *.yml) and returns everything it found.
// It never fails as a whole: every problem, from a missing path to a
// duplicate image name, is a Diagnostic of the Set, sorted by file, line
// and column. A Set with Diagnostics must not be planned.
func Load(paths []string) *Set { return LoadWith(paths, Options{}) }

// Options say what [LoadWith] keeps of the images it loads.
type Options struct {
	// NamesOnly keeps, of each image, only what identifies it (catalog,
	// name, region, adopt, positions and JSON pointer) once it has been
	// checked: enough to count images and to find names used twice, for
	// callers that do not plan them (validate, the prune scope). The
	// description, source, block storages and sharing are dropped, about
	// half of what an image holds, so validating 100,000 images keeps
	// about 300 bytes an image.
	NamesOnly bool
}

// LoadWith is [Load] keeping what o says.
func LoadWith(paths []string, o Options) *Set {
	set := &Set{}
	files, diags, warnings := expand(paths)
	set.Diagnostics = diags
	set.Warnings = sortDiagnostics(warnings)
	results := make([]fileResult, len(files))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, path := range files {
		g.Go(func() error {
			results[i] = loadPath(path)
			if o.NamesOnly {
				results[i].keepNames()
			}
			return nil
		})
	}
	_ = g.Wait() // loadPath reports problems as diagnostics, never as errors
	for _, r := range results {
		set.Files = append(set.Files, r.file)
		set.Catalogs = append(set.Catalogs, r.catalogs...)
		set.Diagnostics = append(set.Diagnostics, r.diags...)
	}
	set.Diagnostics = append(set.Diagnostics, checkNames(set.Images())...)
	set.Diagnostics = append(set.Diagnostics, CheckPolicies(set.Catalogs)...)
	set.Diagnostics = sortDiagnostics(set.Diagnostics)
	return set
}

// StdinName is the file name of a manifest read from standard input.
const StdinName = "<stdin>"

// LoadReader loads one manifest read from r (standard input for "-"),
// named [StdinName] in every position, as [Load] loads a file.
func LoadReader(r io.Reader) *Set {
	set := &Set{}
	res := fileResult{file: File{Path: StdinName}}
	data, digest, err := readAll(r, 0)
	res.file.Digest = digest
	if err != nil {
		res.diags = []*Error{wholeFileError(StdinName, err)}
	} else {
		res.catalogs, res.diags = loadFile(StdinName, data)
	}
	set.Files, set.Catalogs, set.Diagnostics = []File{res.file}, res.catalogs, res.diags
	set.Diagnostics = append(set.Diagnostics, CheckPolicies(set.Catalogs)...)
	set.Diagnostics = sortDiagnostics(append(set.Diagnostics, checkNames(set.Images())...))
	return set
}

// fileResult is what loading one file found.
type fileResult struct {
	file     File
	catalogs []*Catalog
	diags    []*Error
}

// keepNames drops from the file's images what [Options.NamesOnly]
// does not keep.
func (r *fileResult) keepNames() {
	for _, c := range r.catalogs {
		for _, im := range c.Images {
			*im = Image{Catalog: im.Catalog, Name: im.Name, Region: im.Region, Adopt: im.Adopt,
				Pos: im.Pos, Fields: im.Fields, Pointer: im.Pointer, shape: im.shape}
		}
	}
}

func loadPath(path string) fileResult {
	data, digest, err := read(path)
	r := fileResult{file: File{Path: path, Digest: digest}}
	if err != nil {
		r.diags = []*Error{wholeFileError(path, err)}
		return r
	}
	r.catalogs, r.diags = loadFile(path, data)
	return r
}

// wholeFileError points a whole-file problem at the start of the file,
// or at the byte that is not text.
func wholeFileError(path string, err error) *Error {
	pos := Pos{File: path, Line: 1, Col: 1}
	var te *textError
	if errors.As(err, &te) {
		pos.Line, pos.Col = te.line, te.col
	}
	return &Error{Pos: pos, Code: "read", Msg: err.Error()}
}

var bom = []byte("\xef\xbb\xbf")

// loadFile parses every YAML document of one file.
func loadFile(path string, data []byte) ([]*Catalog, []*Error) {
	if d := midBOM(path, data); d != nil {
		return nil, []*Error{d}
	}
	if root, ok := fastParse(path, bytes.TrimPrefix(data, bom)); ok {
		cat, diags := checkDocument(path, 0, root, nil)
		if len(diags) > MaxDiagnostics {
			diags = truncate(path, diags)
		}
		return []*Catalog{cat}, diags
	}
	text := &sourceText{data: bytes.TrimPrefix(data, bom)}
	dec := yaml.NewDecoder(bytes.NewReader(text.data))
	var cats []*Catalog
	var diags []*Error
	docs := 0
	for i := 0; ; i++ {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			diags = append(diags, yamlError(path, data, err))
			return cats, diags
		}
		if len(n.Content) == 0 || (n.Content[0].Kind == yaml.ScalarNode && n.Content[0].ShortTag() == "!!null") {
			continue // an empty document, as between "---" lines
		}
		docs++
		cat, d := loadDocument(path, i, &n, text)
		diags = append(diags, d...)
		if cat != nil {
			cats = append(cats, cat)
		}
		if len(diags) > MaxDiagnostics {
			return cats, truncate(path, diags)
		}
	}
	if docs == 0 {
		diags = append(diags, emptyFile(path, data))
	}
	return cats, diags
}

// midBOM refuses a byte order mark after the start of data: invisible,
// it reaches go-yaml as a character of the text, where it makes a line
// look wrongly indented, a key unknown, or slips into a value. Files
// joined with cat carry one in the middle.
func midBOM(path string, data []byte) *Error {
	start := len(data) - len(bytes.TrimPrefix(data, bom))
	i := bytes.Index(data[start:], bom)
	if i < 0 {
		return nil
	}
	line, col := offsetPos(data, start+i)
	return &Error{Pos: Pos{File: path, Line: line, Col: col}, Code: "yaml",
		Msg: "a byte order mark (U+FEFF) in the middle of the file: remove it"}
}

// MaxDiagnostics is the most diagnostics reported for one file. Past it
// loading of that file stops with a note: nobody reads a million errors,
// and collecting them would cost memory in proportion to a hostile file.
const MaxDiagnostics = 1000

// truncate keeps the first MaxDiagnostics diagnostics of one file by
// position and adds a note that there were more.
// The note points at the first problem left out and sorts after every
// other diagnostic of the file; Set.Problems counts the ones left out.
func truncate(path string, diags []*Error) []*Error {
	diags = sortDiagnostics(diags)
	if len(diags) <= MaxDiagnostics {
		return diags
	}
	first := diags[MaxDiagnostics]
	return append(diags[:MaxDiagnostics:MaxDiagnostics], &Error{Pos: first.Pos, Code: "limit", omitted: len(diags) - MaxDiagnostics,
		Msg: fmt.Sprintf("more than %d problems in this file; stopped after the first %d: fix them and validate again",
			MaxDiagnostics, MaxDiagnostics)})
}

func emptyFile(path string, data []byte) *Error {
	msg := "file is empty: want a ServerImageCatalog document"
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, bom))) > 0 {
		msg = "file holds no YAML document (only comments or empty documents): want a ServerImageCatalog document"
	}
	return &Error{Pos: Pos{File: path, Line: 1, Col: 1}, Code: "empty", Msg: msg}
}

// loadDocument converts, validates and checks one document; doc is its
// 0-based index in the file, text the file's text.
func loadDocument(path string, doc int, n *yaml.Node, text *sourceText) (*Catalog, []*Error) {
	conv := &converter{file: path, active: map[*yaml.Node]bool{}, text: text}
	root := conv.convert(n, "", 0, false)
	diags := conv.diags
	if conv.stopped {
		return nil, diags
	}
	if root.kind != kMap {
		return nil, append(diags, &Error{Pos: root.position(), Code: "document", Msg: fmt.Sprintf(
			"document %d is %s, not a mapping: a catalog is a mapping with apiVersion, kind, catalog and images",
			doc+1, describeKind(root.kind))})
	}
	return checkDocument(path, doc, root, diags)
}

// checkDocument validates and checks one document's value tree, a
// mapping, after the diagnostics of its conversion.
func checkDocument(path string, doc int, root *value, diags []*Error) (*Catalog, []*Error) {
	var bad []string // pointers the schema found fault with
	var rules []schema.Violation
	for _, v := range validate(root) {
		if v.Rule {
			rules = append(rules, v)
			continue
		}
		diags = append(diags, &Error{Pos: root.lookup(v.Pointer).at(), Pointer: v.Pointer, Code: "schema", Msg: v.Message})
		if v.Keyword == "required" {
			bad = append(bad, v.Pointer+"/"+escapePointer(v.Key))
		} else {
			bad = append(bad, v.Pointer)
		}
	}
	cat := decodeCatalog(root, path, doc)
	var checked []string // pointers of every semantic diagnostic, reported or not
	at := map[Pos]bool{} // and their places: an inherited field is checked on the image
	for _, im := range cat.Images {
		if d := missingSource(im); d != nil {
			diags = append(diags, d)
		}
		for _, d := range checkImage(im) {
			checked = append(checked, d.Pointer)
			at[d.Pos] = true
			if !overlaps(d.Pointer, im.Pointer, bad) {
				diags = append(diags, d)
			}
		}
	}
	for _, r := range rules {
		pos := root.lookup(r.Pointer).at()
		if !within(r.Scope, checked) && !within(r.Scope, bad) && !at[pos] {
			diags = append(diags, &Error{Pos: pos, Pointer: r.Pointer, Code: "schema", Msg: r.Message})
		}
	}
	return cat, diags
}

// within reports whether any of ptrs is scope or lies inside it. A
// schema rule (see [schema.Violation.Rule]) about a scope that a
// semantic check or another schema violation already speaks of says the
// same thing in vaguer words, and is left out; a rule that nothing else
// caught is reported in the schema's own words.
func within(scope string, ptrs []string) bool {
	for _, p := range ptrs {
		if p == scope || strings.HasPrefix(p, scope+"/") {
			return true
		}
	}
	return false
}

// overlaps reports whether a semantic diagnostic at ptr is about a value
// the schema already reported (the same value, one inside it, or one
// containing it below the image itself): such a check saw a zero value
// in place of the wrong one and would only add noise.
func overlaps(ptr, image string, bad []string) bool {
	for _, b := range bad {
		switch {
		case b == ptr, strings.HasPrefix(b, ptr+"/"):
			return true
		case b != image && strings.HasPrefix(ptr, b+"/"):
			return true
		}
	}
	return false
}

// CheckRegionNames reports image names used twice in one region once the
// images without a region are given def, the region resolved at plan time
// (--region, NCLOUD_REGION or the account's first region): an image that
// names KR and one that inherits KR collide. Load cannot see this; the
// planner calls it. Pairs Load already reported are not repeated.
func CheckRegionNames(set *Set, def string) []*Error {
	var resolved []*Image
	for _, im := range set.Images() {
		if im.Region == "" {
			cp := *im
			cp.Region = def
			im = &cp
		}
		resolved = append(resolved, im)
	}
	var out []*Error
	for _, d := range checkNames(resolved) {
		if !slices.ContainsFunc(set.Diagnostics, func(e *Error) bool { return e.Pos == d.Pos && e.Code == d.Code }) {
			out = append(out, d)
		}
	}
	return sortDiagnostics(out)
}

// checkNames reports image names used twice in one region, at the later
// image, naming the earlier. Images without a region form a group of
// their own: they all resolve to the same region at plan time.
func checkNames(images []*Image) []*Error {
	type key struct{ region, name string }
	first := map[key]*Image{}
	var diags []*Error
	for _, im := range images {
		if im.Name == "" {
			continue
		}
		k := key{im.Region, im.Name}
		prev, dup := first[k]
		if !dup {
			first[k] = im
			continue
		}
		where := "in region " + im.Region
		if im.Region == "" {
			where = "among images with no region"
		}
		diags = append(diags, &Error{Pos: im.At("name"), Pointer: im.Pointer + "/name", Code: "duplicate-name",
			Msg: fmt.Sprintf("image name %q is used twice %s: first at %s", im.Name, where, prev.At("name"))})
	}
	return diags
}

// SortDiagnostics sorts diagnostics as a Set keeps them (see
// sortDiagnostics), for a caller that adds its own.
func SortDiagnostics(diags []*Error) []*Error { return sortDiagnostics(diags) }

// sortDiagnostics sorts by file, line, column and message, dropping exact
// repeats (a value reached through two aliases, a default shared by many
// images).
func sortDiagnostics(diags []*Error) []*Error {
	slices.SortStableFunc(diags, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmpBool(a.Code == "limit", b.Code == "limit"), cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col), cmp.Compare(a.Msg, b.Msg))
	})
	return slices.CompactFunc(diags, func(a, b *Error) bool {
		return a.Pos == b.Pos && a.Msg == b.Msg
	})
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// yamlError turns a parse error of go-yaml into a positioned diagnostic.
// go-yaml gives a line but no column ("yaml: line 3: ..."); its parser
// (not scanner) errors count lines from 0, and errors on the first line
// carry no line at all. The column is 1, the start of that line.
func yamlError(path string, data []byte, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, text
				if parserError(text) {
					line++
				}
			}
		}
	}
	pos := Pos{File: path, Line: line, Col: 1}
	if strings.HasPrefix(msg, "mapping values are not allowed") {
		if col, key, value, ok := colonInValue(data, line); ok {
			return &Error{Pos: Pos{File: path, Line: line, Col: col}, Code: "yaml",
				Msg: fmt.Sprintf(`invalid YAML: the value of %s holds ": " (a colon and a space), which YAML reads as a new key: quote the value: %s: %q`, key, key, value)}
		}
	}
	if name, ok := unknownAnchor(msg); ok {
		pos = findText(path, data, "*"+name, pos)
	}
	if strings.Contains(msg, "tab") || strings.Contains(msg, "cannot start any token") {
		pos, msg = findTab(data, pos, msg)
	} else if indentationError(msg) {
		// The parser names the line where the block it could not finish
		// began (or the one before): the wrong line is there or after it.
		if l, c, m, ok := badIndent(data); ok && l >= line-1 {
			pos, msg = Pos{File: path, Line: l, Col: c}, m+" (the YAML parser says: "+msg+")"
		}
	}
	return &Error{Pos: pos, Code: "yaml", Msg: "invalid YAML: " + msg}
}

// colonInValue finds, on line (1-based), a plain value that holds ": "
// after its key ("description: API tier: v2"), and returns the column of
// that second colon, the key and the value.
func colonInValue(data []byte, line int) (col int, key, value string, ok bool) {
	lines := bytes.Split(bytes.TrimPrefix(data, bom), []byte("\n"))
	if line < 1 || line > len(lines) {
		return 0, "", "", false
	}
	text := string(bytes.TrimSuffix(lines[line-1], []byte("\r")))
	rest := strings.TrimLeft(text, " ")
	for strings.HasPrefix(rest, "- ") {
		rest = strings.TrimLeft(rest[2:], " ")
	}
	k := strings.Index(rest, ": ")
	if k <= 0 || strings.ContainsAny(rest[:1], "\"'{[#&*!|>") {
		return 0, "", "", false
	}
	value = strings.TrimLeft(rest[k+2:], " ")
	if value == "" || strings.ContainsAny(value[:1], "\"'{[#&*!|>") {
		return 0, "", "", false
	}
	at := strings.Index(value, ": ")
	if at < 0 {
		return 0, "", "", false
	}
	before := text[:len(text)-len(value)+at]
	value, _, _ = strings.Cut(value, " #") // a comment is not part of it
	return len([]rune(before)) + 1, rest[:k], strings.TrimRight(value, " "), true
}

// indentationError is a parser message that a line indented wrongly
// gives.
func indentationError(msg string) bool {
	for _, p := range []string{"did not find expected '-' indicator", "did not find expected key",
		"mapping values are not allowed", "block sequence entries are not allowed"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

func parserError(msg string) bool {
	for _, p := range []string{"did not find expected", "found duplicate %", "found incompatible", "found undefined tag"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

func unknownAnchor(msg string) (string, bool) {
	rest, ok := strings.CutPrefix(msg, "unknown anchor '")
	if !ok {
		return "", false
	}
	name, _, ok := strings.Cut(rest, "' referenced")
	return name, ok
}

// findText returns the position of the first occurrence of text in data,
// or fallback.
func findText(path string, data []byte, text string, fallback Pos) Pos {
	data = bytes.TrimPrefix(data, bom)
	i := bytes.Index(data, []byte(text))
	if i < 0 {
		return fallback
	}
	before := data[:i]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return Pos{File: path, Line: line, Col: len([]rune(string(before[start:]))) + 1}
}

// lineText returns line n (1-based) of data without its line break.
func lineText(data []byte, n int) string {
	data = bytes.TrimPrefix(data, bom)
	for ; n > 1; n-- {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return ""
		}
		data = data[i+1:]
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return strings.TrimSuffix(string(data), "\r")
}

// findTab points a tab-related syntax error at the tab itself: go-yaml
// may report the line where the enclosing construct began.
func findTab(data []byte, pos Pos, msg string) (Pos, string) {
	for line := pos.Line; line < pos.Line+3; line++ {
		text := lineText(data, line)
		if i := strings.IndexByte(text, '\t'); i >= 0 {
			pos.Line, pos.Col = line, len([]rune(text[:i]))+1
			return pos, msg + " (YAML indents with spaces, never tabs)"
		}
	}
	return pos, msg
}
