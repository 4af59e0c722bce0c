package spec

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestExamples keeps the shipped examples honest: examples/catalog is
// valid, and each file of examples/invalid gives exactly the errors its
// "# error (line N): message" comments state.
func TestExamples(t *testing.T) {
	t.Chdir("..")
	set := Load([]string{"examples/catalog"})
	if len(set.Diagnostics) > 0 {
		t.Errorf("examples/catalog is not valid: %v", messages(set))
	}
	if n := len(set.Images()); n < 12 {
		t.Errorf("examples/catalog has %d images, want 12 or more", n)
	}
	files, err := filepath.Glob("examples/invalid/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples/invalid files: %v", err)
	}
	stated := regexp.MustCompile(`(?m)^# error \(line (\d+)\): (.*)$`)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, m := range stated.FindAllStringSubmatch(string(data), -1) {
				want = append(want, m[1]+": "+m[2])
			}
			var got []string
			for _, d := range Load([]string{f}).Diagnostics {
				got = append(got, strconv.Itoa(d.Pos.Line)+": "+d.Msg)
			}
			slices.Sort(want)
			slices.Sort(got)
			if len(want) == 0 {
				t.Fatal("file states no error")
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("stated errors (-) differ from actual ones (+):\n%s", diff)
			}
		})
	}
}
