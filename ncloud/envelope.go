package ncloud

import (
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

// decodeEnvelope decodes {"<action>Response": {...}} into out. It reads
// the envelope as a one-key object, so it does not depend on whitespace or
// on field order. An error body under a 2xx status, or a returnCode other
// than "0", becomes an *APIError.
func decodeEnvelope(action string, status int, body []byte, out headed) error {
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
