package ncloud

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The sharing actions send regionCode, serverImageNo and
// targetLoginIdList.N, and read an answer whatever its body ends with.
func TestSharingRequests(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ending string
	}{
		{name: "no trailing newline", ending: ""},
		{name: "trailing newline", ending: "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(_ int, r fakeRequest) reply {
				rep := ok(r.Action, `, "totalRows": 1, "serverImageList": [{"serverImageNo": "5000001"}]`)
				rep.body += tc.ending
				return rep
			})
			c := newTestClient(t, f)
			ctx := context.Background()
			if err := c.AddServerImageSharingPermission(ctx, "KR", "5000001", []string{"a@example.com", "b@example.com"}); err != nil {
				t.Fatal(err)
			}
			if err := c.RemoveServerImageSharingPermission(ctx, "", "5000001", []string{"c@example.com"}); err != nil {
				t.Fatal(err)
			}
			var got []map[string][]string
			for _, r := range f.requests() {
				got = append(got, map[string][]string{"action": {r.Action}, "form": {r.Form.Encode()}})
			}
			want := []map[string][]string{
				{"action": {"addServerImageSharingPermission"},
					"form": {"regionCode=KR&responseFormatType=json&serverImageNo=5000001&targetLoginIdList.1=a%40example.com&targetLoginIdList.2=b%40example.com"}},
				{"action": {"removeServerImageSharingPermission"},
					"form": {"responseFormatType=json&serverImageNo=5000001&targetLoginIdList.1=c%40example.com"}},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
		})
	}
}

// An empty list sends nothing.
func TestSharingNothingToSend(t *testing.T) {
	f := newFake(t, func(int, fakeRequest) reply { return reply{status: 500} })
	c := newTestClient(t, f)
	if err := c.AddServerImageSharingPermission(context.Background(), "KR", "1", nil); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveServerImageSharingPermission(context.Background(), "KR", "1", []string{}); err != nil {
		t.Fatal(err)
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests sent, want 0", n)
	}
}

// Sharing is idempotent: a 5xx or a dropped connection is retried (a
// create would not be), and a definite refusal is returned with its code.
func TestSharingRetries(t *testing.T) {
	f := newFake(t, func(call int, r fakeRequest) reply {
		switch {
		case r.Action == "removeServerImageSharingPermission":
			return reply{status: 400, body: `{"responseError": {"returnCode": "3400018", "returnMessage": "not CREAT"}}`}
		case call == 1:
			return reply{drop: true}
		case call == 2:
			return reply{status: 503, body: `{"error": {"errorCode": "500", "message": "Endpoint Error"}}`}
		}
		return ok(r.Action, `, "totalRows": 1, "serverImageList": []`)
	})
	c := newTestClient(t, f)
	ctx := context.Background()
	if err := c.AddServerImageSharingPermission(ctx, "KR", "1", []string{"a@example.com"}); err != nil {
		t.Fatalf("add: %v", err)
	}
	if n := f.count("addServerImageSharingPermission"); n != 3 {
		t.Errorf("add sent %d times, want 3", n)
	}
	err := c.RemoveServerImageSharingPermission(ctx, "KR", "1", []string{"a@example.com"})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "3400018" || Classify(err) != ClassRejected {
		t.Fatalf("remove: %v (class %v), want a rejected APIError 3400018", err, Classify(err))
	}
	var unknown *OutcomeUnknownError
	if errors.As(err, &unknown) {
		t.Errorf("remove: %v is an unknown outcome; sharing is idempotent", err)
	}
	if n := f.count("removeServerImageSharingPermission"); n != 1 {
		t.Errorf("remove sent %d times, want 1", n)
	}
}

// Every image row carries its sharing.
func TestDecodeImageSharing(t *testing.T) {
	f := newFake(t, func(_ int, r fakeRequest) reply {
		return ok(r.Action, `, "totalRows": 2, "serverImageList": [
  {"serverImageNo": "1", "serverImageName": "a", "shareStatus": {"code": "SHARE", "codeName": "NSI Share State"},
   "sharedLoginIdList": ["x@example.com", "y@example.com"]},
  {"serverImageNo": "2", "serverImageName": "b", "shareStatus": {"code": "NULL", "codeName": "NSI Share NULL State"},
   "sharedLoginIdList": []}]`)
	})
	c := newTestClient(t, f)
	imgs, err := c.GetServerImageList(context.Background(), "KR", ImageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	type share struct {
		Status string
		IDs    []string
	}
	got := []share{{imgs[0].ShareStatus, imgs[0].SharedLoginIDs}, {imgs[1].ShareStatus, imgs[1].SharedLoginIDs}}
	want := []share{{"SHARE", []string{"x@example.com", "y@example.com"}}, {"NULL", []string{}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sharing (-want +got):\n%s", diff)
	}
}
