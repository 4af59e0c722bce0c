package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"

	"go.yaml.in/yaml/v3"
)

// Format returns the bytes of one catalog file in the canonical layout:
// keys in the author's order (like terraform fmt, it fixes layout, not
// the order of content, so a hand-written file that validates also passes
// fmt --check when laid out alike), two-space indent, instance numbers as double-quoted
// strings, comments kept with the nodes they belong to, one blank line
// where the source had one or more between entries, LF line ends and no
// BOM. Documents, images and block storages keep their order.
//
// Format only reformats: it does not check the catalog against the
// schema, and it never changes what a value means. Every result is
// parsed again and compared with the input, node by node (kinds, tags,
// values, anchors, comments), and formatted a second time; if either
// check fails Format refuses the file rather than write something else.
//
// Errors are *[Error]s at file:line:col: invalid YAML (code "yaml"), or
// code "fmt" when the layout cannot be reproduced safely.
func Format(path string, data []byte) ([]byte, error) {
	if countValues(data) > MaxValues {
		return nil, &Error{Pos: Pos{File: path}, Code: "yaml",
			Msg: fmt.Sprintf("file holds more than %d YAML values; split it into several files", MaxValues)}
	}
	out, err := render(path, data)
	if err != nil {
		return nil, err
	}
	again, err := render(path, out)
	if err != nil || !bytes.Equal(again, out) {
		return nil, refusal(path, "formatting its own output again gives a different layout")
	}
	return out, nil
}

var utf8BOM = []byte("\xef\xbb\xbf")

// render is one formatting pass: parse, reorder and quote, encode, put
// the blank lines back, and check that the meaning survived.
func render(path string, data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	docs, err := parseDocs(data)
	if err != nil {
		return nil, yamlError(path, data, err)
	}
	if len(docs) == 0 {
		return data, nil // comments and blank lines only: nothing to lay out
	}
	for _, d := range docs {
		canonical(d)
	}
	plain, err := encodeDocs(docs)
	if err != nil {
		return nil, refusal(path, err.Error())
	}
	if err := sameMeaning(docs, plain); err != nil {
		return nil, refusal(path, err.Error())
	}
	spaced, err := withBlankLines(data, docs, plain)
	if err == nil {
		err = sameMeaning(docs, spaced)
	}
	if err != nil {
		return plain, nil // the blank lines could not be kept; the rest is right
	}
	return spaced, nil
}

func refusal(path, why string) *Error {
	return &Error{Pos: Pos{File: path}, Code: "fmt",
		Msg: "cannot reformat this file without changing its meaning or comments (" + why + "); left as it is"}
}

// parseDocs reads every document of data. A file of comments and blank
// lines only has no documents.
func parseDocs(data []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, &n)
	}
}

func encodeDocs(docs []*yaml.Node) (out []byte, err error) {
	defer func() { // go-yaml panics on some node trees it built itself
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("go-yaml: %v", r)
		}
	}()
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			return nil, err
		}
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// instanceNoKey is the instance-number key of each kind of mapping.
var instanceNoKey = map[string]string{"source": "serverInstanceNo", "blockStorage": "snapshotInstanceNo"}

// canonical quotes the instance numbers of one document, in place.
func canonical(doc *yaml.Node) {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return
	}
	walkCatalog(doc.Content[0], "document")
}

func walkCatalog(n *yaml.Node, kind string) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		switch {
		case kind == "document" && k == "defaults":
			walkCatalog(v, "defaults")
		case kind == "document" && k == "images", kind == "image" && k == "blockStorages":
			if v.Kind == yaml.SequenceNode {
				for _, item := range v.Content {
					walkCatalog(item, map[string]string{"images": "image", "blockStorages": "blockStorage"}[k])
				}
			}
		case kind == "image" && k == "source":
			walkCatalog(v, "source")
		case k == instanceNoKey[kind]:
			quoteNumber(v)
		}
	}
}

// decimal is an instance number written as a bare YAML integer whose text
// is its value (no sign, base prefix, underscore or leading zero).
var decimal = regexp.MustCompile(`^(0|[1-9][0-9]*)$`)

// quoteNumber makes an instance number a double-quoted string. Only a
// plain decimal integer changes type (to the string of the same digits,
// as the format wants); a string only changes quoting style. Anything
// else (an explicit tag, a float, null) is left for validate to report.
func quoteNumber(v *yaml.Node) {
	if v.Kind != yaml.ScalarNode || v.Style&yaml.TaggedStyle != 0 {
		return
	}
	switch {
	case v.Tag == "!!str":
	case v.Tag == "!!int" && v.Style == 0 && decimal.MatchString(v.Value):
		v.Tag = "!!str"
	default:
		return
	}
	v.Style = yaml.DoubleQuotedStyle
}
