package ncloud

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseErrorBodies(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		body      string
		want      APIError
		wantText  string
		retryable bool
	}{
		{
			name: "auth failed", status: 401,
			body:     `{"error":{"errorCode":"200","message":"Authentication Failed","details":"This account is not allowed."}}`,
			want:     APIError{HTTPStatus: 401, Gateway: true, Code: "200", Message: "Authentication Failed", Details: "This account is not allowed."},
			wantText: "getServerImageList: HTTP 401: errorCode 200: Authentication Failed (This account is not allowed.)",
		},
		{
			name: "permission denied", status: 401, body: `{"error":{"errorCode":"210","message":"Permission Denied"}}`,
			want: APIError{HTTPStatus: 401, Gateway: true, Code: "210", Message: "Permission Denied"},
		},
		{
			name: "unknown path", status: 404, body: `{"error":{"errorCode":"300","message":"Not Found Exception","details":""}}`,
			want: APIError{HTTPStatus: 404, Gateway: true, Code: "300", Message: "Not Found Exception"},
		},
		{
			name: "quota exceeded", status: 429, body: `{"error":{"errorCode":"400","message":"Quota Exceeded"}}`,
			want: APIError{HTTPStatus: 429, Gateway: true, Code: "400", Message: "Quota Exceeded"}, retryable: true,
		},
		{
			name: "throttle limited", status: 429, body: `{"error": {"errorCode": "410", "message": "Throttle Limited", "details": ""}}`,
			want: APIError{HTTPStatus: 429, Gateway: true, Code: "410", Message: "Throttle Limited"}, retryable: true,
			wantText: "getServerImageList: HTTP 429: errorCode 410: Throttle Limited",
		},
		{
			name: "rate limited numeric code", status: 429, body: `{"error":{"errorCode":420,"message":"Rate Limited"}}`,
			want: APIError{HTTPStatus: 429, Gateway: true, Code: "420", Message: "Rate Limited"}, retryable: true,
		},
		{
			name: "endpoint error", status: 503, body: `{"error":{"errorCode":"500","message":"Endpoint Error","details":""}}`,
			want: APIError{HTTPStatus: 503, Gateway: true, Code: "500", Message: "Endpoint Error"}, retryable: true,
		},
		{
			name: "endpoint timeout", status: 504, body: `{"error":{"errorCode":"510","message":"Endpoint Timeout"}}`,
			want: APIError{HTTPStatus: 504, Gateway: true, Code: "510", Message: "Endpoint Timeout"}, retryable: true,
		},
		{
			name: "unexpected error", status: 500, body: `{"error":{"errorCode":"900","message":"Unexpected Error"}}`,
			want: APIError{HTTPStatus: 500, Gateway: true, Code: "900", Message: "Unexpected Error"},
		},
		{
			name: "too large", status: 413, body: `{"error":{"errorCode":"430","message":"Request Entity Too Large"}}`,
			want: APIError{HTTPStatus: 413, Gateway: true, Code: "430", Message: "Request Entity Too Large"},
		},
		{
			name: "not found product", status: 400,
			body:     "{\n  \"responseError\": {\n    \"returnCode\": \"10712\",\n    \"returnMessage\": \"Not found product. Please check your input product.  \"\n  }\n}",
			want:     APIError{HTTPStatus: 400, Code: "10712", Message: "Not found product. Please check your input product."},
			wantText: "getServerImageList: HTTP 400: returnCode 10712: Not found product. Please check your input product.",
		},
		{
			name: "try again later", status: 500,
			body: `{"responseError": {"returnCode": "1000", "returnMessage": "Please try your call again later.\nTemporarily unavailable", "requestId": "r-9"}}`,
			want: APIError{HTTPStatus: 500, Code: "1000", Message: "Please try your call again later. Temporarily unavailable", RequestID: "r-9"}, retryable: true,
			wantText: "getServerImageList: HTTP 500: returnCode 1000: Please try your call again later. Temporarily unavailable [request r-9]",
		},
		{
			name: "object in operation", status: 400, body: `{"responseError": {"returnCode": "25013", "returnMessage": "busy"}}`,
			want: APIError{HTTPStatus: 400, Code: "25013", Message: "busy"}, retryable: true,
		},
		{
			name: "proxy html", status: 502, body: "<html><body>Bad Gateway</body></html>",
			want: APIError{HTTPStatus: 502, Message: "<html><body>Bad Gateway</body></html>"}, retryable: true,
		},
		{
			name: "empty body", status: 500, body: "",
			want: APIError{HTTPStatus: 500, Message: "internal server error"}, wantText: "getServerImageList: HTTP 500: internal server error",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseError("getServerImageList", tt.status, []byte(tt.body))
			tt.want.Action = "getServerImageList"
			if diff := cmp.Diff(&tt.want, got); diff != "" {
				t.Errorf("APIError (-want +got):\n%s", diff)
			}
			if got.retryable() != tt.retryable {
				t.Errorf("retryable() = %v, want %v", got.retryable(), tt.retryable)
			}
			if IsRetryable(fmt.Errorf("wrapped: %w", got)) != tt.retryable {
				t.Errorf("IsRetryable(wrapped) = %v, want %v", !tt.retryable, tt.retryable)
			}
			if tt.wantText != "" && got.Error() != tt.wantText {
				t.Errorf("Error() = %q, want %q", got.Error(), tt.wantText)
			}
		})
	}
}

// Error bodies are read through a limit, and long messages are cut.
func TestErrorBodyLimited(t *testing.T) {
	huge := `{"responseError": {"returnCode": "1", "returnMessage": "` + strings.Repeat("x", 2*maxErrorBody) + `"}}`
	fake := newFake(t, func(int, fakeRequest) reply { return reply{status: 400, body: huge} })
	c := newTestClient(t, fake)
	_, err := c.GetRegionList(context.Background())
	var ae *APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != 400 || len(ae.Error()) > 400 {
		t.Errorf("err = %.200v (len %d)", err, len(fmt.Sprint(err)))
	}
}

func TestIsRetryable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{name: "nil", err: nil},
		{name: "plain", err: errors.New("x")},
		{name: "net", err: fmt.Errorf("list: %w", &netError{action: "a", sent: true, err: errors.New("reset")}), want: true},
		{name: "outcome unknown", err: &OutcomeUnknownError{Action: "createServerImage", Err: parseError("createServerImage", 503, nil)}},
		{name: "canceled", err: fmt.Errorf("a: %w", context.Canceled)},
		{name: "client timeout", err: &netError{action: "a", err: context.DeadlineExceeded}, want: true},
		{name: "net canceled", err: &netError{action: "a", err: context.Canceled}},
		{name: "rate limit deadline", err: &notSentError{fmt.Errorf("a: rate limit: %w", context.DeadlineExceeded)}},
		{name: "throttled", err: parseError("a", 429, []byte(`{"error":{"errorCode":"410"}}`)), want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsRetryable(tt.err); got != tt.want {
				t.Errorf("IsRetryable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestOutcomeUnknownError(t *testing.T) {
	inner := parseError("createServerImage", 504, []byte(`{"error":{"errorCode":"510","message":"Endpoint Timeout"}}`))
	err := error(&OutcomeUnknownError{Action: "createServerImage", Err: inner})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "510" {
		t.Errorf("errors.As APIError through OutcomeUnknownError failed: %v", err)
	}
	want := "createServerImage: outcome unknown, the request may have been executed (list to find out): createServerImage: HTTP 504: errorCode 510: Endpoint Timeout"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

// A body cut at the size limit says so, instead of failing to decode half
// an answer.
func TestBodyCutSaysSo(t *testing.T) {
	long := `{"getRegionListResponse": {"returnCode": "0", "regionList": [` + strings.Repeat(`{"regionCode": "KR"},`, 100) + `{"regionCode": "KR"}]}}`
	fake := newFake(t, func(int, fakeRequest) reply { return reply{status: 200, body: long} })
	c := newTestClient(t, fake)
	c.maxBody = 1000
	_, err := c.GetRegionList(context.Background())
	if err == nil || err.Error() != "getRegionList: decode response: response body over 1000 bytes was cut" {
		t.Errorf("err = %v, want the cut stated", err)
	}
	if n := len(fake.requests()); n != 1 {
		t.Errorf("%d requests: a cut answer is not retried", n)
	}
	c.maxBody = int64(len(long))
	if _, err := c.GetRegionList(context.Background()); err != nil {
		t.Errorf("a body of exactly the limit: %v", err)
	}

	huge := `{"responseError": {"returnCode": "1", "returnMessage": "` + strings.Repeat("x", 2*maxErrorBody) + `"}}`
	fake = newFake(t, func(int, fakeRequest) reply { return reply{status: 400, body: huge} })
	c = newTestClient(t, fake)
	_, err = c.GetRegionList(context.Background())
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("(response body over %d bytes was cut)", maxErrorBody)) {
		t.Errorf("err = %.400v, want the cut stated", err)
	}
}
