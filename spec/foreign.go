package spec

import (
	"bytes"
	"errors"
	"io"

	"go.yaml.in/yaml/v3"
)

// NotCatalog reports whether the file at path is YAML that is plainly
// not an ncpimage catalog: it reads and parses, holds a document, and
// neither its text (comments included) names ncpimage or
// ServerImageCatalog nor any document is a mapping with a catalog key.
// A prune scope passes over such files (a docker-compose.yml beside the
// catalogs); any other file that does not load may be a catalog with a
// typo, and must stop a prune. False whenever in doubt.
func NotCatalog(path string) bool {
	data, _, err := read(path)
	if err != nil {
		return false
	}
	lower := bytes.ToLower(data)
	if bytes.Contains(lower, []byte("ncpimage")) || bytes.Contains(lower, []byte("serverimagecatalog")) {
		return false
	}
	dec := yaml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, bom)))
	docs := 0
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs > 0
		}
		if err != nil || hasCatalogKey(&n) {
			return false
		}
		docs++
	}
}

func hasCatalogKey(doc *yaml.Node) bool {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return false
	}
	m := doc.Content[0].Content
	for i := 0; i+1 < len(m); i += 2 {
		if m[i].Value == "catalog" {
			return true
		}
	}
	return false
}
