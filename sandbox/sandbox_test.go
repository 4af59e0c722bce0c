package sandbox

import (
	"context"
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
	sb, err := Start(context.Background(), dir, testSeed(t), Options{})
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

	again, err := Start(context.Background(), dir, testSeed(t), Options{})
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
	if _, err := Start(context.Background(), dir, testSeed(t), Options{}); err == nil || !strings.Contains(err.Error(), "start sandbox: load state") {
		t.Errorf("err = %v", err)
	}
}

// signedGet sends a GET signed by hand (not with the ncloud package).
func signedGet(t *testing.T, sb *Sandbox, uri string) int {
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

// testSeed is the example account the binary embeds.
func testSeed(t *testing.T) []byte {
	t.Helper()
	seed, err := os.ReadFile("../examples/sandbox-account.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return seed
}

// A second Start in the same directory waits for the first one's Close,
// and gives up after its bound with a clear error.
func TestSandboxLock(t *testing.T) {
	dir, seed := t.TempDir(), testSeed(t)
	first, err := Start(context.Background(), dir, seed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	waited := false
	_, err = Start(context.Background(), dir, seed, Options{LockWait: 120 * time.Millisecond, OnWait: func() { waited = true }})
	if err == nil || !strings.Contains(err.Error(), "another ncpimage command has used") || !waited {
		t.Fatalf("second Start while locked: err = %v, waited = %v", err, waited)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second, err := Start(context.Background(), dir, seed, Options{LockWait: time.Second})
	if err != nil {
		t.Fatalf("Start after Close: %v", err)
	}
	if err := second.Close(); err != nil {
		t.Fatal(err)
	}
}

// A state that could not be saved fails Close, whether the save after a
// change failed or Close's own: a command must not report success while
// the account on disk lacks its changes.
func TestSandboxCloseReportsAFailedSave(t *testing.T) {
	tests := []struct {
		name      string
		afterSave bool // the save after a change failed, Close's own succeeds
	}{
		{name: "the save at Close fails"},
		{name: "a save after a change failed", afterSave: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			sb, err := Start(context.Background(), dir, testSeed(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			state := StatePath(dir)
			// a directory where the state file goes: the rename of a save fails
			if err := os.Remove(state); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(state, "x"), 0o755); err != nil {
				t.Fatal(err)
			}
			if tc.afterSave {
				sb.save() // what the emulator's OnChange calls
				if err := os.RemoveAll(state); err != nil {
					t.Fatal(err)
				}
			}
			err = sb.Close()
			if err == nil || !strings.Contains(err.Error(), "close sandbox: save state") {
				t.Fatalf("Close = %v, want a failed save", err)
			}
		})
	}
}

// The sandbox's directory ignores itself in git, so the emulated account
// is not committed by accident.
func TestSandboxDirIgnoresItself(t *testing.T) {
	dir := t.TempDir()
	sb, err := Start(context.Background(), dir, testSeed(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, Dir, ".gitignore"))
	if err != nil || !strings.Contains(string(b), "\n*\n") {
		t.Fatalf(".gitignore = %q, %v; want one that ignores everything", b, err)
	}
}

// Waiting for another command's sandbox ends at once when the context
// is cancelled (Ctrl-C), not after the lock's bound.
func TestSandboxLockWaitEndsWithTheContext(t *testing.T) {
	dir, seed := t.TempDir(), testSeed(t)
	first, err := Start(context.Background(), dir, seed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	ctx, cancel := context.WithCancel(context.Background())
	_, err = Start(ctx, dir, seed, Options{LockWait: time.Hour, OnWait: cancel})
	if err == nil || !strings.Contains(err.Error(), context.Canceled.Error()) {
		t.Fatalf("Start = %v, want it cancelled", err)
	}
}
