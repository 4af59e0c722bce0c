package ncloud

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// streamSeeds are answers the streaming decoder must take exactly as the
// whole-body decoder does, or hand over to it.
var streamSeeds = []string{
	prettyImageList, compact(prettyImageList), prettyImageList + "\n", compact(prettyImageList) + "\r\n",
	throttled, tryLater, badParam, "{", "", "null", `{"error": null}`, "[]", `"x"`,
	`{"getServerImageListResponse": {"serverImageList": [{"blockStorageMappingList": [{"blockStorageSnapshotInstanceNo": 1e3}]}]}}`,
	`{"getServerImageListResponse": {"totalRows": 2, "serverImageList": [{"serverImageNo": 1}, {"serverImageNo": "2"}]}}`,
	`{"getServerImageListResponse": {"serverImageList": null}}`,
	`{"getServerImageListResponse": {"serverImageList": []}}`,
	`{"getServerImageListResponse": {"serverImageList": [null, {"serverImageNo": "7"}]}}`,
	`{"getServerImageListResponse": {"serverImageList": [{"serverImageNo": "1", "serverImageName": "a"}], "serverImageList": [{"serverImageNo": "2"}]}}`,
	`{"getServerImageListResponse": {"ServerImageList": [{"serverImageNo": "1"}]}}`,
	`{"getServerImageListResponse": {"TOTALROWS": 3, "totalRows": 1}}`,
	`{"getServerImageListResponse": {"totalRows": "3"}}`,
	`{"getServerImageListResponse": {"returnCode": 1000, "returnMessage": "try later"}}`,
	`{"getServerImageListResponse": {"unknown": {"a": [1, 2]}, "totalRows": 0}}`,
	`{"getServerImageListResponse": {"totalRows": 0}} {}`,
	`{"getServerImageListResponse": {"totalRows": 0}}}`,
	`{"getServerImageListResponse": {"totalRows": 0}, "other": 1}`,
	`{"getServerImageListResponse": {"totalRows": 0}, "getServerImageListResponse": {"totalRows": 5}}`,
	`{"getServerImageListResponse": {"totalRows": 0,}}`,
	`{"getServerImageListResponse": {"totalRows" 0}}`,
	`{"getServerImageListResponse": {"serverImageList": [{"serverImageNo": "1"} {"serverImageNo": "2"}]}}`,
	`{"getServerImageListResponse": {"serverImageList": [{"serverImageName": "caf\xe9"}]}}`,
	`{"getServerImageListResponse": {"serverImageList": [{"order": "x"}], "totalRows": 1}}`,
	`{"getServerImageListResponse": {"serverImageList": [{"blockStorageMappingList": [{"order": "x"}]}], "totalRows": 1}}`,
	`{"getServerImageListResponse": 5}`,
	`{"getServerImageListResponse": null}`,
}

// FuzzStreamMatchesWhole: for any body, the streamed decoding gives the
// same value and the same error as decoding the body whole.
func FuzzStreamMatchesWhole(f *testing.F) {
	for _, seed := range streamSeeds {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var streamed, whole listResponse
		errStreamed := decodeEnvelope("getServerImageList", 200, []byte(body), &streamed)
		errWhole := decodeEnvelopeWhole("getServerImageList", 200, []byte(body), &whole)
		if fmt.Sprint(errStreamed) != fmt.Sprint(errWhole) {
			t.Fatalf("error streamed: %v\nwhole: %v", errStreamed, errWhole)
		}
		if errWhole == nil || errors.As(errWhole, new(*APIError)) {
			if diff := cmp.Diff(whole, streamed, cmp.AllowUnexported(listResponse{})); diff != "" {
				t.Fatalf("decoded (-whole +streamed):\n%s", diff)
			}
		}
	})
}

// Every list answer decodes on the streaming path, with or without a
// trailing newline.
func TestStreamEnvelopeTakesListAnswers(t *testing.T) {
	for _, body := range []string{prettyImageList, prettyImageList + "\n", compact(prettyImageList)} {
		var r listResponse
		if !streamEnvelope("getServerImageList", []byte(body), &r) {
			t.Errorf("not streamed: %.40q", body)
		}
		if len(r.ServerImageList) != 1 || r.TotalRows != 1 || !strings.HasPrefix(r.RequestID, "5b1a") {
			t.Errorf("decoded %+v", r)
		}
	}
}
