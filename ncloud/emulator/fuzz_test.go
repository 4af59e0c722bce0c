package emulator

import (
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

// FuzzActionParams sends arbitrary form bodies to every action: the
// answer is always a well-formed 200 or 400, never a crash or a 5xx.
func FuzzActionParams(f *testing.F) {
	f.Add("createServerImage", "serverInstanceNo=101&serverImageName=abc&blockStorageList.1.order=0&blockStorageList.1.snapshotInstanceNo=301")
	f.Add("getServerImageList", "pageNo=2&pageSize=1&serverImageNoList.1=1")
	f.Add("deleteServerImage", "serverImageNoList.1=5000001&serverImageNoList.1=5000001")
	f.Add("createServerImage", "blockStorageList.x.order=0&blockStorageList.1.blockStorageSize=-1")
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	e := New(Options{Accounts: []Account{{AccessKey: testAccess, SecretKey: testSecret}}, Now: func() time.Time { return now }})
	s, err := ParseSeed([]byte(testSeed))
	if err != nil || e.Seed(s) != nil {
		f.Fatal("seed")
	}
	f.Fuzz(func(t *testing.T, action, body string) {
		if _, ok := actions[action]; !ok {
			return
		}
		path := "/vserver/v2/" + action
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body+"&responseFormatType=json"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		ts := strconv.FormatInt(now.UnixMilli(), 10)
		req.Header.Set(hdrTimestamp, ts)
		req.Header.Set(hdrAccessKey, testAccess)
		req.Header.Set(hdrSigV2, sign(testSecret, "POST", path, ts, testAccess))
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != 200 && rec.Code != 400 {
			t.Fatalf("%s %q: status %d %s", action, body, rec.Code, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %q: invalid JSON %s", action, body, rec.Body)
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
