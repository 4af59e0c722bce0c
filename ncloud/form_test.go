package ncloud

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFormEncode(t *testing.T) {
	tests := []struct {
		name  string
		build func(f *form)
		want  string
	}{
		{name: "only format", build: func(*form) {}, want: "responseFormatType=json"},
		{
			name:  "list is 1-based",
			build: func(f *form) { f.set("regionCode", "KR"); f.setList("serverImageNoList", []string{"11", "22"}) },
			want:  "responseFormatType=json&regionCode=KR&serverImageNoList.1=11&serverImageNoList.2=22",
		},
		{
			name:  "empty values skipped",
			build: func(f *form) { f.setNonEmpty("serverName", ""); f.setList("x", nil) },
			want:  "responseFormatType=json",
		},
		{
			name:  "values escaped",
			build: func(f *form) { f.set("serverImageDescription", "nginx 1.26 & php=8 [ncpimage:web]") },
			want:  "responseFormatType=json&serverImageDescription=nginx+1.26+%26+php%3D8+%5Bncpimage%3Aweb%5D",
		},
		{
			name: "block storages nested and 1-based",
			build: func(f *form) {
				f.setBlockStorages([]BlockStorageInput{
					{Order: 0, SnapshotInstanceNo: "3001001"},
					{Order: 1, SizeGB: 100, VolumeType: "CB1", Empty: true},
					{Order: 2, Exclude: true},
				})
			},
			want: "responseFormatType=json&blockStorageList.1.order=0&blockStorageList.1.snapshotInstanceNo=3001001" +
				"&blockStorageList.2.order=1&blockStorageList.2.blockStorageSize=100&blockStorageList.2.blockStorageVolumeTypeCode=CB1" +
				"&blockStorageList.2.emptyBlockStorage=true&blockStorageList.3.order=2&blockStorageList.3.noBlockStorage=true",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newForm()
			tt.build(f)
			if diff := cmp.Diff(tt.want, f.encode()); diff != "" {
				t.Errorf("encode (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFormCloneIndependent(t *testing.T) {
	f := newForm()
	a, b := f.clone(), f.clone()
	a.set("pageNo", "1")
	b.set("pageNo", "2")
	if a.encode() != "responseFormatType=json&pageNo=1" || b.encode() != "responseFormatType=json&pageNo=2" {
		t.Errorf("clones share storage: %s / %s", a.encode(), b.encode())
	}
}

// The exact body each action sends.
func TestActionBodies(t *testing.T) {
	fake := newFake(t, func(_ int, r fakeRequest) reply {
		switch r.Action {
		case "createServerImage":
			return ok(r.Action, `, "totalRows": 1, "serverImageList": [{"serverImageNo": "9"}]`)
		}
		return ok(r.Action, `, "totalRows": 0`)
	})
	c := newTestClient(t, fake, WithRegion("KR"))
	ctx := context.Background()
	calls := []func() error{
		func() error { _, err := c.GetRegionList(ctx); return err },
		func() error {
			_, err := c.GetServerInstanceList(ctx, "", ServerFilter{Nos: []string{"1", "2"}, Name: "web-01"})
			return err
		},
		func() error {
			_, err := c.GetBlockStorageSnapshotInstanceList(ctx, "SGN", SnapshotFilter{Nos: []string{"3"}, Name: "snap"})
			return err
		},
		func() error {
			_, err := c.GetServerImageList(ctx, "", ImageFilter{Nos: []string{"7"}, Name: "web", Status: "CREAT"})
			return err
		},
		func() error {
			_, err := c.CreateServerImage(ctx, CreateImageInput{ServerInstanceNo: "1001001", Name: "web-base", Description: "d",
				BlockStorages: []BlockStorageInput{{Order: 0, SnapshotInstanceNo: "3001001"}}})
			return err
		},
		func() error { return c.DeleteServerImage(ctx, "JPN", []string{"5", "6"}) },
	}
	for _, call := range calls {
		if err := call(); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		"getRegionList responseFormatType=json",
		"getServerInstanceList responseFormatType=json&regionCode=KR&serverInstanceNoList.1=1&serverInstanceNoList.2=2&serverName=web-01&pageNo=1&pageSize=1000",
		"getBlockStorageSnapshotInstanceList responseFormatType=json&regionCode=SGN&blockStorageSnapshotInstanceNoList.1=3&blockStorageSnapshotName=snap&pageNo=1&pageSize=1000",
		"getServerImageList responseFormatType=json&regionCode=KR&serverImageTypeCodeList.1=SELF&serverImageNoList.1=7&serverImageName=web&serverImageStatusCode=CREAT&pageNo=1&pageSize=1000",
		"createServerImage responseFormatType=json&regionCode=KR&serverInstanceNo=1001001&serverImageName=web-base&serverImageDescription=d&blockStorageList.1.order=0&blockStorageList.1.snapshotInstanceNo=3001001",
		"deleteServerImage responseFormatType=json&regionCode=JPN&serverImageNoList.1=5&serverImageNoList.2=6",
	}
	var got []string
	for _, r := range fake.requests() {
		got = append(got, r.Action+" "+r.Body)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("request bodies (-want +got):\n%s", diff)
	}
}

// Without a default region, regionCode is left to NCP.
func TestNoRegionSendsNone(t *testing.T) {
	fake := newFake(t, func(_ int, r fakeRequest) reply { return ok(r.Action, `, "totalRows": 0`) })
	c := newTestClient(t, fake)
	if _, err := c.GetServerImageList(context.Background(), "", ImageFilter{}); err != nil {
		t.Fatal(err)
	}
	if r := fake.requests()[0]; r.Form.Has("regionCode") {
		t.Errorf("regionCode sent: %s", r.Body)
	}
}
