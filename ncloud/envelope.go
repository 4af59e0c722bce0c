package ncloud

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// envelopeHeader holds the fields every success envelope carries.
type envelopeHeader struct {
	RequestID     string     `json:"requestId"`
	ReturnCode    flexString `json:"returnCode"`
	ReturnMessage string     `json:"returnMessage"`
	TotalRows     int        `json:"totalRows"`
}

func (h *envelopeHeader) head() *envelopeHeader { return h }

// headed is a response type: its header, a reset to the zero value so
// that a retried attempt decodes into a clean value, and the fast
// decoding of the inside of its envelope (see [scanEnvelope]).
type headed interface {
	head() *envelopeHeader
	reset()
	// scan decodes the value of the envelope's one key from s. It reports
	// false when it cannot say how json.Unmarshal would take that value
	// (a key that differs from a field's only in case, a value of an
	// unexpected kind, a syntax error); the caller then decodes the whole
	// body again.
	scan(s *scanner) bool
}

// decodeEnvelope decodes {"<action>Response": {...}} into out. It reads
// the envelope as a one-key object, so it does not depend on whitespace or
// on field order. An error body under a 2xx status, or a returnCode other
// than "0", becomes an *APIError.
//
// The common answer, a well-formed success envelope, is scanned
// ([scanEnvelope]): a page of 1000 images is read once, straight from
// the body's bytes, into the wire types. Anything the scanner does not
// take (an error body, another key, a syntax or type error, anything
// whose decoding by json.Unmarshal it does not mimic) is decoded again by
// [decodeEnvelopeWhole], so every value and every error reads as
// json.Unmarshal gives it.
func decodeEnvelope(action string, status int, body []byte, out headed) error {
	out.reset()
	if !scanEnvelope(action, body, out) {
		return decodeEnvelopeWhole(action, status, body, out)
	}
	return checkReturnCode(action, status, out)
}

// scanEnvelope decodes body into out when it is exactly one object
// {"<action>Response": ...} followed by nothing but white space, and
// reports whether it did. When it returns false, out is in an undefined
// state.
func scanEnvelope(action string, body []byte, out headed) bool {
	s := scanner{buf: body}
	if !s.open('{') || s.peek() != '"' {
		return false
	}
	key, esc, _, ok := s.stringSpan()
	if !ok || esc || !isResponseKey(key, action) || !s.eat(':') || !out.scan(&s) || !s.close('}') {
		return false
	}
	s.ws()
	return s.pos == len(s.buf)
}

// isResponseKey reports whether key is action+"Response".
func isResponseKey(key []byte, action string) bool {
	const suffix = "Response"
	return len(key) == len(action)+len(suffix) && string(key[:len(action)]) == action && string(key[len(action):]) == suffix
}

// decodeEnvelopeWhole is the reference decoding of an answer: the body as
// one map, then the inside of its one key.
func decodeEnvelopeWhole(action string, status int, body []byte, out headed) error {
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("%s: decode response: %w", action, err)
	}
	if env["error"] != nil || env["responseError"] != nil {
		return parseError(action, status, body)
	}
	raw, ok := env[action+"Response"]
	if !ok || len(env) != 1 {
		return fmt.Errorf("%s: decode response: want the single key %q, got %s", action, action+"Response", keyList(env))
	}
	out.reset()
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("%s: decode response: %w", action, err)
	}
	return checkReturnCode(action, status, out)
}

// checkReturnCode turns a returnCode other than "0" into an *APIError.
func checkReturnCode(action string, status int, out headed) error {
	h := out.head()
	if h.ReturnCode != "" && h.ReturnCode != "0" {
		return &APIError{Action: action, HTTPStatus: status, Code: string(h.ReturnCode), Message: clean(h.ReturnMessage), RequestID: h.RequestID}
	}
	return nil
}

func keyList(m map[string]json.RawMessage) string {
	if len(m) == 0 {
		return "no key"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, fmt.Sprintf("%q", clean(k)))
	}
	sort.Strings(keys) // in a stable order, not the map's
	return strings.Join(keys, ", ")
}

// flexString is an identifier NCP sends as a JSON string or as a JSON
// integer (blockStorageSnapshotInstanceNo in blockStorageMappingList has
// been both). It keeps the digits exactly; null is "".
type flexString string

var errNotID = errors.New("want a string or an integer")

// UnmarshalJSON accepts "123", 123 and null.
func (s *flexString) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*s = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
		return nil
	case isDigits(b):
		*s = flexString(b)
		return nil
	}
	return fmt.Errorf("identifier %.20s: %w", b, errNotID)
}

func isDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
