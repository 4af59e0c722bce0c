package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	google "github.com/google/jsonschema-go/jsonschema"
	"github.com/ncpimage/ncpimage/schema"
	"go.yaml.in/yaml/v3"
)

// TestIndependentValidatorOnYAML converts YAML documents exactly as
// [Load] does and checks that an independent draft 2020-12 validator
// (google/jsonschema-go) reaches the same schema verdict as package
// schema on the values ncpimage really validates: the shipped examples,
// and scalars whose YAML typing is easy to get wrong.
func TestIndependentValidatorOnYAML(t *testing.T) {
	var s google.Schema
	if err := json.Unmarshal(schema.JSON(), &s); err != nil {
		t.Fatal(err)
	}
	other, err := s.Resolve(nil)
	if err != nil {
		t.Fatalf("resolve schema with google/jsonschema-go: %v", err)
	}
	docs := map[string]string{}
	for _, glob := range []string{"../examples/catalog/*.yaml", "../examples/invalid/*.yaml"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs[f] = string(data)
		}
	}
	if len(docs) < 10 {
		t.Fatalf("found only %d example files", len(docs))
	}
	const head = "apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: web\nimages:\n  - name: web-base\n    source: {serverName: web-01}\n"
	for name, extra := range map[string]string{
		"hex order":           "    blockStorages: [{order: 0x0, snapshotName: s}]\n",
		"float size":          "    blockStorages: [{order: 0, snapshotName: s}, {order: 1, sizeGB: 1e2, volumeType: CB1, empty: true}]\n",
		"underscore size":     "    blockStorages: [{order: 0, snapshotName: s}, {order: 1, sizeGB: 1_000, volumeType: CB1, empty: true}]\n",
		"timestamp name":      "    description: 2026-11-01\n",
		"yes is a string":     "    blockStorages: [{order: 0, snapshotName: s}, {order: 1, sizeGB: 10, volumeType: CB1, empty: yes}]\n",
		"infinity size":       "    blockStorages: [{order: 0, snapshotName: s}, {order: 1, sizeGB: .inf, volumeType: CB1, empty: true}]\n",
		"null description":    "    description: ~\n",
		"number as snapshot":  "    blockStorages: [{order: 0, snapshotInstanceNo: 3001001}]\n",
		"quoted order":        "    blockStorages: [{order: '0', snapshotName: s}]\n",
		"binary tag":          "    description: !!binary aGVsbG8=\n",
		"custom tag":          "    description: !mine hello\n",
		"huge int size":       "    blockStorages: [{order: 0, snapshotName: s}, {order: 1, sizeGB: 99999999999999999999, volumeType: CB1, empty: true}]\n",
		"negative zero order": "    blockStorages: [{order: -0.0, snapshotName: s}]\n",
	} {
		docs[name] = head + extra
	}
	for name, text := range docs {
		t.Run(filepath.Base(name), func(t *testing.T) {
			for i, root := range yamlValues(t, text) {
				v := root.json()
				ours := schema.Validate(v)
				theirs := other.Validate(v)
				if (len(ours) == 0) != (theirs == nil) {
					t.Errorf("document %d: ncpimage says %v; google/jsonschema-go says %v", i+1, ours, theirs)
				}
			}
		})
	}
}

// yamlValues converts every document of text that parses and converts
// cleanly; documents the loader refuses before the schema are skipped.
func yamlValues(t *testing.T, text string) []*value {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader([]byte(text)))
	var out []*value
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) || err != nil {
			return out
		}
		c := &converter{file: "x.yaml", active: map[*yaml.Node]bool{}}
		root := c.convert(&n, "", 0, false)
		if len(c.diags) == 0 {
			out = append(out, root)
		}
	}
}
