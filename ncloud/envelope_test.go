package ncloud

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const prettyImageList = `{
  "getServerImageListResponse": {
    "totalRows": 1,
    "serverImageList": [
      {
        "serverImageNo": "23214590",
        "serverImageName": "web-base-2026-11",
        "serverImageDescription": "nginx [ncpimage:web]",
        "serverImageType": {"code": "SELF", "codeName": "자체 이미지"},
        "serverImageStatus": {"code": "CREAT", "codeName": "NSI CREATED state"},
        "serverImageOperation": {"code": "NULL", "codeName": "NSI NULL OP"},
        "serverImageStatusName": "created",
        "createDate": "2024-03-21T18:22:55+0900",
        "blockStorageMappingList": [
          {"order": 0, "blockStorageSnapshotInstanceNo": 23214591, "blockStorageSnapshotName": "root",
           "blockStorageSize": 10737418240, "blockStorageName": "disk0",
           "blockStorageVolumeType": {"code": "CB1", "codeName": "Common BlockStorage 1"}, "iops": 100},
          {"order": 1, "blockStorageSnapshotInstanceNo": "3001005", "blockStorageSize": 214748364800,
           "blockStorageVolumeType": {"code": "CB2"}},
          {"order": 2, "blockStorageSnapshotInstanceNo": null, "blockStorageSize": 0}
        ]
      }
    ],
    "requestId": "5b1a",
    "returnCode": "0",
    "returnMessage": "success"
  }
}`

func wantImage() ServerImage {
	return ServerImage{
		No: "23214590", Name: "web-base-2026-11", Description: "nginx [ncpimage:web]", Type: "SELF",
		Status: "CREAT", Operation: "NULL", StatusName: "created",
		CreateDate: time.Date(2024, 3, 21, 18, 22, 55, 0, time.FixedZone("", 9*3600)),
		BlockStorages: []BlockStorageMapping{
			{Order: 0, SnapshotInstanceNo: "23214591", SnapshotName: "root", SizeBytes: 10737418240, Name: "disk0", VolumeType: "CB1"},
			{Order: 1, SnapshotInstanceNo: "3001005", SizeBytes: 214748364800, VolumeType: "CB2"},
			{Order: 2},
		},
	}
}

// compact squeezes the whitespace out of a JSON text whose strings hold
// no significant runs of spaces.
func compact(s string) string {
	return strings.NewReplacer("\n", "", "  ", "", ": ", ":", ", ", ",").Replace(s)
}

func TestDecodeImageListAnyWhitespace(t *testing.T) {
	for name, body := range map[string]string{"pretty": prettyImageList, "compact": compact(prettyImageList)} {
		t.Run(name, func(t *testing.T) {
			fake := newFake(t, func(int, fakeRequest) reply { return reply{status: 200, body: body} })
			c := newTestClient(t, fake)
			got, err := c.GetServerImageList(context.Background(), "KR", ImageFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]ServerImage{wantImage()}, got); diff != "" {
				t.Errorf("images (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeEnvelope(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		wantErr string // "" = success
		api     bool   // the error is an *APIError
	}{
		{name: "ok", status: 200, body: `{"getRegionListResponse":{"returnCode":"0","regionList":[]}}`},
		{name: "no return code", status: 200, body: `{"getRegionListResponse": {}}`},
		{name: "numeric return code 0", status: 200, body: `{"getRegionListResponse": {"returnCode": 0}}`},
		{name: "not json", status: 200, body: `<xml/>`, wantErr: "getRegionList: decode response: invalid character"},
		{name: "wrong key", status: 200, body: `{"getServerImageListResponse": {}}`, wantErr: `the key "getServerImageListResponse" is not "getRegionListResponse" and its object holds no returnCode`},
		{name: "two keys", status: 200, body: `{"getRegionListResponse": {}, "x": 1}`, wantErr: "want a single key in the envelope"},
		{name: "empty object", status: 200, body: `{}`, wantErr: "got an empty object"},
		{name: "bad list type", status: 200, body: `{"getRegionListResponse": {"regionList": 3}}`, wantErr: "decode response"},
		{name: "failure return code", status: 200, body: `{"getRegionListResponse": {"returnCode": "1300", "returnMessage": "unknown"}}`,
			wantErr: "getRegionList: HTTP 200: returnCode 1300: unknown", api: true},
		{name: "error body under 200", status: 200, body: `{"responseError": {"returnCode": "800", "returnMessage": "no"}}`,
			wantErr: "getRegionList: HTTP 200: returnCode 800: no", api: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r listResponse
			err := decodeEnvelope("getRegionList", tt.status, []byte(tt.body), &r)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			var ae *APIError
			if got := errors.As(err, &ae); got != tt.api {
				t.Errorf("APIError = %v, want %v", got, tt.api)
			}
		})
	}
}

func TestFlexString(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantErr        bool
	}{
		{name: "string", in: `"3001005"`, want: "3001005"},
		{name: "number", in: `23214591`, want: "23214591"},
		{name: "beyond int32", in: `99999999999`, want: "99999999999"},
		{name: "null", in: `null`, want: ""},
		{name: "float", in: `2.5`, wantErr: true},
		{name: "exponent", in: `2e7`, wantErr: true},
		{name: "negative", in: `-1`, wantErr: true},
		{name: "bool", in: `true`, wantErr: true},
		{name: "object", in: `{}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s flexString
			err := s.UnmarshalJSON([]byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if string(s) != tt.want {
				t.Errorf("got %q, want %q", s, tt.want)
			}
		})
	}
}

func TestParseCreateDate(t *testing.T) {
	tests := []struct {
		name, in string
		want     time.Time
		wantErr  bool
	}{
		{name: "ncp layout", in: "2026-11-02T09:30:00+0900", want: time.Date(2026, 11, 2, 0, 30, 0, 0, time.UTC)},
		{name: "rfc3339", in: "2026-11-02T00:30:00Z", want: time.Date(2026, 11, 2, 0, 30, 0, 0, time.UTC)},
		{name: "empty", in: ""},
		{name: "garbage", in: "yesterday", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCreateDate(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !got.Equal(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDecodeServersSnapshotsRegions(t *testing.T) {
	fake := newFake(t, func(_ int, r fakeRequest) reply {
		switch r.Action {
		case "getRegionList":
			return ok(r.Action, `, "totalRows": 2, "regionList": [{"regionCode": "KR", "regionName": "Korea"}, {"regionCode": "SGN", "regionName": "Singapore(New)"}]`)
		case "getServerInstanceList":
			return ok(r.Action, `, "totalRows": 2, "serverInstanceList": [
				{"serverInstanceNo": "1001001", "serverName": "web-01", "regionCode": "KR", "serverInstanceStatus": {"code": "RUN", "codeName": "서버 RUN 상태"},
				 "serverInstanceOperation": {"code": "NULL"}, "serverInstanceStatusName": "running", "memorySize": 4294967296},
				{"serverInstanceNo": 1001011, "serverName": "web-011", "serverInstanceStatus": {"code": "NSTOP"}}]`)
		default:
			return ok(r.Action, `, "totalRows": 1, "blockStorageSnapshotInstanceList": [
				{"blockStorageSnapshotInstanceNo": "3001005", "blockStorageSnapshotName": "db-01-data-2026-11", "blockStorageSnapshotVolumeSize": 214748364800,
				 "blockStorageSnapshotInstanceStatus": {"code": "CREAT"}, "blockStorageSnapshotInstanceOperation": {"code": "NULL"},
				 "isBootable": false, "blockStorageVolumeType": {"code": "CB2"}}]`)
		}
	})
	c := newTestClient(t, fake)
	ctx := context.Background()
	regions, err := c.GetRegionList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Region{{"KR", "Korea"}, {"SGN", "Singapore(New)"}}, regions); diff != "" {
		t.Errorf("regions (-want +got):\n%s", diff)
	}
	servers, err := c.GetServerInstanceList(ctx, "KR", ServerFilter{Name: "web-01"})
	if err != nil {
		t.Fatal(err)
	}
	wantServers := []ServerInstance{{No: "1001001", Name: "web-01", Region: "KR", Status: "RUN", Operation: "NULL", StatusName: "running"}}
	if diff := cmp.Diff(wantServers, servers); diff != "" {
		t.Errorf("servers, exact name (-want +got):\n%s", diff)
	}
	servers, err = c.GetServerInstanceList(ctx, "KR", ServerFilter{})
	if err != nil || len(servers) != 2 || servers[1].No != "1001011" || servers[1].Region != "KR" {
		t.Errorf("servers, unfiltered = %+v, %v", servers, err)
	}
	snaps, err := c.GetBlockStorageSnapshotInstanceList(ctx, "KR", SnapshotFilter{Name: "db-01-data-2026-11"})
	if err != nil {
		t.Fatal(err)
	}
	wantSnaps := []Snapshot{{No: "3001005", Name: "db-01-data-2026-11", SizeBytes: 214748364800, Status: "CREAT", Operation: "NULL", VolumeType: "CB2"}}
	if diff := cmp.Diff(wantSnaps, snaps); diff != "" {
		t.Errorf("snapshots (-want +got):\n%s", diff)
	}
}

func TestCreateAnswers(t *testing.T) {
	fake := newFake(t, func(call int, r fakeRequest) reply {
		switch {
		case call == 1:
			return ok(r.Action, `, "totalRows": 1, "serverImageList": [{"serverImageNo": "77", "serverImageName": "web", "serverImageStatus": {"code": "INIT"}, "serverImageOperation": {"code": "CREAT"}}]`)
		}
		return ok(r.Action, `, "totalRows": 0, "serverImageList": []`)
	})
	c := newTestClient(t, fake)
	ctx := context.Background()
	img, err := c.CreateServerImage(ctx, CreateImageInput{ServerInstanceNo: "1", Name: "web"})
	if err != nil || img.No != "77" || img.Status != "INIT" || img.Operation != "CREAT" {
		t.Errorf("create = %+v, %v", img, err)
	}
	_, err = c.CreateServerImage(ctx, CreateImageInput{ServerInstanceNo: "1", Name: "web"})
	var ou *OutcomeUnknownError
	if !errors.As(err, &ou) {
		t.Errorf("create answered with no image: err = %v, want OutcomeUnknownError", err)
	}
	if err := c.DeleteServerImage(ctx, "KR", nil); err != nil || fake.count("deleteServerImage") != 0 {
		t.Errorf("delete of nothing: err %v, calls %d", err, fake.count("deleteServerImage"))
	}
}
