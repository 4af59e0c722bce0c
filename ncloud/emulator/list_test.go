package emulator

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func seedImages(t *testing.T, h *harness, n int) {
	t.Helper()
	var s Seed
	for i := range n {
		s.Images = append(s.Images, SeedImage{Region: "KR", Name: fmt.Sprintf("img-%05d", i)})
	}
	if err := h.emu.Seed(s); err != nil {
		t.Fatal(err)
	}
}

func TestPagination(t *testing.T) {
	h := newHarness(t, Options{})
	seedImages(t, h, 250)
	tests := []struct {
		name      string
		form      url.Values
		wantRows  int
		wantFirst string
	}{
		{name: "no paging returns all", form: url.Values{}, wantRows: 250, wantFirst: "img-00000"},
		{name: "page 0 is the first page", form: url.Values{"pageNo": {"0"}, "pageSize": {"100"}}, wantRows: 100, wantFirst: "img-00000"},
		{name: "page 1 is the first page", form: url.Values{"pageNo": {"1"}, "pageSize": {"100"}}, wantRows: 100, wantFirst: "img-00000"},
		{name: "page 2", form: url.Values{"pageNo": {"2"}, "pageSize": {"100"}}, wantRows: 100, wantFirst: "img-00100"},
		{name: "last partial page", form: url.Values{"pageNo": {"3"}, "pageSize": {"100"}}, wantRows: 50, wantFirst: "img-00200"},
		{name: "past the end", form: url.Values{"pageNo": {"4"}, "pageSize": {"100"}}, wantRows: 0},
		{name: "pageSize alone", form: url.Values{"pageSize": {"7"}}, wantRows: 7, wantFirst: "img-00000"},
		{name: "largest page", form: url.Values{"pageNo": {"1"}, "pageSize": {"1000"}}, wantRows: 250, wantFirst: "img-00000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := h.ok("getServerImageList", tc.form)
			if res.TotalRows != 250 || len(res.ServerImageList) != tc.wantRows {
				t.Fatalf("totalRows %d rows %d, want 250 %d", res.TotalRows, len(res.ServerImageList), tc.wantRows)
			}
			if tc.wantRows > 0 && res.ServerImageList[0].ServerImageName != tc.wantFirst {
				t.Errorf("first %s, want %s", res.ServerImageList[0].ServerImageName, tc.wantFirst)
			}
		})
	}
	bad := []url.Values{
		{"pageNo": {"1"}, "pageSize": {"1001"}},
		{"pageNo": {"1"}, "pageSize": {"0"}},
		{"pageNo": {"1"}},
		{"pageNo": {"-1"}, "pageSize": {"10"}},
		{"pageNo": {"2147483648"}, "pageSize": {"10"}},         // docs: at most 2147483647
		{"pageNo": {"2305843009213693953"}, "pageSize": {"5"}}, // overflowed (pageNo-1)*pageSize and panicked
		{"pageSize": {"ten"}},
	}
	for _, f := range bad {
		if status, e := h.apiErr("getServerImageList", f); status != 400 || e.ReturnCode != codeInvalidParam {
			t.Errorf("%v: got %d %+v", f, status, e)
		}
	}
}

func names(res listResponse) []string {
	var out []string
	for _, im := range res.ServerImageList {
		out = append(out, im.ServerImageName)
	}
	for _, s := range res.Servers {
		out = append(out, s.ServerName)
	}
	for _, s := range res.Snapshots {
		out = append(out, s.BlockStorageSnapshotName)
	}
	return out
}

func TestListFilters(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.create("alpha", nil)
	h.create("alpha-2", nil)
	h.create("beta", nil)
	if err := h.emu.SetImageStatus("KR", "beta", "CREFL"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		action string
		form   url.Values
		want   []string
	}{
		{name: "image name is exact", action: "getServerImageList", form: url.Values{"serverImageName": {"alpha"}}, want: []string{"alpha"}},
		{name: "image numbers", action: "getServerImageList", form: url.Values{"serverImageNoList.1": {a.ServerImageNo}, "serverImageNoList.2": {"77"}}, want: []string{"alpha"}},
		{name: "image status", action: "getServerImageList", form: url.Values{"serverImageStatusCode": {"CREFL"}}, want: []string{"beta"}},
		{name: "type SELF", action: "getServerImageList", form: url.Values{"serverImageTypeCodeList.1": {"SELF"}}, want: []string{"alpha", "alpha-2", "beta"}},
		{name: "type NCP only", action: "getServerImageList", form: url.Values{"serverImageTypeCodeList.1": {"NCP"}}, want: nil},
		{name: "other region", action: "getServerImageList", form: url.Values{"regionCode": {"SGN"}}, want: nil},
		{name: "server name", action: "getServerInstanceList", form: url.Values{"serverName": {"web-02"}}, want: []string{"web-02"}},
		{name: "server numbers", action: "getServerInstanceList", form: url.Values{"serverInstanceNoList.1": {"104"}, "serverInstanceNoList.2": {"101"}}, want: []string{"web-01", "busy"}},
		{name: "server status", action: "getServerInstanceList", form: url.Values{"serverInstanceStatusCode": {"NSTOP"}}, want: []string{"web-02"}},
		{name: "default region servers", action: "getServerInstanceList", form: url.Values{}, want: []string{"web-01", "web-02", "booting", "busy"}},
		{name: "snapshot numbers", action: "getBlockStorageSnapshotInstanceList", form: url.Values{"blockStorageSnapshotInstanceNoList.1": {"302"}}, want: []string{"data-200"}},
		{name: "snapshot name", action: "getBlockStorageSnapshotInstanceList", form: url.Values{"blockStorageSnapshotName": {"root-10"}}, want: []string{"root-10"}},
		{name: "snapshot status", action: "getBlockStorageSnapshotInstanceList", form: url.Values{"blockStorageSnapshotInstanceStatusCode": {"INIT"}}, want: []string{"root-pending"}},
		{name: "snapshot bootable", action: "getBlockStorageSnapshotInstanceList", form: url.Values{"isBootable": {"false"}}, want: []string{"data-200"}},
		{name: "server detail", action: "getServerInstanceDetail", form: url.Values{"serverInstanceNo": {"102"}}, want: []string{"web-02"}},
		{name: "snapshot detail", action: "getBlockStorageSnapshotInstanceDetail", form: url.Values{"regionCode": {"SGN"}, "blockStorageSnapshotInstanceNo": {"401"}}, want: []string{"sg-root"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, names(h.ok(tc.action, tc.form))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// Listed objects carry ids as strings, sizes in bytes and codes, as the
// real API does.
func TestWireShapes(t *testing.T) {
	h := newHarness(t, Options{})
	h.create("shape", url.Values{"blockStorageList.1.order": {"0"}, "blockStorageList.1.snapshotInstanceNo": {"301"}})
	_, body := h.post("getServerImageList", nil)
	for _, want := range []string{
		`"serverImageNo": "5000001"`,
		`"blockStorageSnapshotInstanceNo": 301,`,
		`"blockStorageSize": 10737418240,`,
		`"code": "SELF"`,
		`"createDate": "2026-11-20T18:00:00+0900"`,
	} {
		if !containsText(body, want) {
			t.Errorf("image list lacks %s:\n%s", want, body)
		}
	}
	_, body = h.post("getBlockStorageSnapshotInstanceList", nil)
	for _, want := range []string{`"blockStorageSnapshotInstanceNo": "301"`, `"blockStorageSnapshotVolumeSize": 214748364800`, `"isBootable": true`} {
		if !containsText(body, want) {
			t.Errorf("snapshot list lacks %s", want)
		}
	}
}
