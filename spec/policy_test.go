package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCheckPolicies(t *testing.T) {
	img := "images:\n  - {name: web-a, region: KR, source: {serverName: web-01}}\n"
	tests := []struct {
		name  string
		a, b  string // the lines after catalog: in a.yaml and b.yaml
		other bool   // b.yaml is of another catalog
		want  []string
	}{
		{name: "both silent", a: "", b: ""},
		{name: "same prune and budget", a: "prune: true\nmaxDeletes: 2\n", b: "maxDeletes: 2\nprune: true\n"},
		{name: "prune false is no prune", a: "prune: false\n", b: "prune: false\n"},
		{name: "prune true against silent", a: "prune: true\n", b: "",
			want: []string{`b.yaml:1:1: catalog "web" sets no prune here but prune: true at a.yaml:4:8; every file of a catalog must set the same prune and maxDeletes`}},
		{name: "prune false against true", a: "prune: true\n", b: "prune: false\n",
			want: []string{`b.yaml:4:8: catalog "web" sets prune: false here but prune: true at a.yaml:4:8; every file of a catalog must set the same prune and maxDeletes`}},
		{name: "budgets differ", a: "prune: true\nmaxDeletes: 1\n", b: "prune: true\nmaxDeletes: 9\n",
			want: []string{`b.yaml:5:13: catalog "web" sets prune: true, maxDeletes: 9 here but prune: true, maxDeletes: 1 at a.yaml:5:13; every file of a catalog must set the same prune and maxDeletes`}},
		{name: "maxDeletes without prune", a: "maxDeletes: 2\n", b: "",
			want: []string{`a.yaml:4:13: maxDeletes takes effect only with prune: true (a --prune at the terminal uses --max-deletes): add prune: true or remove maxDeletes`}},
		{name: "another catalog may differ", a: "prune: true\n", b: "prune: false\n", other: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bHeader := header
			if tt.other {
				bHeader = "apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: db\n"
			}
			write(t, map[string]string{"a.yaml": header + tt.a + img, "b.yaml": bHeader + tt.b + img})
			set := Load([]string{"a.yaml", "b.yaml"})
			var got []string
			for _, d := range set.Diagnostics {
				if d.Code == "catalog-policy" {
					got = append(got, d.Error())
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}
