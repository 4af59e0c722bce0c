package schema

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// The schema carries its own words for editors: patternErrorMessage
// beside each pattern and errorMessage beside each rule, both read by
// yaml-language-server and ignored by validators that do not know them.
// ncpimage words its violations with the same texts, so an editor and
// "ncpimage validate" say the same thing.

// tree is the embedded schema as plain JSON values, for looking up the
// messages written beside keywords.
var tree = sync.OnceValue(func() any {
	var v any
	if err := json.Unmarshal(schemaJSON, &v); err != nil {
		return nil // the package tests compile the same bytes and fail
	}
	return v
})

// patternMessages maps each pattern of the schema to the message
// written beside it.
var patternMessages = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if p, ok := v["pattern"].(string); ok {
				if m, ok := v["patternErrorMessage"].(string); ok {
					out[p] = m
				}
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(tree())
	return out
})

// patternMessage is the message written beside pattern, or "".
func patternMessage(pattern string) string {
	return patternMessages()[pattern]
}

// ruleMessage reports whether e is the failure of a rule about how
// fields go together (see [Violation.Rule]) and returns the errorMessage
// written nearest above the failing keyword in the schema.
func ruleMessage(e *jsonschema.ValidationError) (string, bool) {
	_, frag, _ := strings.Cut(e.SchemaURL, "#")
	switch e.ErrorKind.(type) {
	case *kind.OneOf, *kind.AnyOf, *kind.Not, *kind.Contains, *kind.MinContains, *kind.MaxContains,
		*kind.UniqueItems, *kind.FalseSchema:
	default:
		if !strings.Contains(frag, "/allOf/") && !strings.Contains(frag, "/then") {
			return "", false
		}
	}
	msg := "breaks a rule of the schema"
	node := tree()
	for tok := range strings.SplitSeq(strings.TrimPrefix(frag, "/"), "/") {
		if m, ok := node.(map[string]any); ok {
			if s, ok := m["errorMessage"].(string); ok {
				msg = s
			}
		}
		node = step(node, unescape(tok))
	}
	if m, ok := node.(map[string]any); ok {
		if s, ok := m["errorMessage"].(string); ok {
			msg = s
		}
	}
	return msg, true
}

// step follows one JSON pointer token into v; nil when it leads nowhere.
func step(v any, tok string) any {
	switch v := v.(type) {
	case map[string]any:
		return v[tok]
	case []any:
		if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(v) {
			return v[i]
		}
	}
	return nil
}

// unescape decodes one JSON pointer token (RFC 6901).
func unescape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}
