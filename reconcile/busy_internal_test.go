package reconcile

import (
	"testing"

	"github.com/ncpimage/ncpimage/ncloud"
)

// Every code of busyCodes, and only those, makes a create wait for its
// server; a gateway answer with such a code is no refusal of NCP's.
func TestIsBusy(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{name: "25013 object in operation", err: &ncloud.APIError{HTTPStatus: 400, Code: "25013"}, want: true},
		{name: "25017 server object in operation", err: &ncloud.APIError{HTTPStatus: 400, Code: "25017"}, want: true},
		{name: "another refusal", err: &ncloud.APIError{HTTPStatus: 400, Code: "3400005"}},
		{name: "a busy code from the gateway", err: &ncloud.APIError{HTTPStatus: 400, Code: "25013", Gateway: true}},
		{name: "a busy code on a 5xx", err: &ncloud.APIError{HTTPStatus: 500, Code: "25013"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := isBusy(tc.err); got != tc.want {
				t.Errorf("isBusy(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
	be := &busyError{&ncloud.APIError{HTTPStatus: 400, Code: "25017"}}
	if got, want := be.why(), "NCP refused the create: the server is busy (returnCode 25017)"; got != want {
		t.Errorf("why() = %q, want %q", got, want)
	}
}
