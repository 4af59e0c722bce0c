package ncloud

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// An answer that drips a byte at a time is cut once its read passes the
// body timeout, and the read is retried: the call ends with the cause
// instead of staying silent for as long as the server keeps dripping.
func TestSlowDripIsCut(t *testing.T) {
	var calls atomic.Int32
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for { // drips until the client goes away
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}))
	defer srv.Close()
	defer close(stop)
	fake := &fakeNCP{t: t, srv: srv, calls: map[string]int{}}
	c := newTestClient(t, fake, WithRetry(RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, Budget: time.Minute}))
	c.bodyTimeout = 100 * time.Millisecond
	_, err := c.GetRegionList(context.Background())
	if err == nil || !strings.Contains(err.Error(), "getRegionList: read response: answer not read in time: the body was not read within 100ms of its headers") {
		t.Fatalf("err %v, want the slow answer cut", err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d calls, want 2 (the read is retried once)", n)
	}
}
