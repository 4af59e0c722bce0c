package emulator

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// A saved account loads into a new emulator with the same objects, keys
// and numbering, and images keep ageing across the restart.
func TestStateRoundTrip(t *testing.T) {
	h := newHarness(t, Options{CreateDelay: time.Minute})
	h.create("kept", nil)
	h.create("failed", nil)
	if err := h.emu.SetImageStatus("KR", "failed", "CREFL"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "state.json")
	if err := h.emu.SaveState(path); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}

	again := New(Options{CreateDelay: time.Minute, Now: h.clock.Now})
	if err := again.LoadState(path); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(h.emu.Images("KR"), again.Images("KR")); diff != "" {
		t.Errorf("images (-saved +loaded):\n%s", diff)
	}
	if diff := cmp.Diff(h.emu.Accounts(), again.Accounts()); diff != "" {
		t.Errorf("accounts (-saved +loaded):\n%s", diff)
	}
	h.clock.Add(time.Minute)
	got := map[string]string{}
	for _, im := range again.Images("KR") {
		got[im.Name] = im.Status
	}
	if diff := cmp.Diff(map[string]string{"kept": "CREAT", "failed": "CREFL"}, got); diff != "" {
		t.Errorf("after the delay (-want +got):\n%s", diff)
	}
	h2 := &harness{t: t, emu: again, clock: h.clock, key: testAccess, sec: testSecret}
	h2.srv = newServer(t, again)
	if im := h2.create("third", nil); im.ServerImageNo != "5000005" {
		t.Errorf("numbering restarted: %s", im.ServerImageNo)
	}
}

func TestLoadStateErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		content string
		want    string
	}{
		{name: "missing file", want: "no such file"},
		{name: "not json", content: "{", want: "unexpected end of JSON input"},
		{name: "other version", content: `{"version": 9}`, want: "unsupported version 9"},
		{name: "bad number", content: `{"version": 1, "images": [{"no": "x1", "name": "a"}]}`, want: "invalid number"},
		{name: "null object", content: `{"version": 1, "servers": [null]}`, want: "invalid number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
			if tc.content != "" {
				if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := New(Options{}).LoadState(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "load state") {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

// OnChange fires after creates and deletes only.
func TestOnChange(t *testing.T) {
	var mu sync.Mutex
	changes := 0
	h := newHarness(t, Options{OnChange: func() { mu.Lock(); changes++; mu.Unlock() }})
	im := h.create("changed", nil)
	h.ok("getServerImageList", nil)
	h.apiErr("createServerImage", form("changed"))
	h.ok("deleteServerImage", map[string][]string{"serverImageNoList.1": {im.ServerImageNo}})
	mu.Lock()
	defer mu.Unlock()
	if changes != 2 {
		t.Errorf("OnChange called %d times, want 2", changes)
	}
}

// Serve answers on loopback until its context ends.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	emu := New(Options{Accounts: []Account{{AccessKey: testAccess, SecretKey: testSecret}}})
	url, wait, err := Serve(ctx, "127.0.0.1:0", emu)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(url + "/vserver/v2/getRegionList")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned request: %d", resp.StatusCode)
	}
	// A client's spare connection that never sends a request must not
	// hold the shutdown for net/http's 5-second grace.
	spare, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer spare.Close()
	start := time.Now()
	cancel()
	if err := wait(); err != nil {
		t.Errorf("wait: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	if _, err := http.Get(url + "/vserver/v2/getRegionList"); err == nil {
		t.Errorf("still serving after cancel")
	}
	if _, _, err := Serve(context.Background(), "256.0.0.1:0", emu); err == nil {
		t.Errorf("bad address accepted")
	}
}

// The state file holds the account as plain JSON other tools can read.
func TestStateFileLayout(t *testing.T) {
	h := newHarness(t, Options{})
	path := filepath.Join(t.TempDir(), "s.json")
	if err := h.emu.SaveState(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Version int `json:"version"`
		Servers []struct {
			Name string `json:"name"`
		} `json:"servers"`
	}
	if err := json.Unmarshal(data, &st); err != nil || st.Version != 1 || len(st.Servers) != 5 {
		t.Errorf("state file: %v %+v", err, st)
	}
}
