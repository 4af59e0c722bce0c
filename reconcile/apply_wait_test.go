package reconcile

import (
	"errors"
	"testing"
	"time"

	"github.com/ncpimage/ncpimage/ncloud"
)

// A wait that times out while the status checks were failing reports the
// last of their errors, the true cause; one whose checks recovered says
// only that it timed out.
func TestSettleTimeoutCause(t *testing.T) {
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	unavailable := &ncloud.APIError{Action: "getServerImageList", HTTPStatus: 503, Gateway: true, Code: "500", Message: "Endpoint Error"}
	creating := &ncloud.ServerImage{No: "5000001", Status: ncloud.ImageInit, Operation: ncloud.OperationCreate}
	tests := []struct {
		name   string
		checks []error // one per poll; the last one comes after the deadline
		want   string
	}{
		{name: "checks failing until the end", checks: []error{nil, unavailable, unavailable, unavailable},
			want: "timed out waiting for image 5000001 to be created; the last 3 status checks failed: getServerImageList: HTTP 503: errorCode 500: Endpoint Error"},
		{name: "one failed check", checks: []error{nil, nil, unavailable},
			want: "timed out waiting for image 5000001 to be created; the last status check failed: getServerImageList: HTTP 503: errorCode 500: Endpoint Error"},
		{name: "checks recovered", checks: []error{unavailable, unavailable, nil},
			want: "timed out waiting for image 5000001 to be created (see --timeout)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &flight{region: "KR", no: "5000001", want: wantCreated, deadline: start.Add(time.Hour)}
			var err error
			for i, check := range tt.checks {
				now := start.Add(time.Duration(i) * time.Minute)
				if i == len(tt.checks)-1 {
					now = f.deadline.Add(time.Second)
				}
				img := creating
				if check != nil {
					img = nil
				}
				done, res := settle(f, img, check, now)
				if done != (i == len(tt.checks)-1) {
					t.Fatalf("poll %d: done = %v", i+1, done)
				}
				err = res
			}
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v\nwant %s", err, tt.want)
			}
			if last := tt.checks[len(tt.checks)-1]; last != nil && !errors.Is(err, last) {
				t.Errorf("the cause is not wrapped: %v", err)
			}
		})
	}
}
