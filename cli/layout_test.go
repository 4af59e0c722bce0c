package cli

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportRules checks the import direction the README promises
// (main -> cli -> {report, reconcile} -> plan -> spec; reconcile -> ncloud;
// spec -> schema; the emulator alone; report links no net/http), with go list, so a wrong import fails the suite
// instead of waiting for a reviewer.
func TestImportRules(t *testing.T) {
	const mod = "github.com/ncpimage/ncpimage/"
	tests := []struct {
		pkg       string
		forbidden []string // project packages it must not depend on
		noStd     []string // standard packages it must not link
		external  []string // the only non-stdlib modules allowed (prefixes); nil = any
	}{
		{pkg: "schema", forbidden: []string{"spec", "ncloud", "reconcile", "report", "cli", "sandbox"},
			external: []string{"github.com/santhosh-tekuri/jsonschema/v6", "golang.org/x/text"}},
		{pkg: "spec", forbidden: []string{"ncloud", "reconcile", "report", "cli", "sandbox"}},
		{pkg: "ncloud", forbidden: []string{"spec", "schema", "reconcile", "report", "cli", "sandbox", "ncloud/emulator"},
			external: []string{"golang.org/x/time"}},
		{pkg: "ncloud/emulator", forbidden: []string{"spec", "schema", "ncloud", "reconcile", "report", "cli", "sandbox"},
			external: []string{"go.yaml.in/yaml/v3"}},
		{pkg: "plan", forbidden: []string{"ncloud", "reconcile", "report", "cli", "sandbox", "github"}, noStd: []string{"net/http"}},
		{pkg: "reconcile", forbidden: []string{"report", "cli", "sandbox", "ncloud/emulator"}},
		// report renders plans and reports without the HTTP client.
		{pkg: "report", forbidden: []string{"ncloud", "reconcile", "cli", "sandbox", "ncloud/emulator"}, noStd: []string{"net/http"}},
		{pkg: "github", forbidden: []string{"spec", "schema", "ncloud", "reconcile", "report", "cli", "sandbox"},
			external: []string{}},
		{pkg: "jsonw", forbidden: []string{"spec", "schema", "ncloud", "ncloud/emulator", "reconcile", "report", "cli", "sandbox", "github"},
			external: []string{}},
		{pkg: "sandbox", forbidden: []string{"spec", "schema", "ncloud", "reconcile", "report", "cli"}},
	}
	for _, tc := range tests {
		t.Run(tc.pkg, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", mod+tc.pkg).Output()
			if err != nil {
				t.Fatalf("go list: %v", err)
			}
			for _, dep := range strings.Fields(string(out)) {
				for _, f := range tc.forbidden {
					if dep == mod+f {
						t.Errorf("%s depends on %s", tc.pkg, f)
					}
				}
				for _, f := range tc.noStd {
					if dep == f {
						t.Errorf("%s links %s", tc.pkg, f)
					}
				}
				if tc.external != nil && !stdlib(dep) && !strings.HasPrefix(dep, mod) && !allowed(dep, tc.external) {
					t.Errorf("%s depends on %s, outside its allowed modules %v", tc.pkg, dep, tc.external)
				}
			}
		})
	}
}

// stdlib reports whether an import path is the standard library's (its
// first element has no dot).
func stdlib(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func allowed(dep string, prefixes []string) bool {
	for _, p := range prefixes {
		if dep == p || strings.HasPrefix(dep, p+"/") {
			return true
		}
	}
	return false
}

// TestRootHoldsOnlyMain keeps the repository root to the layout the
// README promises: main.go is the only Go file there.
func TestRootHoldsOnlyMain(t *testing.T) {
	files, err := filepath.Glob("../*.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || filepath.Base(files[0]) != "main.go" {
		t.Errorf("Go files at the root: %v, want only main.go", files)
	}
}
