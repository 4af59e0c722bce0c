package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ncpimage/ncpimage/plan"
)

func TestTextGroupsCreatesOfOneServer(t *testing.T) {
	p := planOf(change("web-a", plan.ActionCreate, 9), change("web-b", plan.ActionCreate, 20),
		change("web-c", plan.ActionCreate, 30), change("web-d", plan.ActionBlocked, 40))
	var buf bytes.Buffer
	if err := (textRenderer{}).Plan(&buf, p, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "      description: \"nginx\"\n" +
		"    web-01 (1001001): 3 images; NCP may not image a server twice at once: apply creates them one after another if it refuses\n" +
		"\nBlocked images"
	if !strings.Contains(buf.String(), want) {
		t.Errorf("text has no line for the 3 images of web-01 at the end of the creates:\n%s", buf.String())
	}
	if n := strings.Count(buf.String(), "3 images;"); n != 1 {
		t.Errorf("%d lines for web-01, want 1", n)
	}
}

func TestBarCountsImagesWaitingForTheirServer(t *testing.T) {
	got := Bar(plan.Counts{Total: 4, InFlight: 1, Waiting: 3})
	if want := "[------------------------] 0/4 done, 1 in flight, 0 failed, 3 waiting for their server"; got != want {
		t.Errorf("Bar = %q, want %q", got, want)
	}
}
