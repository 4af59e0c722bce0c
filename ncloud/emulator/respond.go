package emulator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
)

// field is one member of an ordered JSON object.
type field struct {
	Key   string
	Value any
}

// object is a JSON object that keeps its member order, so envelopes and
// their XML rendering read like the real ones.
type object []field

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.Key)
		v, err := json.Marshal(f.Value)
		if err != nil {
			return nil, fmt.Errorf("marshal %s: %w", f.Key, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// apiError is a backend failure, answered as {"responseError": ...}.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + " " + e.message }

// badRequest builds a 400 responseError.
func badRequest(code, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, message: fmt.Sprintf(format, args...)}
}

// result is the success payload of an action: the list under its key
// and the total number of matches (before paging).
type result struct {
	listKey   string
	list      any
	totalRows int
}

// writeResult sends the {"<action>Response": {...}} envelope. It is
// assembled around the indented list rather than marshalled as one value,
// which would compact and re-indent every big list twice.
func writeResult(w http.ResponseWriter, action, format, requestID string, res result) {
	list, err := marshalIndent(res.list, "    ", "  ")
	if err != nil {
		writeGatewayError(w, http.StatusInternalServerError, "900", "Unexpected Error", err.Error())
		return
	}
	var b bytes.Buffer
	b.Grow(len(list) + 256)
	fmt.Fprintf(&b, "{\n  %s: {\n    \"requestId\": %s,\n", quote(action+"Response"), quote(requestID))
	fmt.Fprintf(&b, "    \"returnCode\": \"0\",\n    \"returnMessage\": \"success\",\n")
	fmt.Fprintf(&b, "    \"totalRows\": %d,\n    %s: ", res.totalRows, quote(res.listKey))
	b.Write(list)
	b.WriteString("\n  }\n}")
	writeJSONOrXML(w, http.StatusOK, format, b.Bytes())
}

func quote(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// writeAPIError sends {"responseError": {"returnCode", "returnMessage"}}.
func writeAPIError(w http.ResponseWriter, format string, e *apiError) {
	body := object{{"responseError", object{
		{"returnCode", e.code},
		{"returnMessage", e.message},
	}}}
	writeBody(w, e.status, format, body)
}

// writeGatewayError sends the API Gateway's compact JSON error body,
// whatever the requested format: the gateway answers before the backend.
func writeGatewayError(w http.ResponseWriter, status int, code, message, details string) {
	body, _ := json.Marshal(object{{"error", object{
		{"errorCode", code},
		{"message", message},
		{"details", details},
	}}})
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeBody renders pretty-printed JSON (the official SDK needs
// whitespace after the envelope key) or, unless the client asked for
// json, XML, which is the real API's default.
func writeBody(w http.ResponseWriter, status int, format string, body object) {
	js, err := marshalIndent(body, "", "  ")
	if err != nil {
		writeGatewayError(w, http.StatusInternalServerError, "900", "Unexpected Error", err.Error())
		return
	}
	writeJSONOrXML(w, status, format, js)
}

// writeJSONOrXML sends js as is when format is json, else converted to XML.
// A JSON body ends with its closing '}' and nothing after it: the official
// SDK takes the envelope's inner object as the bytes up to, not
// including, the last byte of the body, so a trailing newline would cut
// the inner object's own '}' off instead.
func writeJSONOrXML(w http.ResponseWriter, status int, format string, js []byte) {
	if !strings.EqualFold(format, "json") {
		x, err := jsonToXML(js)
		if err != nil {
			writeGatewayError(w, http.StatusInternalServerError, "900", "Unexpected Error", err.Error())
			return
		}
		w.Header().Set("Content-Type", "application/xml;charset=UTF-8")
		w.WriteHeader(status)
		_, _ = w.Write(x)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(js)
}

// jsonToXML turns a JSON document whose root is an object with one key
// into XML with that key as root element. Arrays named "fooList" hold
// <foo> elements.
func jsonToXML(js []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if _, err := dec.Token(); err != nil { // the root '{'
		return nil, fmt.Errorf("xml: %w", err)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("xml: %w", err)
		}
		if err := xmlValue(dec, enc, fmt.Sprint(key)); err != nil {
			return nil, err
		}
	}
	if err := enc.Flush(); err != nil {
		return nil, fmt.Errorf("xml: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func xmlValue(dec *json.Decoder, enc *xml.Encoder, name string) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("xml: %w", err)
	}
	start := xml.StartElement{Name: xml.Name{Local: name}}
	if err := enc.EncodeToken(start); err != nil {
		return fmt.Errorf("xml: %w", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		err = xmlChildren(dec, enc, name, t)
	case nil:
	default:
		err = enc.EncodeToken(xml.CharData(fmt.Sprint(t)))
	}
	if err != nil {
		return fmt.Errorf("xml: %w", err)
	}
	return enc.EncodeToken(start.End())
}

func xmlChildren(dec *json.Decoder, enc *xml.Encoder, name string, open json.Delim) error {
	item := strings.TrimSuffix(name, "List")
	if item == name {
		item = "member"
	}
	for dec.More() {
		child := item
		if open == '{' {
			key, err := dec.Token()
			if err != nil {
				return err
			}
			child = fmt.Sprint(key)
		}
		if err := xmlValue(dec, enc, child); err != nil {
			return err
		}
	}
	_, err := dec.Token() // the closing delimiter
	return err
}
