package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// The sandbox starts from the embedded example account, answers signed
// requests on loopback, and keeps its account across runs, with time
// flowing in between.
func TestSandboxPersistsAcrossRuns(t *testing.T) {
	dir := t.TempDir()
	sb, err := startSandbox(dir)
	if err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, ".ncpimage", "sandbox.json")
	if _, err := os.Stat(state); err != nil {
		t.Fatalf("first use left no state file: %v", err)
	}
	if !strings.HasPrefix(sb.URL, "http://127.0.0.1:") || sb.AccessKey != "ncpimage-sandbox-access" {
		t.Errorf("sandbox at %s with key %s", sb.URL, sb.AccessKey)
	}
	if status := signedGet(t, sb, "/vserver/v2/getServerInstanceList?responseFormatType=json&serverName=web-01"); status != http.StatusOK {
		t.Errorf("signed request: status %d", status)
	}
	seed := emulator.Seed{Images: []emulator.SeedImage{
		{Region: "KR", Name: "old-build", Status: "INIT", CreatedAt: time.Now().Add(-time.Hour)},
		{Region: "KR", Name: "new-build", Status: "INIT", CreatedAt: time.Now()},
	}}
	if err := sb.emu.Seed(seed); err != nil {
		t.Fatal(err)
	}
	if err := sb.Close(); err != nil {
		t.Fatal(err)
	}

	again, err := startSandbox(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	got := map[string]string{}
	for _, im := range again.emu.Images("KR") {
		got[im.Name] = im.Status
	}
	want := map[string]string{"old-build": "CREAT", "new-build": "INIT"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("restored images (-want +got):\n%s", diff)
	}
}

func TestSandboxRefusesBrokenState(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, ".ncpimage"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".ncpimage", "sandbox.json"), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := startSandbox(dir); err == nil || !strings.Contains(err.Error(), "start sandbox: load state") {
		t.Errorf("err = %v", err)
	}
}

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		addr string
		ok   bool
	}{
		{addr: "127.0.0.1:8080", ok: true},
		{addr: "127.8.9.10:0", ok: true},
		{addr: "[::1]:8080", ok: true},
		{addr: "localhost:8080", ok: true},
		{addr: "0.0.0.0:8080"},
		{addr: ":8080"},
		{addr: "[::]:8080"},
		{addr: "10.0.0.1:8080"},
		{addr: "example.com:80"},
		{addr: "127.0.0.1"},
	}
	for _, tc := range tests {
		if err := checkLoopback(tc.addr); (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok=%v", tc.addr, err, tc.ok)
		}
	}
}

// signedGet sends a GET signed by hand (not with the ncloud package).
func signedGet(t *testing.T, sb *sandbox, uri string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, sb.URL+uri, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
	m := hmac.New(sha256.New, []byte(sb.SecretKey))
	m.Write([]byte("GET " + uri + "\n" + ts + "\n" + sb.AccessKey))
	req.Header.Set("x-ncp-apigw-timestamp", ts)
	req.Header.Set("x-ncp-iam-access-key", sb.AccessKey)
	req.Header.Set("x-ncp-apigw-signature-v2", base64.StdEncoding.EncodeToString(m.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
