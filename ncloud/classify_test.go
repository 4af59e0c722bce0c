package ncloud

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestClassify(t *testing.T) {
	vserver := func(action string, status int, code string) error {
		return fmt.Errorf("wrapped: %w", &APIError{Action: action, HTTPStatus: status, Code: code})
	}
	gateway := func(status int, code string) error {
		return &APIError{Action: "getServerImageList", HTTPStatus: status, Gateway: true, Code: code}
	}
	tests := []struct {
		name string
		err  error
		want Class
	}{
		{name: "nil", err: nil, want: ClassUnknown},
		{name: "plain", err: errors.New("x"), want: ClassUnknown},
		{name: "no credentials", err: fmt.Errorf("connect: %w", ErrNoCredentials), want: ClassCredentials},
		{name: "401", err: gateway(401, "200"), want: ClassAuth},
		{name: "403", err: gateway(403, "210"), want: ClassAuth},
		{name: "429", err: gateway(429, "410"), want: ClassThrottled},
		{name: "429 of a create", err: vserver("createServerImage", 429, ""), want: ClassThrottled},
		{name: "503 of a read", err: gateway(503, "500"), want: ClassTransient},
		{name: "504 of a read", err: gateway(504, "510"), want: ClassTransient},
		{name: "try again later", err: vserver("getServerImageList", 500, "1000"), want: ClassTransient},
		{name: "read of an object in operation", err: vserver("getServerImageList", 400, "25013"), want: ClassTransient},
		{name: "network, read", err: &netError{action: "getRegionList", sent: true, err: errors.New("reset")}, want: ClassTransient},
		{name: "network, create not sent", err: &netError{action: "createServerImage", err: errors.New("refused")}, want: ClassTransient},
		{name: "client timeout", err: &netError{action: "getRegionList", err: context.DeadlineExceeded}, want: ClassTransient},
		{name: "400 of a read", err: vserver("getServerImageList", 400, "3400013"), want: ClassRejected},
		{name: "400 of a create", err: vserver("createServerImage", 400, "3400001"), want: ClassRejected},
		{name: "create of a busy server", err: vserver("createServerImage", 400, "25013"), want: ClassRejected},
		{name: "delete of a terminating image", err: vserver("deleteServerImage", 400, "25013"), want: ClassRejected},
		{name: "404", err: vserver("getRegionList", 404, ""), want: ClassRejected},
		{name: "500 without a retry code", err: vserver("getRegionList", 500, "9999"), want: ClassAPI},
		{name: "returnCode under HTTP 200", err: vserver("getRegionList", 200, "800"), want: ClassAPI},
		{name: "outcome unknown after a 503", err: &OutcomeUnknownError{Action: "createServerImage", Err: vserver("createServerImage", 503, "")}, want: ClassAPI},
		{name: "outcome unknown after a reset", err: &OutcomeUnknownError{Action: "createServerImage", Err: &netError{action: "createServerImage", sent: true, err: errors.New("reset")}}, want: ClassUnknown},
		{name: "canceled", err: &netError{action: "getRegionList", err: context.Canceled}, want: ClassUnknown},
		{name: "rate limit over the deadline", err: &notSentError{fmt.Errorf("a: rate limit: %w", context.DeadlineExceeded)}, want: ClassUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.err); got != tt.want {
				t.Errorf("Classify(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestClassString(t *testing.T) {
	for c, want := range map[Class]string{ClassUnknown: "unknown", ClassAuth: "auth", ClassThrottled: "throttled",
		ClassRejected: "rejected", ClassAPI: "api", Class(99): "unknown", Class(-1): "unknown"} {
		if got := c.String(); got != want {
			t.Errorf("Class(%d).String() = %q, want %q", int(c), got, want)
		}
	}
}
