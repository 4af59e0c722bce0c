package ncloud

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
// that a retried attempt decodes into a clean value, and the streaming
// decoder of one member of its object (see [streamEnvelope]).
type headed interface {
	head() *envelopeHeader
	reset()
	// decodeMember decodes the value of member key from dec. It reports
	// false when it cannot say how json.Unmarshal would take that member
	// (a key that differs from a field's only in case, a value of an
	// unexpected kind); the caller then decodes the whole body again.
	decodeMember(dec *json.Decoder, key string) bool
}

// decodeEnvelope decodes {"<action>Response": {...}} into out. It reads
// the envelope as a one-key object, so it does not depend on whitespace or
// on field order. An error body under a 2xx status, or a returnCode other
// than "0", becomes an *APIError.
//
// The common answer, a well-formed success envelope, is streamed
// ([streamEnvelope]): a page of 1000 images is read once, element by
// element, without a copy of the body. Anything else (an error body,
// another key, a syntax or type error) is decoded again by
// [decodeEnvelopeWhole], so every error reads as it always has.
func decodeEnvelope(action string, status int, body []byte, out headed) error {
	out.reset()
	if !streamEnvelope(action, body, out) {
		return decodeEnvelopeWhole(action, status, body, out)
	}
	return checkReturnCode(action, status, out)
}

// streamEnvelope decodes body into out when it is exactly one object
// {"<action>Response": {...}} followed by nothing but whitespace, and
// reports whether it did. When it returns false, out is in an undefined
// state.
func streamEnvelope(action string, body []byte, out headed) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	if !delim(dec, '{') {
		return false
	}
	if key, ok := nextKey(dec); !ok || key != action+"Response" {
		return false
	}
	if !delim(dec, '{') {
		return false
	}
	for dec.More() {
		key, ok := nextKey(dec)
		if !ok || !out.decodeMember(dec, key) {
			return false
		}
	}
	// the inner object's end, then the envelope's
	if !delim(dec, '}') {
		return false
	}
	if !delim(dec, '}') {
		return false
	}
	_, err := dec.Token()
	return err == io.EOF
}

// delim reads the next token and reports whether it is d.
func delim(dec *json.Decoder, d json.Delim) bool {
	t, err := dec.Token()
	return err == nil && t == d
}

// nextKey reads an object key.
func nextKey(dec *json.Decoder) (string, bool) {
	t, err := dec.Token()
	s, ok := t.(string)
	return s, err == nil && ok
}

// decodeList decodes a JSON array into *list one element at a time, or
// null into nil, as json.Unmarshal does into a nil slice.
func decodeList[T any](dec *json.Decoder, list *[]T) bool {
	t, err := dec.Token()
	switch {
	case err != nil:
		return false
	case t == nil:
		*list = nil
		return true
	case t != json.Delim('['):
		return false
	}
	out := (*list)[:0]
	if out == nil {
		out = []T{}
	}
	for dec.More() {
		var v T
		if dec.Decode(&v) != nil {
			return false
		}
		out = append(out, v)
	}
	*list = out
	return delim(dec, ']')
}

// decodeMember decodes the header's members; it reports false for any
// other key.
func (h *envelopeHeader) decodeMember(dec *json.Decoder, key string) bool {
	switch key {
	case "requestId":
		return dec.Decode(&h.RequestID) == nil
	case "returnCode":
		return dec.Decode(&h.ReturnCode) == nil
	case "returnMessage":
		return dec.Decode(&h.ReturnMessage) == nil
	case "totalRows":
		return dec.Decode(&h.TotalRows) == nil
	}
	return false
}

// skipMember skips the value of a member no field takes, unless key is
// one json.Unmarshal would match to a field regardless of case.
func skipMember(dec *json.Decoder, key string, fields ...string) bool {
	for _, f := range fields {
		if strings.EqualFold(key, f) {
			return false
		}
	}
	var skip json.RawMessage
	return dec.Decode(&skip) == nil
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
