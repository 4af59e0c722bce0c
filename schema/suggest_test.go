package schema

import "testing"

func TestSuggest(t *testing.T) {
	tests := []struct {
		name    string
		unknown string
		want    string
	}{
		{name: "one letter swapped in", unknown: "sourse", want: "source"},
		{name: "letters transposed", unknown: "blockStroages", want: "blockStorages"},
		{name: "wrong case", unknown: "sizegb", want: "sizeGB"},
		{name: "snake case", unknown: "server_name", want: "serverName"},
		{name: "nothing close", unknown: "tags", want: ""},
		{name: "too short to guess", unknown: "x", want: ""},
		{name: "two edits from a short name is no guess", unknown: "base", want: ""},
		{name: "one edit from a short name", unknown: "nme", want: "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nearestField(tt.unknown); got != tt.want {
				t.Errorf("suggest(%q) = %q, want %q", tt.unknown, got, tt.want)
			}
		})
	}
}

func TestUnknownFieldAtWrongLevel(t *testing.T) {
	tests := []struct{ field, where, want string }{
		{"serverName", "images[0]", `unknown field "serverName" in images[0]: it belongs under "source"; check the indentation`},
		{"region", "document", `unknown field "region" in document: it belongs under "defaults" or an image; check the indentation`},
		{"description", "document", `unknown field "description" in document: it belongs under "defaults" or an image; check the indentation`},
		{"blockStorages", "source", `unknown field "blockStorages" in source: it belongs under an image; check the indentation`},
		{"order", "source", `unknown field "order" in source: it belongs under a blockStorages entry; check the indentation`},
		{"images", "defaults", `unknown field "images" in defaults: it belongs under the document; check the indentation`},
		{"serverNme", "source", `unknown field "serverNme" in source; did you mean "serverName"?`},
		{"tags", "images[0]", `unknown field "tags" in images[0]`},
	}
	for _, tt := range tests {
		if got := unknownField(tt.field, tt.where); got != tt.want {
			t.Errorf("unknownField(%q, %q) = %q, want %q", tt.field, tt.where, got, tt.want)
		}
	}
}
