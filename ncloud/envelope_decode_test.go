package ncloud

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// recorder serves a client's requests from an emulator in-process and
// keeps the last answer to each action, as the emulator wrote it.
type recorder struct {
	h      http.Handler
	mu     sync.Mutex
	bodies map[string][]byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	r.h.ServeHTTP(rec, req)
	action := req.URL.Path[strings.LastIndex(req.URL.Path, "/")+1:]
	r.mu.Lock()
	r.bodies[action] = bytes.Clone(rec.Body.Bytes())
	r.mu.Unlock()
	return rec.Result(), nil
}

// emulatorAnswers lists regions, servers, snapshots and n images (with
// two disks each, every third one shared) from an emulator, and returns
// the last answer of each list action.
func emulatorAnswers(tb testing.TB, n int) map[string][]byte {
	tb.Helper()
	const access, secret = "decode-test-access", "decode-test-secret"
	emu := emulator.New(emulator.Options{Accounts: []emulator.Account{{AccessKey: access, SecretKey: secret}}, RandSeed: 1})
	seed := emulator.Seed{
		Regions: []emulator.SeedRegion{{Code: "KR", Name: "Korea"}, {Code: "SGN", Name: "Singapore(New)"}},
		Servers: []emulator.SeedServer{{Region: "KR", No: "1001001", Name: "web-01"}, {Region: "KR", No: "1001002", Name: "web-02", Status: "NSTOP"}},
		Snapshots: []emulator.SeedSnapshot{
			{Region: "KR", No: "3001001", Name: "web-01-root", SizeGB: 10, Bootable: true},
			{Region: "KR", No: "3001005", Name: "db-01-data", SizeGB: 200, VolumeType: "CB2"},
		},
	}
	for i := range n {
		img := emulator.SeedImage{Region: "KR", Name: fmt.Sprintf("img-%05d", i), Description: fmt.Sprintf("nginx [ncpimage:web-%d]", i%7),
			BlockStorages: []emulator.SeedBlockStorage{{Order: 0, SnapshotNo: "3001001"}, {Order: 1, SnapshotNo: "3001005", SizeGB: 250}}}
		if i%3 == 0 {
			img.SharedLoginIDList = []string{"a@example.com", "b@example.com"}
		}
		seed.Images = append(seed.Images, img)
	}
	if err := emu.Seed(seed); err != nil {
		tb.Fatal(err)
	}
	rec := &recorder{h: emu, bodies: map[string][]byte{}}
	c, err := New(WithEndpoint("http://127.0.0.1:1"), WithCredentials(Credentials{AccessKey: access, SecretKey: secret}),
		WithLimiter(instantLimiter()), withHTTPClient(&http.Client{Transport: rec}))
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.GetRegionList(ctx); err != nil {
		tb.Fatal(err)
	}
	if _, err := c.GetServerInstanceList(ctx, "KR", ServerFilter{}); err != nil {
		tb.Fatal(err)
	}
	if _, err := c.GetBlockStorageSnapshotInstanceList(ctx, "KR", SnapshotFilter{}); err != nil {
		tb.Fatal(err)
	}
	if imgs, err := c.GetServerImageList(ctx, "KR", ImageFilter{}); err != nil || len(imgs) != n {
		tb.Fatalf("listed %d images: %v", len(imgs), err)
	}
	return rec.bodies
}

// BenchmarkDecodeImagePage decodes one page of 1000 images as the
// emulator writes it (pretty-printed, with every field NCP sends).
func BenchmarkDecodeImagePage(b *testing.B) {
	page := emulatorAnswers(b, 1000)["getServerImageList"]
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	var r listResponse
	for b.Loop() {
		if err := decodeEnvelope("getServerImageList", 200, page, &r); err != nil || len(r.ServerImageList) != 1000 {
			b.Fatalf("decoded %d images: %v", len(r.ServerImageList), err)
		}
	}
}

// edgeSeeds are answers around the edges of the envelope: error
// bodies, syntax errors, keys seen twice, values of the wrong kind,
// something after the envelope.
var edgeSeeds = []string{
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

// FuzzEnvelopeMatchesUnmarshal: whatever the body, decodeEnvelope does
// not panic, and whenever it decodes a value (with or without an
// *APIError for its returnCode), json.Unmarshal of the body gives one
// key ending in "Response" whose value unmarshals to the same value.
func FuzzEnvelopeMatchesUnmarshal(f *testing.F) {
	for _, seed := range edgeSeeds {
		f.Add(seed)
	}
	for action, body := range emulatorAnswers(f, 2) {
		f.Add(strings.Replace(string(body), action+"Response", "getServerImageListResponse", 1))
	}
	f.Fuzz(func(t *testing.T, body string) {
		var got listResponse
		err := decodeEnvelope("getServerImageList", 200, []byte(body), &got)
		var apiErr *APIError
		if err != nil && (!errors.As(err, &apiErr) || got.ReturnCode == "" || apiErr.Code != string(got.ReturnCode)) {
			return // refused, or an error body: nothing decoded
		}
		var env map[string]json.RawMessage
		if uerr := json.Unmarshal([]byte(body), &env); uerr != nil || len(env) != 1 {
			t.Fatalf("decoded %q, which json.Unmarshal does not take as a one-key object: %v", body, uerr)
		}
		for key, raw := range env {
			var want listResponse
			if !strings.HasSuffix(key, "Response") || json.Unmarshal(raw, &want) != nil {
				t.Fatalf("decoded %q under the key %q", body, key)
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(listResponse{})); diff != "" {
				t.Fatalf("decoded (-json.Unmarshal +decodeEnvelope):\n%s", diff)
			}
		}
	})
}

// Every answer of the emulator decodes, as json.Unmarshal decodes it.
func TestDecodeEmulatorAnswers(t *testing.T) {
	for action, body := range emulatorAnswers(t, 1000) {
		var got, want listResponse
		if err := decodeEnvelope(action, 200, body, &got); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
		var env map[string]json.RawMessage
		if err := json.Unmarshal(body, &env); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(env[action+"Response"], &want); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(listResponse{})); diff != "" {
			t.Errorf("%s (-json.Unmarshal +decodeEnvelope):\n%s", action, diff)
		}
	}
}

// The envelope's one key is the action's own, or another ending in
// "Response" that holds a returnCode (NCP's own createServerImage example
// answers with getServerImageListResponse); anything else is refused.
func TestDecodeEnvelopeKey(t *testing.T) {
	tests := []struct {
		name, body, wantErr string
		wantRows            int
	}{
		{name: "the action's own key", body: `{"getServerImageListResponse": {"totalRows": 3}}`, wantRows: 3},
		{name: "another Response key with a returnCode",
			body: `{"createServerImageResponse": {"returnCode": "0", "totalRows": 2}}`, wantRows: 2},
		{name: "another Response key without a returnCode", body: `{"createServerImageResponse": {"totalRows": 2}}`,
			wantErr: `getServerImageList: decode response: the key "createServerImageResponse" is not "getServerImageListResponse" and its object holds no returnCode`},
		{name: "a key not ending in Response", body: `{"serverImageList": {"returnCode": "0"}}`,
			wantErr: `getServerImageList: decode response: want the single key "getServerImageListResponse", got "serverImageList"`},
		{name: "two keys", body: `{"getServerImageListResponse": {"totalRows": 1}, "other": 1}`,
			wantErr: `getServerImageList: decode response: want a single key in the envelope, got more`},
		{name: "empty object", body: `{}`,
			wantErr: `getServerImageList: decode response: want the single key of the envelope, got an empty object`},
		{name: "not an object", body: `[1]`, wantErr: `getServerImageList: decode response: want an object`},
		{name: "something after it", body: `{"getServerImageListResponse": {}} {}`,
			wantErr: `getServerImageList: decode response: invalid character '{' after top-level value`},
		{name: "an error code under another key", body: `{"createServerImageResponse": {"returnCode": "1000", "returnMessage": "later"}}`,
			wantErr: `getServerImageList: HTTP 200: returnCode 1000: later`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var r listResponse
			err := decodeEnvelope("getServerImageList", 200, []byte(tc.body), &r)
			if tc.wantErr == "" {
				if err != nil || r.TotalRows != tc.wantRows {
					t.Fatalf("got %d rows, %v; want %d rows", r.TotalRows, err, tc.wantRows)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			}
		})
	}
}
