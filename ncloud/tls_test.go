package ncloud

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// An https:// endpoint that answers plain HTTP fails at once with the
// reason, not after six retries.
func TestHTTPSToPlainHTTPNotRetried(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	c, err := New(WithEndpoint(strings.Replace(srv.URL, "http://", "https://", 1)),
		WithCredentials(Credentials{AccessKey: "a", SecretKey: "b"}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetRegionList(context.Background())
	if err == nil || !strings.Contains(err.Error(), "answers plain HTTP, not TLS") || strings.Contains(err.Error(), "attempts") {
		t.Fatalf("err = %v", err)
	}
}
