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
	if diff := cmp.Diff(indented.String()+"\n", body); diff != "" {
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
