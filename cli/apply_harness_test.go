package cli

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// applyEmu starts an emulator over httptest seeded with the sandbox
// account, accepting the script credentials, and returns it with the
// environment that points ncpimage at it.
func applyEmu(t *testing.T, o emulator.Options) (*emulator.Emulator, []string) {
	t.Helper()
	o.Accounts = []emulator.Account{{AccessKey: scriptAccessKey, SecretKey: scriptSecretKey}}
	emu := emulator.New(o)
	seed, err := emulator.ParseSeed(sandboxSeed)
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.Seed(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	env := []string{"NCLOUD_API_GW=" + srv.URL, "NCLOUD_ACCESS_KEY=" + scriptAccessKey,
		"NCLOUD_SECRET_KEY=" + scriptSecretKey, "NCLOUD_REGION=KR", "NO_COLOR=1", "HOME=" + t.TempDir()}
	return emu, env
}

// setEnv applies an environment list to the test process (for run()).
func setEnv(t *testing.T, env []string) {
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
}

// writeCatalog writes a catalog of n images of catalog "bulk" (bulk-000,
// ...) made from server web-01, and returns its path.
func writeCatalog(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: bulk\n" +
		"defaults: {region: KR, description: bulk image}\nimages:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {name: %s, source: {serverName: web-01}}\n", bulkName(i))
	}
	path := filepath.Join(dir, "bulk.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func bulkName(i int) string { return fmt.Sprintf("bulk-%03d", i) }

// imageCensus returns "name status" per image of KR, sorted, and the
// names listed more than once.
func imageCensus(emu *emulator.Emulator) (lines, dups []string) {
	seen := map[string]int{}
	for _, im := range emu.Images("KR") {
		seen[im.Name]++
		lines = append(lines, im.Name+" "+im.Status)
	}
	for name, n := range seen {
		if n > 1 {
			dups = append(dups, name)
		}
	}
	sort.Strings(lines)
	sort.Strings(dups)
	return lines, dups
}

// wantCensus is n CREAT bulk images.
func wantCensus(n int) []string {
	out := make([]string, n)
	for i := range n {
		out[i] = bulkName(i) + " CREAT"
	}
	return out
}

// waitCalls waits (polling: the apply under test is another process,
// with no clock to inject) until the emulator has seen at least n calls
// of action.
func waitCalls(t *testing.T, emu *emulator.Emulator, action string, n int) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if got := emu.Calls()[action]; got >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %d %s calls (got %d)", n, action, emu.Calls()[action])
		}
		time.Sleep(5 * time.Millisecond)
	}
}
