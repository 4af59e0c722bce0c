package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func FuzzParseSeed(f *testing.F) {
	f.Add([]byte(testSeed))
	f.Add([]byte("images: [{region: KR, name: i, blockStorages: [{order: 0, snapshotName: root-10}]}]"))
	f.Add([]byte("servers: &a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSeed(data)
		if err != nil {
			return
		}
		e := New(Options{})
		_ = e.Seed(s) // must not panic; errors are fine
		_ = e.Images("KR")
	})
}

// FuzzActionParams sends arbitrary parameters to every action, as a
// POST form body or a signed GET query: the answer is always a
// well-formed 200 or 400 whose JSON ends with its closing brace (and,
// for a 200, survives the SDK's cut), never a crash or a 5xx.
func FuzzActionParams(f *testing.F) {
	f.Add("createServerImage", "serverInstanceNo=101&serverImageName=abc&blockStorageList.1.order=0&blockStorageList.1.snapshotInstanceNo=301", false)
	f.Add("getServerImageList", "pageNo=2&pageSize=1&serverImageNoList.1=1", false)
	f.Add("getServerImageList", "pageNo=2305843009213693953&pageSize=5", false)
	f.Add("getServerImageList", "pageNo=2147483648&pageSize=1000", true)
	f.Add("deleteServerImage", "serverImageNoList.1=5000001&serverImageNoList.1=5000001", false)
	f.Add("createServerImage", "blockStorageList.x.order=0&blockStorageList.1.blockStorageSize=-1", false)
	f.Add("addServerImageSharingPermission", "serverImageNo=5000001&targetLoginIdList.1=a%40b.c&targetLoginIdList.2=", false)
	f.Add("removeServerImageSharingPermission", "serverImageNo=5000001&targetLoginIdList.99999999999999999999=x", true)
	f.Add("getBlockStorageSnapshotInstanceList", "blockStorageSnapshotVolumeSize=-9223372036854775808&isBootable=1", true)
	f.Add("getServerInstanceList", "ip=%zz&vpcNo=1", true)
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	e := New(Options{Accounts: []Account{{AccessKey: testAccess, SecretKey: testSecret}}, Now: func() time.Time { return now }, LogLimit: 1000})
	s, err := ParseSeed([]byte(testSeed))
	if err != nil || e.Seed(s) != nil {
		f.Fatal("seed")
	}
	f.Fuzz(func(t *testing.T, action, body string, get bool) {
		if _, ok := actions[action]; !ok {
			return
		}
		path := "/vserver/v2/" + action
		var req *http.Request
		ts := strconv.FormatInt(now.UnixMilli(), 10)
		uri := path
		if get {
			uri = path + "?" + body + "&responseFormatType=json"
			r, err := http.NewRequest(http.MethodGet, "http://emulator"+path, nil)
			if err != nil {
				return
			}
			r.URL.RawQuery = body + "&responseFormatType=json"
			r.RequestURI = uri
			req = r
		} else {
			req = httptest.NewRequest(http.MethodPost, path, strings.NewReader(body+"&responseFormatType=json"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.Header.Set(hdrTimestamp, ts)
		req.Header.Set(hdrAccessKey, testAccess)
		req.Header.Set(hdrSigV2, sign(testSecret, req.Method, uri, ts, testAccess))
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		out := rec.Body.Bytes()
		if rec.Code != 200 && rec.Code != 400 {
			t.Fatalf("%s %q: status %d %s", action, body, rec.Code, out)
		}
		if !json.Valid(out) || !bytes.HasSuffix(out, []byte("}")) {
			t.Fatalf("%s %q: invalid JSON or trailing bytes %q", action, body, out)
		}
		if rec.Code == 200 {
			inner, ok := sdkInner(out)
			if !ok || !json.Valid(inner) {
				t.Fatalf("%s %q: the SDK's cut is not JSON: %q", action, body, inner)
			}
		}
	})
}

// BenchmarkListImages lists 10,000 images in pages of 1,000 over HTTP:
// 10 calls per listing.
func BenchmarkListImages(b *testing.B) {
	emu := New(Options{Accounts: []Account{{AccessKey: testAccess, SecretKey: testSecret}}})
	s := Seed{Regions: []SeedRegion{{Code: "KR"}}}
	for i := range 10000 {
		s.Images = append(s.Images, SeedImage{Region: "KR", Name: fmt.Sprintf("img-%05d", i)})
	}
	if err := emu.Seed(s); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	defer srv.Close()
	h := &harness{t: b, emu: emu, srv: srv, clock: &clock{t: time.Now()}, key: testAccess, sec: testSecret}
	for b.Loop() {
		got := 0
		for page := 1; got < 10000; page++ {
			_, body := h.post("getServerImageList", url.Values{"pageNo": {strconv.Itoa(page)}, "pageSize": {"1000"}})
			got += strings.Count(body, `"serverImageNo"`)
		}
	}
	b.ReportMetric(float64(emu.Calls()["total"])/float64(b.N), "calls/op")
}
