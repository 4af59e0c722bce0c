package report

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// The JSON outputs are public interfaces; schemas/ holds a JSON Schema
// (draft 2020-12) of each, for CI scripts to check what they parse.
//
//go:embed schemas/*.json
var schemaFiles embed.FS

// OutputSchemaNames are the outputs [OutputSchema] knows.
func OutputSchemaNames() []string {
	entries, _ := schemaFiles.ReadDir("schemas")
	var names []string
	for _, e := range entries {
		if n := strings.TrimSuffix(e.Name(), ".json"); n != "common" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// OutputSchema returns the JSON Schema of output name (validate, plan,
// apply, failure), self-contained: the shared definitions are copied in.
func OutputSchema(name string) ([]byte, error) {
	data, err := schemaFiles.ReadFile("schemas/" + name + ".json")
	if err != nil || name == "common" {
		return nil, fmt.Errorf("no JSON output named %q (want one of %s)", name, strings.Join(OutputSchemaNames(), ", "))
	}
	common, err := schemaFiles.ReadFile("schemas/common.json")
	if err != nil {
		return nil, err
	}
	var doc, shared map[string]any
	if err := json.Unmarshal([]byte(strings.ReplaceAll(string(data), `"common.json#/$defs/`, `"#/$defs/`)), &doc); err != nil {
		return nil, fmt.Errorf("output schema %s: %w", name, err)
	}
	if err := json.Unmarshal(common, &shared); err != nil {
		return nil, fmt.Errorf("output schema common: %w", err)
	}
	defs, _ := doc["$defs"].(map[string]any)
	if defs == nil {
		defs = map[string]any{}
	}
	for k, v := range shared["$defs"].(map[string]any) {
		defs[k] = v
	}
	doc["$defs"] = defs
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
