package ncloud

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

func pageOf(s string) int {
	n, _, _ := strings.Cut(s, "/")
	i, _ := strconv.Atoi(n)
	return i
}

// imagePages serves n images in pages as NCP does: pageNo 0 or 1 is the
// first page, totalRows is the full count. shift > 0 inserts that many new
// images at the front after the first page (rows move to later pages).
func imagePages(t *testing.T, n, shift int) func(int, fakeRequest) reply {
	return func(call int, r fakeRequest) reply {
		pageNo, _ := strconv.Atoi(r.Form.Get("pageNo"))
		size, _ := strconv.Atoi(r.Form.Get("pageSize"))
		if r.Form.Get("serverImageTypeCodeList.1") != "SELF" || size < 1 || size > 1000 {
			t.Errorf("bad list request: %s", r.Body)
		}
		first := 0
		if call > 1 {
			first = -shift
		}
		var rows []string
		for i := max(pageNo-1, 0)*size + first; i < min(max(pageNo, 1)*size+first, n); i++ {
			rows = append(rows, fmt.Sprintf(`{"serverImageNo": "%d", "serverImageName": "img-%d"}`, 100000+i, i))
		}
		return ok(r.Action, fmt.Sprintf(`, "totalRows": %d, "serverImageList": [%s]`, n+shiftIf(call > 1, shift), strings.Join(rows, ",\n")))
	}
}

func shiftIf(b bool, n int) int {
	if b {
		return n
	}
	return 0
}

func TestPagination(t *testing.T) {
	tests := []struct {
		name      string
		images    int
		pageSize  int
		shift     int
		wantCalls int
		wantLen   int
		wantPages []string // pageNo/pageSize sent, sorted, when not 1..wantCalls at pageSize
	}{
		{name: "none", images: 0, pageSize: 1000, wantCalls: 1},
		{name: "one page", images: 999, pageSize: 1000, wantCalls: 1, wantLen: 999},
		{name: "exact page", images: 1000, pageSize: 1000, wantCalls: 2, wantLen: 1000},
		{name: "2500 images", images: 2500, pageSize: 1000, wantCalls: 3, wantLen: 2500},
		{name: "small pages", images: 20, pageSize: 7, wantCalls: 3, wantLen: 20},
		{name: "rows shift while listing: listed again", images: 20, pageSize: 7, shift: 2, wantCalls: 9, wantLen: 22,
			// the first listing comes up short (page 4 holds 1 row, 20 of
			// 22 read), tries the size served (page 23 of 1: empty) and
			// fails; the second one reads all 22
			wantPages: []string{"1/7", "1/7", "2/7", "2/7", "3/7", "3/7", "4/7", "4/7", "23/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t, imagePages(t, tt.images, tt.shift))
			c := newTestClient(t, fake)
			c.pageSize = tt.pageSize
			got, err := c.GetServerImageList(context.Background(), "KR", ImageFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if n := fake.count("getServerImageList"); n != tt.wantCalls {
				t.Errorf("calls = %d, want %d", n, tt.wantCalls)
			}
			seen := map[string]bool{}
			for _, img := range got {
				if seen[img.No] {
					t.Errorf("image %s listed twice", img.No)
				}
				seen[img.No] = true
			}
			if len(got) != tt.wantLen {
				t.Errorf("listed %d images, want %d", len(got), tt.wantLen)
			}
			var pages []string
			for _, r := range fake.requests() {
				pages = append(pages, r.Form.Get("pageNo")+"/"+r.Form.Get("pageSize"))
			}
			want := tt.wantPages
			if want == nil {
				for i := 1; i <= tt.wantCalls; i++ {
					want = append(want, fmt.Sprintf("%d/%d", i, tt.pageSize))
				}
			}
			// pages asked for ahead are made side by side: they may
			// arrive in either order, but page 1 always comes first
			if len(pages) > 0 && pageOf(pages[0]) != 1 {
				t.Errorf("first request asked for page %s, want page 1 (totalRows is not known before it)", pages[0])
			}
			slices.SortFunc(pages, func(a, b string) int { return cmp.Compare(pageOf(a), pageOf(b)) })
			if diff := gocmp.Diff(want, pages); diff != "" {
				t.Errorf("pageNo/pageSize sent (-want +got):\n%s", diff)
			}
		})
	}
}

// A server that ignores paging and answers everything at once is listed
// in one call.
func TestPaginationServerIgnoresPaging(t *testing.T) {
	fake := newFake(t, func(_ int, r fakeRequest) reply {
		var rows []string
		for i := range 12 {
			rows = append(rows, fmt.Sprintf(`{"serverImageNo": "%d"}`, i))
		}
		return ok(r.Action, `, "totalRows": 12, "serverImageList": [`+strings.Join(rows, ",")+`]`)
	})
	c := newTestClient(t, fake)
	c.pageSize = 5
	got, err := c.GetServerImageList(context.Background(), "", ImageFilter{})
	if err != nil || len(got) != 12 || fake.count("getServerImageList") != 1 {
		t.Errorf("got %d images, %d calls, err %v", len(got), fake.count("getServerImageList"), err)
	}
}
