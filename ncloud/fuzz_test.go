package ncloud

import (
	"strings"
	"testing"
)

// Untrusted answers never panic, and an error from them never carries
// more than the message cap allows.
func FuzzDecodeAnswer(f *testing.F) {
	for _, seed := range []string{prettyImageList, compact(prettyImageList), throttled, tryLater, badParam, "{", "", "null", `{"error": null}`,
		`{"getServerImageListResponse": {"serverImageList": [{"blockStorageMappingList": [{"blockStorageSnapshotInstanceNo": 1e3}]}]}}`} {
		f.Add(200, seed)
		f.Add(400, seed)
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		var r listResponse
		err := decodeEnvelope("getServerImageList", status, []byte(body), &r)
		if err == nil {
			_, _ = images("getServerImageList", r.ServerImageList, "")
		}
		ae := parseError("getServerImageList", status, []byte(body))
		if len(ae.Message) > 310 || strings.Contains(ae.Message, "\n") {
			t.Errorf("message not cleaned: %q", ae.Message)
		}
		_ = ae.Error()
		_ = ae.retryable()
	})
}
