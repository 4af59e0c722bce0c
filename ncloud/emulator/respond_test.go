package emulator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Envelopes are pretty-printed: the official SDK needs whitespace between
// the envelope key and its object.
func TestJSONIsPrettyPrinted(t *testing.T) {
	h := newHarness(t, Options{})
	status, body := h.post("getRegionList", nil)
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	var compact, indented bytes.Buffer
	if err := json.Compact(&compact, []byte(body)); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&indented, compact.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(indented.String(), body); diff != "" {
		t.Errorf("body is not MarshalIndent output (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(body, "{\n  \"getRegionListResponse\": {\n    \"requestId\": \"") {
		t.Errorf("envelope starts %q", body[:min(len(body), 60)])
	}
	res := h.ok("getRegionList", nil)
	want := []wireRegion{{"KR", "Korea"}, {"SGN", "Singapore(New)"}}
	if diff := cmp.Diff(want, res.Regions); diff != "" || res.TotalRows != 2 || res.ReturnCode != "0" {
		t.Errorf("regions (-want +got):\n%s (totalRows %d)", diff, res.TotalRows)
	}
}

// Without responseFormatType=json the API answers XML, its default.
func TestXMLWhenNotJSON(t *testing.T) {
	h := newHarness(t, Options{})
	h.create("img-xml", nil)
	for _, format := range []string{"xml", ""} {
		form := url.Values{"responseFormatType": {format}}
		status, body := h.post("getServerImageList", form)
		if status != http.StatusOK {
			t.Fatalf("%q: status %d %s", format, status, body)
		}
		var doc struct {
			XMLName    xml.Name `xml:"getServerImageListResponse"`
			ReturnCode string   `xml:"returnCode"`
			TotalRows  int      `xml:"totalRows"`
			Images     []struct {
				Name     string `xml:"serverImageName"`
				Status   string `xml:"serverImageStatus>code"`
				Mappings []struct {
					Size int64 `xml:"blockStorageSize"`
				} `xml:"blockStorageMappingList>blockStorageMapping"`
			} `xml:"serverImageList>serverImage"`
		}
		if err := xml.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatalf("%q: %v in %s", format, err, body)
		}
		if doc.ReturnCode != "0" || doc.TotalRows != 1 || len(doc.Images) != 1 ||
			doc.Images[0].Name != "img-xml" || doc.Images[0].Mappings[0].Size != 10*gib {
			t.Errorf("%q: decoded %+v from %s", format, doc, body)
		}
	}
	_, body := h.post("createServerImage", url.Values{"responseFormatType": {"xml"}})
	if !strings.Contains(body, "<responseError>") || !strings.Contains(body, "<returnCode>3400013</returnCode>") {
		t.Errorf("xml error body: %s", body)
	}
}

// sdkInner cuts the inner object out of an envelope the way the official
// Go SDK does (ncp-api.md §6.11): the index of the first '{' in the body
// with its leading and trailing '{' trimmed, used on the untrimmed body
// (so one byte before the inner '{'), up to but not including the last
// byte of the body.
func sdkInner(body []byte) ([]byte, bool) {
	i := bytes.IndexAny(bytes.Trim(body, "{"), "{")
	if i < 0 || len(body) == 0 || i > len(body)-1 {
		return nil, false
	}
	return body[i : len(body)-1], true
}

// Every JSON body, success or error, ends with its closing '}' and
// nothing after it, and its inner object survives the SDK's cut.
func TestBodiesEndWithBrace(t *testing.T) {
	h := newHarness(t, Options{})
	check := func(what string, body string) {
		t.Helper()
		if !strings.HasSuffix(body, "}") || !json.Valid([]byte(body)) {
			t.Errorf("%s: body does not end with '}' or is not JSON: %q", what, body[max(0, len(body)-20):])
		}
	}
	for _, action := range []string{"getRegionList", "getServerImageList", "getServerInstanceList"} {
		_, body := h.post(action, nil)
		check(action, body)
		inner, ok := sdkInner([]byte(body))
		var v struct {
			ReturnCode string `json:"returnCode"`
		}
		if !ok || json.Unmarshal(inner, &v) != nil || v.ReturnCode != "0" {
			t.Errorf("%s: SDK cut %q does not decode", action, inner)
		}
	}
	_, body := h.post("createServerImage", nil) // responseError 400
	check("responseError", body)
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/vserver/v2/getNothing", nil)
	_, body = h.do(req) // gateway 404
	check("gateway error", body)
}
