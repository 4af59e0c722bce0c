// Package schema holds the JSON Schema (draft 2020-12) of the ncpimage
// manifest format v1 and validates documents against it.
//
// The schema is the structural contract of a catalog: which keys exist,
// their types, enums, patterns and ranges. It is embedded in the binary,
// printed by "ncpimage schema" so editors (yaml-language-server) can offer
// completion and help, and compiled once per process.
//
// The package knows nothing of YAML: [Validate] takes a document already
// decoded into JSON values (map[string]any, []any, string, bool, nil and
// Go numbers) and reports each [Violation] as a JSON pointer into that
// document. The caller (package spec) maps pointers back to file
// positions. Rules that need more than one field or more than one
// document (exactly one order 0, names unique per region, the 1000-byte
// description limit counting the ownership marker) are semantic checks of
// package spec, not schema keywords.
package schema
