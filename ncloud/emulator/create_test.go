package emulator

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// form builds createServerImage parameters: server 101 in KR, the name,
// then "key=value" pairs, where "N.field=v" is blockStorageList.N.field.
func form(name string, pairs ...string) url.Values {
	f := url.Values{"regionCode": {"KR"}, "serverInstanceNo": {"101"}, "serverImageName": {name}}
	for _, p := range pairs {
		k, v, _ := strings.Cut(p, "=")
		if k[0] >= '0' && k[0] <= '9' {
			k = "blockStorageList." + k
		}
		f.Set(k, v)
	}
	return f
}

func TestCreateServerImageRules(t *testing.T) {
	many := []string{"1.order=0", "1.snapshotInstanceNo=301"}
	for i := 2; i <= 22; i++ {
		n := strconv.Itoa(i)
		many = append(many, n+".order="+strconv.Itoa(i-1), n+".noBlockStorage=true")
	}
	tests := []struct {
		name string
		form url.Values
		code string
	}{
		{name: "name missing", form: form(""), code: codeInvalidParam},
		{name: "name too short", form: form("ab"), code: codeInvalidName},
		{name: "name too long", form: form(strings.Repeat("a", 31)), code: codeInvalidName},
		{name: "name starts with a digit", form: form("1web"), code: codeInvalidName},
		{name: "name with underscore", form: form("web_01"), code: codeInvalidName},
		{name: "name ends with dash", form: form("web-"), code: codeInvalidName},
		{name: "name with dot", form: form("web.01"), code: codeInvalidName},
		{name: "description over 1000 bytes", form: form("img", "serverImageDescription="+strings.Repeat("한", 334)), code: codeDescription},
		{name: "server missing", form: form("img", "serverInstanceNo="), code: codeInvalidParam},
		{name: "server unknown", form: form("img", "serverInstanceNo=999"), code: codeServerNotFound},
		{name: "server of another region", form: form("img", "serverInstanceNo=201"), code: codeServerNotFound},
		{name: "server not running or stopped", form: form("img", "serverInstanceNo=103"), code: codeServerState},
		{name: "server busy", form: form("img", "serverInstanceNo=104"), code: codeInOperation},
		{name: "duplicate name", form: form("taken"), code: codeDuplicateName},
		{name: "unknown region", form: form("img", "regionCode=XX"), code: codeRegion},
		{name: "snapshot unknown", form: form("img", "1.order=0", "1.snapshotInstanceNo=999"), code: codeSnapshotMissing},
		{name: "snapshot of another region", form: form("img", "1.order=0", "1.snapshotInstanceNo=401"), code: codeSnapshotMissing},
		{name: "base snapshot not bootable", form: form("img", "1.order=0", "1.snapshotInstanceNo=302"), code: codeNotBootable},
		{name: "snapshot not created", form: form("img", "1.order=0", "1.snapshotInstanceNo=303"), code: codeSnapshotState},
		{name: "size below snapshot", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "2.order=1", "2.snapshotInstanceNo=302", "2.blockStorageSize=100"), code: codeSizeTooSmall},
		{name: "size above maximum", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "1.blockStorageSize=20000"), code: codeSizeTooSmall},
		{name: "size just above the KVM maximum", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "1.blockStorageSize=16384"), code: codeSizeTooSmall},
		{name: "size not in 10 GB steps", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "2.order=1", "2.snapshotInstanceNo=302", "2.blockStorageSize=305"), code: codeSizeTooSmall},
		{name: "empty storage not in 10 GB steps", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "2.order=1", "2.emptyBlockStorage=true", "2.blockStorageSize=15", "2.blockStorageVolumeTypeCode=CB1"), code: codeSizeTooSmall},
		{name: "empty storage too small", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "2.order=1", "2.emptyBlockStorage=true", "2.blockStorageSize=5", "2.blockStorageVolumeTypeCode=CB1"), code: codeSizeTooSmall},
		{name: "volume type on base storage", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "1.blockStorageVolumeTypeCode=CB1"), code: codeVolumeType},
		{name: "unknown volume type", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "2.order=1", "2.blockStorageSize=10", "2.blockStorageVolumeTypeCode=XB9"), code: codeVolumeType},
		{name: "order repeated", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "2.order=0", "2.snapshotInstanceNo=301"), code: codeOrder},
		{name: "order out of range", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "2.order=21", "2.noBlockStorage=true"), code: codeOrder},
		{name: "order missing", form: form("img", "1.snapshotInstanceNo=301"), code: codeOrder},
		{name: "no base storage", form: form("img", "1.order=1", "1.snapshotInstanceNo=302"), code: codeOrder},
		{name: "base storage excluded", form: form("img", "1.order=0", "1.noBlockStorage=true"), code: codeOrder},
		{name: "more than 21 entries", form: form("img", many...), code: codeOrder},
		{name: "base storage without snapshot", form: form("img", "1.order=0", "1.blockStorageSize=10"), code: codeStorageFields},
		{name: "snapshot and empty", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "2.order=1", "2.snapshotInstanceNo=302", "2.emptyBlockStorage=true"), code: codeStorageFields},
		{name: "exclude with size", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "2.order=1", "2.noBlockStorage=true", "2.blockStorageSize=10"), code: codeStorageFields},
		{name: "entry with nothing", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "2.order=1"), code: codeStorageFields},
		{name: "empty without volume type", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "2.order=1", "2.emptyBlockStorage=true", "2.blockStorageSize=10"), code: codeStorageFields},
		{name: "empty without size", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "2.order=1", "2.emptyBlockStorage=true", "2.blockStorageVolumeTypeCode=CB1"), code: codeStorageFields},
		{name: "order not a number", form: form("img", "1.order=zero", "1.snapshotInstanceNo=301"), code: codeInvalidParam},
		{name: "boolean not a boolean", form: form("img", "1.order=0", "1.snapshotInstanceNo=301", "2.order=1", "2.noBlockStorage=maybe"), code: codeInvalidParam},
	}
	h := newHarness(t, Options{})
	h.create("taken", nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, e := h.apiErr("createServerImage", tc.form)
			if status != http.StatusBadRequest || e.ReturnCode != tc.code || e.ReturnMessage == "" {
				t.Errorf("got %d %+v, want 400 %s", status, e, tc.code)
			}
		})
	}
	if got := len(h.emu.Images("KR")); got != 1 {
		t.Errorf("%d images after rejected creates, want 1", got)
	}
}

func TestCreateServerImageLayout(t *testing.T) {
	tests := []struct {
		name string
		form url.Values
		want []BlockStorage
	}{
		{
			name: "no list images the server's disks",
			form: form("img-a"),
			want: []BlockStorage{{Order: 0, SizeGB: 10, VolumeType: "CB1"}},
		},
		{
			name: "snapshots and an empty disk",
			form: form("img-b", "1.order=0", "1.snapshotInstanceNo=301", "2.order=1", "2.snapshotInstanceNo=302",
				"2.blockStorageSize=250", "3.order=2", "3.emptyBlockStorage=true", "3.blockStorageSize=100",
				"3.blockStorageVolumeTypeCode=FB1", "serverImageDescription="+strings.Repeat("한", 333)),
			want: []BlockStorage{
				{Order: 0, SnapshotNo: "301", SnapshotName: "root-10", SizeGB: 10, VolumeType: "CB1"},
				{Order: 1, SnapshotNo: "302", SnapshotName: "data-200", SizeGB: 250, VolumeType: "CB2"},
				{Order: 2, SizeGB: 100, VolumeType: "FB1"},
			},
		},
		{
			name: "exclude a disk of the server",
			form: form("img-c", "serverInstanceNo=102", "1.order=0", "1.snapshotInstanceNo=301", "2.order=1", "2.noBlockStorage=true"),
			want: []BlockStorage{{Order: 0, SnapshotNo: "301", SnapshotName: "root-10", SizeGB: 10, VolumeType: "CB1"}},
		},
		{
			name: "keep the other disks of the server",
			form: form("img-d", "serverInstanceNo=102", "1.order=0", "1.snapshotInstanceNo=301"),
			want: []BlockStorage{
				{Order: 0, SnapshotNo: "301", SnapshotName: "root-10", SizeGB: 10, VolumeType: "CB1"},
				{Order: 1, SizeGB: 50, VolumeType: "CB2"},
			},
		},
	}
	h := newHarness(t, Options{})
	ignoreGenerated := cmp.Transformer("generated", func(b BlockStorage) BlockStorage {
		if b.SnapshotName == "" {
			b.SnapshotNo = ""
		}
		return b
	})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			created := h.ok("createServerImage", tc.form).ServerImageList[0]
			var got []BlockStorage
			for _, im := range h.emu.Images("KR") {
				if im.No == created.ServerImageNo {
					got = im.BlockStorages
				}
			}
			if diff := cmp.Diff(tc.want, got, ignoreGenerated, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("layout (-want +got):\n%s", diff)
			}
			for i, m := range created.BlockStorageMappingList {
				if m.BlockStorageSize != int64(tc.want[i].SizeGB)*gib || m.BlockStorageSnapshotInstanceNo <= 0 {
					t.Errorf("mapping %d: size %d bytes, snapshot %d", i, m.BlockStorageSize, m.BlockStorageSnapshotInstanceNo)
				}
			}
		})
	}
}

// Duplicate names are accepted when the option says so.
func TestAllowDuplicateNames(t *testing.T) {
	h := newHarness(t, Options{AllowDuplicateNames: true})
	a, b := h.create("twin", nil), h.create("twin", nil)
	if a.ServerImageNo == b.ServerImageNo {
		t.Fatalf("both images got number %s", a.ServerImageNo)
	}
	res := h.ok("getServerImageList", url.Values{"serverImageName": {"twin"}})
	if res.TotalRows != 2 {
		t.Errorf("totalRows %d, want 2", res.TotalRows)
	}
}
