package emulator

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The documented filters of every list action (ncp-api.md §6.2, §6.4,
// §6.8): an unset filter matches everything, a set one keeps the rows
// whose value it names. Rows carry fixed codes (KVM, SELF, UBUNTU, OS),
// snapshot sizes in bytes while the size filter is GB "at most".
func TestDocumentedListFilters(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.create("alpha", nil)
	b := h.create("beta", nil)
	all := []string{"alpha", "beta"}
	kr := []string{"web-01", "web-02", "booting", "busy"}
	snaps := []string{"root-10", "data-200", "root-pending"}
	tests := []struct {
		name   string
		action string
		form   url.Values
		want   []string
	}{
		// images
		{"images unfiltered", "getServerImageList", url.Values{}, all},
		{"image numbers", "getServerImageList", url.Values{"serverImageNoList.1": {b.ServerImageNo}}, []string{"beta"}},
		{"image numbers two", "getServerImageList", url.Values{"serverImageNoList.1": {b.ServerImageNo}, "serverImageNoList.2": {a.ServerImageNo}}, all},
		{"image numbers unknown", "getServerImageList", url.Values{"serverImageNoList.1": {"1"}}, nil},
		{"image name exact", "getServerImageList", url.Values{"serverImageName": {"alpha"}}, []string{"alpha"}},
		{"image name is not a prefix", "getServerImageList", url.Values{"serverImageName": {"alph"}}, nil},
		{"image name empty is unset", "getServerImageList", url.Values{"serverImageName": {""}}, all},
		{"image type SELF", "getServerImageList", url.Values{"serverImageTypeCodeList.1": {"SELF"}}, all},
		{"image type NCP", "getServerImageList", url.Values{"serverImageTypeCodeList.1": {"NCP"}}, nil},
		{"image type NCP or SELF", "getServerImageList", url.Values{"serverImageTypeCodeList.1": {"NCP"}, "serverImageTypeCodeList.2": {"SELF"}}, all},
		{"hypervisor KVM", "getServerImageList", url.Values{"hypervisorTypeCodeList.1": {"KVM"}}, all},
		{"hypervisor XEN", "getServerImageList", url.Values{"hypervisorTypeCodeList.1": {"XEN"}}, nil},
		{"os UBUNTU", "getServerImageList", url.Values{"osTypeCodeList.1": {"UBUNTU"}}, all},
		{"os CENTOS or WINDOWS", "getServerImageList", url.Values{"osTypeCodeList.1": {"CENTOS"}, "osTypeCodeList.2": {"WINDOWS"}}, nil},
		{"platform OS", "getServerImageList", url.Values{"platformCategoryCodeList.1": {"OS"}}, all},
		{"platform DBMS", "getServerImageList", url.Values{"platformCategoryCodeList.1": {"DBMS"}}, nil},
		{"image filters combine", "getServerImageList", url.Values{"serverImageName": {"beta"}, "osTypeCodeList.1": {"UBUNTU"}, "hypervisorTypeCodeList.1": {"KVM"}}, []string{"beta"}},
		// servers
		{"servers unfiltered", "getServerInstanceList", url.Values{}, kr},
		{"server numbers", "getServerInstanceList", url.Values{"serverInstanceNoList.1": {"103"}}, []string{"booting"}},
		{"server name exact", "getServerInstanceList", url.Values{"serverName": {"web-01"}}, []string{"web-01"}},
		{"server name not partial", "getServerInstanceList", url.Values{"serverName": {"web"}}, nil},
		{"vpc", "getServerInstanceList", url.Values{"vpcNo": {"12"}}, []string{"web-02"}},
		{"vpc unknown", "getServerInstanceList", url.Values{"vpcNo": {"99"}}, nil},
		{"ip public", "getServerInstanceList", url.Values{"ip": {"203.0.113.1"}}, []string{"web-01"}},
		{"ip private", "getServerInstanceList", url.Values{"ip": {"10.0.0.2"}}, []string{"web-02"}},
		{"ip unknown", "getServerInstanceList", url.Values{"ip": {"10.9.9.9"}}, nil},
		{"server filters combine", "getServerInstanceList", url.Values{"vpcNo": {"11"}, "serverName": {"web-02"}}, nil},
		// snapshots
		{"snapshots unfiltered", "getBlockStorageSnapshotInstanceList", url.Values{}, snaps},
		{"snapshot numbers", "getBlockStorageSnapshotInstanceList", url.Values{"blockStorageSnapshotInstanceNoList.1": {"303"}, "blockStorageSnapshotInstanceNoList.2": {"301"}}, []string{"root-10", "root-pending"}},
		{"snapshot name exact", "getBlockStorageSnapshotInstanceList", url.Values{"blockStorageSnapshotName": {"data-200"}}, []string{"data-200"}},
		{"snapshot name not partial", "getBlockStorageSnapshotInstanceList", url.Values{"blockStorageSnapshotName": {"root"}}, nil},
		{"snapshot size at most 10 GB", "getBlockStorageSnapshotInstanceList", url.Values{"blockStorageSnapshotVolumeSize": {"10"}}, []string{"root-10", "root-pending"}},
		{"snapshot size at most 200 GB", "getBlockStorageSnapshotInstanceList", url.Values{"blockStorageSnapshotVolumeSize": {"200"}}, snaps},
		{"snapshot size below all", "getBlockStorageSnapshotInstanceList", url.Values{"blockStorageSnapshotVolumeSize": {"9"}}, nil},
		{"snapshot size in bytes is GB", "getBlockStorageSnapshotInstanceList", url.Values{"blockStorageSnapshotVolumeSize": {"10737418240"}}, snaps},
		{"snapshot size and name", "getBlockStorageSnapshotInstanceList", url.Values{"blockStorageSnapshotVolumeSize": {"10"}, "blockStorageSnapshotName": {"data-200"}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := h.ok(tc.action, tc.form)
			if diff := cmp.Diff(tc.want, names(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if res.TotalRows != len(tc.want) {
				t.Errorf("totalRows %d, want %d", res.TotalRows, len(tc.want))
			}
		})
	}
	if status, e := h.apiErr("getBlockStorageSnapshotInstanceList", url.Values{"blockStorageSnapshotVolumeSize": {"ten"}}); status != 400 || e.ReturnCode != codeInvalidParam {
		t.Errorf("malformed size: %d %+v", status, e)
	}
	// Rows carry the values the filters compare with.
	res := h.ok("getServerInstanceList", url.Values{"serverName": {"web-01"}})
	if s := res.Servers[0]; s.VpcNo != "11" || s.PublicIP != "203.0.113.1" || s.HypervisorType.Code != "KVM" {
		t.Errorf("server row %+v", s)
	}
	if im := h.ok("getServerImageList", nil).ServerImageList[0]; im.PlatformCategoryCode != "OS" || im.OSType.Code != "UBUNTU" || im.HypervisorType.Code != "KVM" || im.ServerImageType.Code != "SELF" {
		t.Errorf("image row %+v", im)
	}
}
