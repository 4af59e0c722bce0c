package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"
)

// The structs below mirror the field types the official Go SDK decodes
// into (ncp-api.md §4.2, §4.3, §6.11): ids and names are *string, totalRows,
// order, iops, cpuCount and the mapping's snapshot number *int32, sizes,
// memory and throughput *int64, flags *bool, codes {code, codeName}.
// They are written from those facts, not taken from the SDK.

type sdkCode struct {
	Code     *string `json:"code"`
	CodeName *string `json:"codeName"`
}

type sdkRegion struct {
	RegionCode *string `json:"regionCode"`
	RegionName *string `json:"regionName"`
}

type sdkServer struct {
	ServerInstanceNo         *string  `json:"serverInstanceNo"`
	ServerName               *string  `json:"serverName"`
	ServerDescription        *string  `json:"serverDescription"`
	CPUCount                 *int32   `json:"cpuCount"`
	MemorySize               *int64   `json:"memorySize"`
	PlatformType             *sdkCode `json:"platformType"`
	ServerInstanceStatus     *sdkCode `json:"serverInstanceStatus"`
	ServerInstanceOperation  *sdkCode `json:"serverInstanceOperation"`
	ServerInstanceStatusName *string  `json:"serverInstanceStatusName"`
	CreateDate               *string  `json:"createDate"`
	ZoneCode                 *string  `json:"zoneCode"`
	RegionCode               *string  `json:"regionCode"`
	VpcNo                    *string  `json:"vpcNo"`
	PublicIP                 *string  `json:"publicIp"`
	HypervisorType           *sdkCode `json:"hypervisorType"`
}

type sdkSnapshot struct {
	BlockStorageSnapshotInstanceNo         *string  `json:"blockStorageSnapshotInstanceNo"`
	BlockStorageSnapshotName               *string  `json:"blockStorageSnapshotName"`
	BlockStorageSnapshotVolumeSize         *int64   `json:"blockStorageSnapshotVolumeSize"`
	BlockStorageSnapshotInstanceStatus     *sdkCode `json:"blockStorageSnapshotInstanceStatus"`
	BlockStorageSnapshotInstanceOperation  *sdkCode `json:"blockStorageSnapshotInstanceOperation"`
	BlockStorageSnapshotInstanceStatusName *string  `json:"blockStorageSnapshotInstanceStatusName"`
	CreateDate                             *string  `json:"createDate"`
	IsEncryptedOriginalBlockStorageVolume  *bool    `json:"isEncryptedOriginalBlockStorageVolume"`
	IsBootable                             *bool    `json:"isBootable"`
	BlockStorageVolumeType                 *sdkCode `json:"blockStorageVolumeType"`
	HypervisorType                         *sdkCode `json:"hypervisorType"`
}

type sdkMapping struct {
	Order                          *int32   `json:"order"`
	BlockStorageSnapshotInstanceNo *int32   `json:"blockStorageSnapshotInstanceNo"`
	BlockStorageSnapshotName       *string  `json:"blockStorageSnapshotName"`
	BlockStorageSize               *int64   `json:"blockStorageSize"`
	BlockStorageName               *string  `json:"blockStorageName"`
	BlockStorageVolumeType         *sdkCode `json:"blockStorageVolumeType"`
	Iops                           *int32   `json:"iops"`
	Throughput                     *int64   `json:"throughput"`
	IsEncryptedVolume              *bool    `json:"isEncryptedVolume"`
}

type sdkImage struct {
	ServerImageNo           *string       `json:"serverImageNo"`
	ServerImageName         *string       `json:"serverImageName"`
	ServerImageDescription  *string       `json:"serverImageDescription"`
	ServerImageProductCode  *string       `json:"serverImageProductCode"`
	ServerImageType         *sdkCode      `json:"serverImageType"`
	HypervisorType          *sdkCode      `json:"hypervisorType"`
	CPUArchitectureType     *sdkCode      `json:"cpuArchitectureType"`
	OSCategoryType          *sdkCode      `json:"osCategoryType"`
	OSType                  *sdkCode      `json:"osType"`
	ServerImageStatus       *sdkCode      `json:"serverImageStatus"`
	ServerImageOperation    *sdkCode      `json:"serverImageOperation"`
	ServerImageStatusName   *string       `json:"serverImageStatusName"`
	CreateDate              *string       `json:"createDate"`
	ShareStatus             *sdkCode      `json:"shareStatus"`
	SharedLoginIDList       []*string     `json:"sharedLoginIdList"`
	PlatformCategoryCode    *string       `json:"platformCategoryCode"`
	BlockStorageMappingList []*sdkMapping `json:"blockStorageMappingList"`
}

// sdkResponse is the inner object of every envelope the emulator serves.
type sdkResponse struct {
	RequestID                        *string        `json:"requestId"`
	ReturnCode                       *string        `json:"returnCode"`
	ReturnMessage                    *string        `json:"returnMessage"`
	TotalRows                        *int32         `json:"totalRows"`
	RegionList                       []*sdkRegion   `json:"regionList"`
	ServerInstanceList               []*sdkServer   `json:"serverInstanceList"`
	BlockStorageSnapshotInstanceList []*sdkSnapshot `json:"blockStorageSnapshotInstanceList"`
	ServerImageList                  []*sdkImage    `json:"serverImageList"`
}

// sdkPost sends what the SDK sends: POST, a form body starting with
// responseFormatType=json, the signature under the -v1 header name, and
// the SDK's Content-Type: application/json for
// removeServerImageSharingPermission (the only action it sends so, over
// the same form body), form-urlencoded for the others.
func (h *harness) sdkPost(action string, form url.Values) (int, []byte) {
	h.t.Helper()
	body := "responseFormatType=json"
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		body += "&" + k + "=" + url.QueryEscape(form.Get(k))
	}
	path := "/vserver/v2/" + action
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", sdkContentType(action))
	h.signReq(req, path)
	req.Header.Set(hdrSigV1, req.Header.Get(hdrSigV2))
	req.Header.Del(hdrSigV2)
	status, b := h.do(req)
	return status, []byte(b)
}

// sdkContentType is the Content-Type the official SDK sends for action.
func sdkContentType(action string) string {
	if action == "removeServerImageSharingPermission" {
		return "application/json"
	}
	return "application/x-www-form-urlencoded"
}

// sdkDecode applies the SDK's success rules to a 2xx body: it must start
// with '{', must not contain {"error", and its inner object, cut as the
// SDK cuts it, must decode into the SDK's types; unknown keys are
// reported too (the SDK would silently drop them).
func sdkDecode(t *testing.T, action string, status int, body []byte) sdkResponse {
	t.Helper()
	if status < 200 || status >= 300 {
		t.Fatalf("%s: status %d: %s", action, status, body)
	}
	if !bytes.HasPrefix(body, []byte("{")) || bytes.Contains(body, []byte(`{"error"`)) {
		t.Fatalf("%s: body the SDK rejects: %s", action, body)
	}
	if !bytes.HasPrefix(body, []byte("{\n  \""+action+"Response\": {")) {
		t.Fatalf("%s: envelope key: %s", action, body[:min(len(body), 80)])
	}
	inner, ok := sdkInner(body)
	if !ok {
		t.Fatalf("%s: no inner object", action)
	}
	dec := json.NewDecoder(bytes.NewReader(inner))
	dec.DisallowUnknownFields()
	var out sdkResponse
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("%s: SDK decode: %v\n%s", action, err, inner)
	}
	if out.RequestID == nil || len(*out.RequestID) != 36 || deref(out.ReturnCode) != "0" ||
		deref(out.ReturnMessage) != "success" || out.TotalRows == nil {
		t.Errorf("%s: envelope fields %+v", action, out)
	}
	return out
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func code(c *sdkCode) string {
	if c == nil {
		return "<nil>"
	}
	return deref(c.Code)
}

// Every served action, driven as the SDK drives it, answers a body the
// SDK decodes into its own types with the values the account holds.
func TestSDKConformance(t *testing.T) {
	h := newHarness(t, Options{CreateDelay: time.Minute, DeleteDelay: time.Minute})
	covered := map[string]bool{}
	call := func(action string, form url.Values) sdkResponse {
		t.Helper()
		covered[action] = true
		status, body := h.sdkPost(action, form)
		return sdkDecode(t, action, status, body)
	}

	regions := call("getRegionList", nil)
	if deref(regions.TotalRows) != 2 || len(regions.RegionList) != 2 ||
		deref(regions.RegionList[1].RegionCode) != "SGN" || deref(regions.RegionList[1].RegionName) != "Singapore(New)" {
		t.Errorf("regions %+v", regions)
	}

	for _, action := range []string{"getServerInstanceList", "getServerInstanceDetail"} {
		res := call(action, url.Values{"serverInstanceNo": {"101"}, "serverInstanceNoList.1": {"101"}})
		if len(res.ServerInstanceList) != 1 || deref(res.TotalRows) != 1 {
			t.Fatalf("%s: %d rows", action, len(res.ServerInstanceList))
		}
		s := res.ServerInstanceList[0]
		if deref(s.ServerInstanceNo) != "101" || deref(s.ServerName) != "web-01" || deref(s.CPUCount) != 2 ||
			deref(s.MemorySize) != 4*gib || code(s.ServerInstanceStatus) != "RUN" || code(s.ServerInstanceOperation) != "NULL" ||
			deref(s.ServerInstanceStatusName) != "running" || deref(s.CreateDate) != "2026-11-20T18:00:00+0900" ||
			deref(s.RegionCode) != "KR" || deref(s.VpcNo) != "11" || deref(s.PublicIP) != "203.0.113.1" || code(s.HypervisorType) != "KVM" {
			t.Errorf("%s: server %+v", action, s)
		}
	}

	for _, action := range []string{"getBlockStorageSnapshotInstanceList", "getBlockStorageSnapshotInstanceDetail"} {
		res := call(action, url.Values{"blockStorageSnapshotInstanceNo": {"302"}, "blockStorageSnapshotInstanceNoList.1": {"302"}})
		if len(res.BlockStorageSnapshotInstanceList) != 1 {
			t.Fatalf("%s: %d rows", action, len(res.BlockStorageSnapshotInstanceList))
		}
		s := res.BlockStorageSnapshotInstanceList[0]
		if deref(s.BlockStorageSnapshotInstanceNo) != "302" || deref(s.BlockStorageSnapshotName) != "data-200" ||
			deref(s.BlockStorageSnapshotVolumeSize) != 200*gib || code(s.BlockStorageSnapshotInstanceStatus) != "CREAT" ||
			s.IsBootable == nil || *s.IsBootable || code(s.BlockStorageVolumeType) != "CB2" {
			t.Errorf("%s: snapshot %+v", action, s)
		}
	}

	created := call("createServerImage", url.Values{
		"regionCode": {"KR"}, "serverInstanceNo": {"102"}, "serverImageName": {"conf-img"},
		"serverImageDescription":                {"made by the conformance test"},
		"blockStorageList.1.order":              {"0"},
		"blockStorageList.1.snapshotInstanceNo": {"301"},
		"blockStorageList.2.order":              {"1"},
		"blockStorageList.2.snapshotInstanceNo": {"302"},
		"blockStorageList.2.blockStorageSize":   {"300"},
	})
	if len(created.ServerImageList) != 1 {
		t.Fatalf("create: %d rows", len(created.ServerImageList))
	}
	im := created.ServerImageList[0]
	no := deref(im.ServerImageNo)
	if no == "" || deref(im.ServerImageName) != "conf-img" || deref(im.ServerImageDescription) != "made by the conformance test" ||
		code(im.ServerImageStatus) != "INIT" || code(im.ServerImageOperation) != "CREAT" || deref(im.ServerImageStatusName) != "creating" ||
		code(im.ServerImageType) != "SELF" || code(im.ShareStatus) != "NULL" || im.SharedLoginIDList == nil || len(im.SharedLoginIDList) != 0 {
		t.Errorf("created image %+v", im)
	}
	wantMaps := []struct {
		order int32
		snap  int32
		name  string
		size  int64
		vt    string
	}{{0, 301, "root-10", 10 * gib, "CB1"}, {1, 302, "data-200", 300 * gib, "CB2"}}
	if len(im.BlockStorageMappingList) != len(wantMaps) {
		t.Fatalf("mappings: %d", len(im.BlockStorageMappingList))
	}
	for i, w := range wantMaps {
		m := im.BlockStorageMappingList[i]
		if deref(m.Order) != w.order || deref(m.BlockStorageSnapshotInstanceNo) != w.snap || deref(m.BlockStorageSnapshotName) != w.name ||
			deref(m.BlockStorageSize) != w.size || code(m.BlockStorageVolumeType) != w.vt || deref(m.Iops) != 100 ||
			deref(m.Throughput) != 104857600 || m.IsEncryptedVolume == nil {
			t.Errorf("mapping %d: %+v", i, m)
		}
	}

	h.clock.Add(time.Minute) // CREAT: sharing is allowed
	for _, action := range []string{"getServerImageList", "getServerImageDetail"} {
		res := call(action, url.Values{"serverImageNo": {no}, "serverImageNoList.1": {no}})
		if len(res.ServerImageList) != 1 || code(res.ServerImageList[0].ServerImageStatus) != "CREAT" {
			t.Errorf("%s: %+v", action, res.ServerImageList)
		}
	}
	shared := call("addServerImageSharingPermission", url.Values{"serverImageNo": {no}, "targetLoginIdList.1": {"a@example.com"}, "targetLoginIdList.2": {"b@example.com"}})
	if got := shared.ServerImageList; len(got) != 1 || code(got[0].ShareStatus) != "SHARE" || len(got[0].SharedLoginIDList) != 2 ||
		deref(got[0].SharedLoginIDList[1]) != "b@example.com" {
		t.Errorf("shared %+v", got)
	}
	unshared := call("removeServerImageSharingPermission", url.Values{"serverImageNo": {no}, "targetLoginIdList.1": {"a@example.com"}})
	if got := unshared.ServerImageList; len(got) != 1 || len(got[0].SharedLoginIDList) != 1 || deref(got[0].SharedLoginIDList[0]) != "b@example.com" {
		t.Errorf("unshared %+v", got)
	}
	deleted := call("deleteServerImage", url.Values{"serverImageNoList.1": {no}})
	if got := deleted.ServerImageList; len(got) != 1 || code(got[0].ServerImageOperation) != "TERMT" || deref(got[0].ServerImageStatusName) != "terminating" {
		t.Errorf("deleted %+v", got)
	}
	h.clock.Add(time.Minute)
	gone := call("getServerImageDetail", url.Values{"serverImageNo": {no}})
	if deref(gone.TotalRows) != 0 || len(gone.ServerImageList) != 0 {
		t.Errorf("gone image listed: %+v", gone)
	}

	for action := range actions {
		if !covered[action] {
			t.Errorf("action %s is served but not covered by the conformance test", action)
		}
	}
}

// Error bodies are well-formed JSON that end with '}' and have the two
// documented shapes: the gateway's {"error": {...}} and the backend's
// {"responseError": {...}}.
func TestErrorBodiesConform(t *testing.T) {
	h := newHarness(t, Options{})
	type gatewayDoc struct {
		Error *struct {
			ErrorCode *string `json:"errorCode"`
			Message   *string `json:"message"`
			Details   *string `json:"details"`
		} `json:"error"`
	}
	type backendDoc struct {
		ResponseError *struct {
			ReturnCode    *string `json:"returnCode"`
			ReturnMessage *string `json:"returnMessage"`
		} `json:"responseError"`
	}
	strict := func(body []byte, v any) error {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		return dec.Decode(v)
	}
	gateway := func(what string, wantStatus int, wantCode string, status int, body []byte) {
		t.Helper()
		var d gatewayDoc
		if status != wantStatus || !bytes.HasSuffix(body, []byte("}")) || strict(body, &d) != nil || d.Error == nil ||
			deref(d.Error.ErrorCode) != wantCode || deref(d.Error.Message) == "" || d.Error.Details == nil {
			t.Errorf("%s: %d %s", what, status, body)
		}
	}
	backend := func(what string, wantStatus int, wantCode string, status int, body []byte) {
		t.Helper()
		var d backendDoc
		if status != wantStatus || !bytes.HasSuffix(body, []byte("}")) || strict(body, &d) != nil || d.ResponseError == nil ||
			deref(d.ResponseError.ReturnCode) != wantCode || deref(d.ResponseError.ReturnMessage) == "" {
			t.Errorf("%s: %d %s", what, status, body)
		}
		if !bytes.HasPrefix(body, []byte("{\n  \"responseError\": {")) {
			t.Errorf("%s: not pretty-printed: %s", what, body)
		}
	}

	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/vserver/v2/getNothing", nil)
	status, body := h.do(req)
	gateway("unknown path", 404, "300", status, []byte(body))
	h.key = "AK-nobody"
	s, b := h.sdkPost("getRegionList", nil)
	gateway("unknown key", 401, "200", s, b)
	h.key = testAccess

	s, b = h.sdkPost("createServerImage", url.Values{"serverInstanceNo": {"101"}})
	backend("missing name", 400, codeInvalidParam, s, b)
	s, b = h.sdkPost("addServerImageSharingPermission", url.Values{"serverImageNo": {"1"}, "targetLoginIdList.1": {"x"}})
	backend("sharing unknown image", 400, codeImageNotFound, s, b)

	h.emu.SetFaults(Faults{RateLimit: 0.001, Burst: 1})
	h.sdkPost("getRegionList", nil)
	s, b = h.sdkPost("getRegionList", nil)
	gateway("throttled", 429, "410", s, b)
	h.emu.SetFaults(Faults{Create504Rate: 1})
	s, b = h.sdkPost("createServerImage", url.Values{"serverInstanceNo": {"101"}, "serverImageName": {"late"}})
	gateway("timeout", 504, "510", s, b)
	for i := range 40 { // both kinds of injected error, drawn
		h.emu.SetFaults(Faults{ErrorRate: 1})
		s, b = h.sdkPost("getRegionList", url.Values{"x": {string(rune('a' + i%26))}})
		if s == 503 {
			gateway("endpoint error", 503, "500", s, b)
		} else {
			backend("retry later", 500, codeRetryLater, s, b)
		}
	}
}
