package schema

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

var printer = message.NewPrinter(language.English)

// Violation is one way a document breaks the schema.
type Violation struct {
	// Pointer is the JSON pointer (RFC 6901) of the offending instance
	// location. For a missing required property it is the object that
	// lacks it; for a property that is not allowed it is that property.
	Pointer string
	// Keyword is the schema keyword that failed: "required", "type",
	// "additionalProperties", "pattern", "const", ...
	Keyword string
	// Key names the property for "required" (the missing one) and
	// "additionalProperties" (the extra one); "" otherwise.
	Key string
	// Message says what is wrong in words, naming the field.
	Message string
	// Rule is set for a failure of a rule about how fields go together
	// (oneOf, not, if/then, contains, uniqueItems, a false schema, or a
	// limit package spec words more exactly). The schema states these so
	// editors flag them as they are typed; package spec checks each of
	// them too, in better words and at the field to change, and reports
	// a Rule violation only where its own checks said nothing in Scope.
	Rule bool
	// Scope is the JSON pointer of the object a Rule violation is about:
	// the storage entry of a storage rule, the source of the source rule.
	Scope string
}

// flatten turns the error tree of the validator into one violation per
// failing leaf keyword; at is prefixed to every instance location.
func flatten(ve *jsonschema.ValidationError, at []string) []Violation {
	var out []Violation
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 && descend(e.ErrorKind) {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		out = append(out, leaf(e, at)...)
	}
	walk(ve)
	return out
}

// sorted sorts violations by pointer, keyword, key and message and drops
// repeats.
func sorted(out []Violation) []Violation {
	if len(out) == 0 {
		return nil
	}
	slices.SortFunc(out, func(a, b Violation) int {
		return cmp.Or(cmp.Compare(a.Pointer, b.Pointer), cmp.Compare(a.Keyword, b.Keyword),
			cmp.Compare(a.Key, b.Key), cmp.Compare(a.Message, b.Message))
	})
	return slices.Compact(out)
}

// descend reports whether an error with causes is a mere grouping whose
// causes say more than it does. For oneOf, anyOf and the like the causes
// are the failures of every alternative, which only confuse; the error
// itself is reported.
func descend(k jsonschema.ErrorKind) bool {
	switch k.(type) {
	case *kind.OneOf, *kind.AnyOf, *kind.Not, *kind.Contains, *kind.MinContains, *kind.MaxContains:
		return false
	}
	return true
}

// leaf returns the violations of one failing keyword; at is the instance
// location of the validated value in the document.
func leaf(e *jsonschema.ValidationError, at []string) []Violation {
	loc := e.InstanceLocation
	if len(at) > 0 {
		loc = append(slices.Clip(at), loc...)
	}
	ptr := pointer(loc)
	name := label(loc)
	if _, isRequired := e.ErrorKind.(*kind.Required); isRequired {
		if msg, ok := ruleMessage(e); ok {
			return []Violation{{Pointer: ptr, Keyword: "required", Message: msg, Rule: true, Scope: ptr}}
		}
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		out := make([]Violation, 0, len(k.Missing))
		for _, m := range k.Missing {
			out = append(out, Violation{Pointer: ptr, Keyword: "required", Key: m,
				Message: fmt.Sprintf("missing required field %q in %s", m, name)})
		}
		return out
	case *kind.AdditionalProperties:
		out := make([]Violation, 0, len(k.Properties))
		for _, p := range k.Properties {
			out = append(out, Violation{Pointer: ptr + "/" + escape(p), Keyword: "additionalProperties", Key: p,
				Message: unknownField(p, name)})
		}
		return out
	}
	kw := "schema"
	if path := e.ErrorKind.KeywordPath(); len(path) > 0 {
		kw = path[0]
	}
	if msg, ok := ruleMessage(e); ok {
		scope := loc
		if _, isFalse := e.ErrorKind.(*kind.FalseSchema); isFalse && len(loc) > 0 {
			scope, kw = loc[:len(loc)-1], "false"
		}
		return []Violation{{Pointer: ptr, Keyword: kw, Message: msg, Rule: true, Scope: pointer(scope)}}
	}
	return []Violation{{Pointer: ptr, Keyword: kw, Message: describe(name, e.ErrorKind)}}
}

// describe words the failure of keyword k at the field called name.
func describe(name string, k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Type:
		msg := fmt.Sprintf("%s must be %s, not %s", name, article(strings.Join(k.Want, " or ")), article(k.Got))
		if len(k.Want) == 1 && k.Want[0] == "string" && (k.Got == "number" || k.Got == "integer" || k.Got == "boolean") {
			// YAML reads 123, 1.5, yes and true as non-text
			msg += fmt.Sprintf(`: quote it, e.g. %s: "…"`, name)
		}
		return msg
	case *kind.Const:
		return fmt.Sprintf("%s must be %s", name, display(k.Want))
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = display(w)
		}
		return fmt.Sprintf("%s must be one of %s, not %s", name, strings.Join(want, ", "), display(k.Got))
	case *kind.Pattern:
		if msg := patternMessage(k.Want); msg != "" {
			return fmt.Sprintf("%s %q %s", name, k.Got, msg)
		}
		return fmt.Sprintf("%s %q does not match %s", name, k.Got, k.Want)
	case *kind.MultipleOf:
		return fmt.Sprintf("%s must be a multiple of %s, not %s", name, k.Want.RatString(), k.Got.RatString())
	case *kind.MinLength:
		return fmt.Sprintf("%s must be at least %d characters long, not %d", name, k.Want, k.Got)
	case *kind.MaxLength:
		return fmt.Sprintf("%s must be at most %d characters long, not %d", name, k.Want, k.Got)
	case *kind.Minimum:
		return fmt.Sprintf("%s must be at least %s, not %s", name, k.Want.RatString(), k.Got.RatString())
	case *kind.Maximum:
		return fmt.Sprintf("%s must be at most %s, not %s", name, k.Want.RatString(), k.Got.RatString())
	case *kind.MinItems:
		return fmt.Sprintf("%s must have at least %d entries, not %d", name, k.Want, k.Got)
	case *kind.MaxItems:
		return fmt.Sprintf("%s must have at most %d entries, not %d", name, k.Want, k.Got)
	}
	return name + ": " + k.LocalizedString(printer)
}

// label names an instance location for a message: the last property name,
// "images[3]" for an array element, "document" for the root.
func label(loc []string) string {
	if len(loc) == 0 {
		return "document"
	}
	last := loc[len(loc)-1]
	if _, err := strconv.Atoi(last); err == nil && len(loc) > 1 {
		return loc[len(loc)-2] + "[" + last + "]"
	}
	return last
}

func article(typ string) string {
	switch {
	case typ == "null":
		return "null"
	case strings.HasPrefix(typ, "a") || strings.HasPrefix(typ, "i") || strings.HasPrefix(typ, "o"):
		return "an " + typ
	}
	return "a " + typ
}

func display(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

// pointer joins instance location tokens into a JSON pointer.
func pointer(loc []string) string {
	var b strings.Builder
	for _, t := range loc {
		b.WriteByte('/')
		b.WriteString(escape(t))
	}
	return b.String()
}

// escape encodes one JSON pointer token (RFC 6901).
func escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

// unknownField words an additionalProperties failure, with a guess at the
// field meant when the name is a near miss of a declared one.
func unknownField(field, where string) string {
	msg := fmt.Sprintf("unknown field %q in %s", field, where)
	if owner := belongs(field); owner != "" {
		// A known field at the wrong level: most often wrong indentation.
		return msg + fmt.Sprintf(": it belongs under %s; check the indentation", owner)
	}
	if s := nearestField(field); s != "" && s != field {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return msg
}
