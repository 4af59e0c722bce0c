package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// Every JSON output validates against the schema "ncpimage schema
// --output-format" prints for it: real outputs of real runs.
func TestJSONOutputsMatchTheirSchemas(t *testing.T) {
	emu, env := applyEmu(t, emulator.Options{CreateDelay: 10 * time.Millisecond})
	_ = emu
	setEnv(t, env)
	dir := t.TempDir()
	catalog := writeCatalog(t, dir, 3)
	bad := strings.Replace(catalog, "bulk.yaml", "bad.yaml", 1)
	writeFile(t, bad, "apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: Bad\nimages: []\n")
	tests := []struct {
		name   string
		schema string
		args   []string
		code   int
	}{
		{name: "validate", schema: "validate", args: []string{"validate", catalog, "-o", "json"}},
		{name: "validate invalid", schema: "validate", args: []string{"validate", bad, "-o", "json"}, code: 1},
		{name: "plan", schema: "plan", args: []string{"plan", catalog, "-o", "json"}},
		{name: "plan of invalid catalogs", schema: "validate", args: []string{"plan", bad, "-o", "json"}, code: 1},
		{name: "apply", schema: "apply", args: []string{"apply", catalog, "-o", "json", "--auto-approve", "--poll-interval", "20ms"}},
		{name: "apply refused", schema: "apply", args: []string{"apply", catalog, "-o", "json", "--prune", "--max-deletes", "0"}},
		{name: "plan failure", schema: "failure", args: []string{"plan", catalog, "-o", "json", "--region", "ZZ"}, code: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sch := compileOutputSchema(t, tc.schema)
			var out, errb bytes.Buffer
			code := run(append([]string{"ncpimage"}, tc.args...), strings.NewReader(""), &out, &errb)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tc.code, out.String(), errb.String())
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
			if err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out.String())
			}
			if err := sch.Validate(doc); err != nil {
				t.Errorf("output does not match the %s schema: %v\n%s", tc.schema, err, out.String())
			}
		})
	}
}

func compileOutputSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run([]string{"ncpimage", "schema", "--output-format", name}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("schema --output-format %s: exit %d: %s", name, code, errb.String())
	}
	var doc any
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name+".json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(name + ".json")
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return sch
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
