package spec

import (
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// allocated returns the bytes allocated on the heap while f ran.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestLoadLimits feeds files that are small on disk but would cost memory
// in proportion to their node count: each must be cut short with a
// diagnostic, within a fixed allocation budget.
func TestLoadLimits(t *testing.T) {
	limitNote := "more than 1000 problems in this file; stopped after the first 1000: fix them and validate again"
	tests := []struct {
		name     string
		content  string
		count    int    // diagnostics expected
		first    string // the first diagnostic
		maxAlloc uint64 // bytes Load may allocate
	}{
		{
			name:     "more values than MaxValues",
			content:  header + "images: [" + strings.Repeat("1,", MaxValues) + "]\n",
			count:    1,
			first:    "a.yaml:1:1: file holds more than 500000 YAML values (counting lines, entries and flow items); split it into several files",
			maxAlloc: 8 << 20,
		},
		{
			name:     "a schema violation per item",
			content:  header + "images:\n" + strings.Repeat("- 1\n", 20*MaxDiagnostics),
			count:    MaxDiagnostics + 1,
			first:    "a.yaml: " + limitNote,
			maxAlloc: 64 << 20,
		},
		{
			name:     "a duplicate key per item",
			content:  header + "images: []\nx: {" + strings.Repeat("k, ", 20*MaxDiagnostics) + "}\n",
			count:    MaxDiagnostics + 1,
			first:    "a.yaml: " + limitNote,
			maxAlloc: 64 << 20,
		},
		{
			name:     "many documents with errors",
			content:  strings.Repeat("---\n"+header+"images: [1, 2, 3]\n", MaxDiagnostics),
			count:    MaxDiagnostics + 1,
			first:    "a.yaml: " + limitNote,
			maxAlloc: 64 << 20,
		},
		{
			name:     "alias bomb",
			content:  bomb(),
			count:    1,
			first:    "a.yaml:1:25: aliases expand to more than 10000 values; refusing to expand further (alias bomb?)",
			maxAlloc: 32 << 20,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			write(t, map[string]string{"a.yaml": tt.content})
			var set *Set
			n := allocated(func() { set = Load([]string{"a.yaml"}) })
			got := messages(set)
			if len(got) != tt.count {
				t.Errorf("got %d diagnostics, want %d; first: %q", len(got), tt.count, got[:min(3, len(got))])
			}
			if note, ok := strings.CutPrefix(tt.first, "a.yaml: "); ok && note == limitNote {
				// The note sorts last, at the first problem left out,
				// and the problems left out are counted.
				last := set.Diagnostics[len(set.Diagnostics)-1]
				if last.Msg != limitNote || last.Pos.Line == 0 || strings.HasSuffix(got[0], limitNote) {
					t.Errorf("limit note: first %q, last %q", got[0], got[len(got)-1])
				}
				if n, exact := set.Problems(); exact || n <= MaxDiagnostics {
					t.Errorf("Problems() = %d, %v; want more than %d, not exact", n, exact, MaxDiagnostics)
				}
			} else if diff := cmp.Diff(tt.first, got[0]); diff != "" {
				t.Errorf("first diagnostic (-want +got):\n%s", diff)
			}
			if n > tt.maxAlloc {
				t.Errorf("Load allocated %d MB, want at most %d MB", n>>20, tt.maxAlloc>>20)
			}
		})
	}
}

// TestCountValues pins the estimate to the shapes it must catch and checks
// that a realistic catalog of 10,000 images stays well within the limit.
func TestCountValues(t *testing.T) {
	dir := t.TempDir()
	if err := writeCorpus(dir, 1, 10000); err != nil {
		t.Fatal(err)
	}
	real, err := os.ReadFile(dir + "/cat-000.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data string
		want int
	}{
		{name: "empty", data: "", want: 1},
		{name: "flow list", data: "[1,2,3]", want: 4},
		{name: "block list", data: "- 1\n- 2\n", want: 5},
		{name: "mapping", data: "a: b\nc: d\n", want: 5},
		{name: "nested entries", data: "- - - x", want: 4},
		{name: "10,000 images", data: string(real), want: 260013},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := countValues([]byte(tt.data)); got != tt.want {
				t.Errorf("countValues = %d, want %d", got, tt.want)
			}
		})
	}
	if n := countValues(real); n > MaxValues {
		t.Errorf("a 10,000-image catalog counts %d values, over the limit %d", n, MaxValues)
	}
}
