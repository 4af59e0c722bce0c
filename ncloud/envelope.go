package ncloud

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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

// headed is a response type: its header, and a reset to the zero value
// so that a retried attempt decodes into a clean value.
type headed interface {
	head() *envelopeHeader
	reset()
}

// decodeEnvelope decodes a success envelope {"<action>Response": {...}}
// into out in one pass of encoding/json (a page of 1000 images is read
// once, straight into the wire types). It reads the envelope as a one-key
// object, so it does not depend on whitespace or on field order. An
// error body ({"error": ...} or {"responseError": ...}), even under a 2xx
// status, or a returnCode other than "0", becomes an *APIError.
//
// The key is the action's own "<action>Response", or any other key
// ending in "Response" whose object holds a returnCode: NCP's own
// documentation answers createServerImage with
// getServerImageListResponse, and the official SDK reads any key
// (docs/ncp-api.md, "Envelope"). Anything else is refused.
func decodeEnvelope(action string, status int, body []byte, out headed) error {
	out.reset()
	key, value, err := splitEnvelope(body)
	if err != nil {
		return fmt.Errorf("%s: decode response: %w", action, err)
	}
	switch {
	case key == "error" || key == "responseError":
		return parseError(action, status, body)
	case !strings.HasSuffix(key, "Response"):
		return fmt.Errorf("%s: decode response: want the single key %q, got %q", action, action+"Response", clean(key))
	}
	if err := json.Unmarshal(value, out); err != nil {
		return fmt.Errorf("%s: decode response: %w", action, valueError(body, err))
	}
	if key != action+"Response" && out.head().ReturnCode == "" {
		return fmt.Errorf("%s: decode response: the key %q is not %q and its object holds no returnCode", action, clean(key), action+"Response")
	}
	return checkReturnCode(action, status, out)
}

// splitEnvelope splits body, the text of a one-key object {"key": value},
// into its key and the text of its value. It reads only the object's
// opening, its key and its closing brace; json.Unmarshal then reads the
// value and refuses it unless it is exactly one JSON value (a second key
// is text after the value). So a page is decoded by one call of
// encoding/json, without the copy of the value that a json.Decoder or a
// json.RawMessage makes (BenchmarkDecodeImagePage).
func splitEnvelope(body []byte) (key string, value []byte, err error) {
	rest := bytes.TrimSpace(body)
	if !bytes.HasPrefix(rest, []byte("{")) {
		if err := json.Unmarshal(body, new(any)); err != nil {
			return "", nil, err // not JSON: its syntax error
		}
		return "", nil, errors.New("want an object")
	}
	rest = bytes.TrimLeft(rest[1:], jsonSpace)
	if bytes.HasPrefix(rest, []byte("}")) {
		return "", nil, errors.New("want the single key of the envelope, got an empty object")
	}
	end := stringEnd(rest)
	if end < 0 || json.Unmarshal(rest[:end], &key) != nil {
		return "", nil, json.Unmarshal(body, new(any))
	}
	rest = bytes.TrimLeft(rest[end:], jsonSpace)
	if len(rest) < 2 || rest[0] != ':' || rest[len(rest)-1] != '}' {
		if err := json.Unmarshal(body, new(any)); err != nil {
			return "", nil, err
		}
		return "", nil, errors.New("want an object of one key")
	}
	return key, rest[1 : len(rest)-1], nil
}

// valueError words a syntax error in the value of an envelope as a fault
// of the whole body: a second key, or the syntax error of the body.
func valueError(body []byte, err error) error {
	if se := (*json.SyntaxError)(nil); !errors.As(err, &se) {
		return err
	}
	if json.Valid(body) {
		return errors.New("want a single key in the envelope, got more")
	}
	return json.Unmarshal(body, new(any))
}

// jsonSpace is JSON's white space.
const jsonSpace = " \t\r\n"

// stringEnd returns the length of the JSON string that b starts with,
// its quotes included, or -1. json.Unmarshal checks its escapes.
func stringEnd(b []byte) int {
	if len(b) == 0 || b[0] != '"' {
		return -1
	}
	for i := 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// checkReturnCode turns a returnCode other than "0" into an *APIError.
func checkReturnCode(action string, status int, out headed) error {
	h := out.head()
	if h.ReturnCode != "" && h.ReturnCode != "0" {
		return &APIError{Action: action, HTTPStatus: status, Code: string(h.ReturnCode), Message: clean(h.ReturnMessage), RequestID: h.RequestID}
	}
	return nil
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
