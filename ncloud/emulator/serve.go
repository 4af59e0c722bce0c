package emulator

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Serve listens on addr (e.g. "127.0.0.1:0") and serves e until ctx is
// done. It returns the gateway origin to put in NCLOUD_API_GW (the client
// appends /vserver/v2) and a wait function that blocks until ctx is done and
// the server has shut down, returning the serving error if any. Serve does not check
// that addr is loopback; callers decide what they expose.
func Serve(ctx context.Context, addr string, e *Emulator) (url string, wait func() error, err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("serve emulator: %w", err)
	}
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second}
	fresh := trackFresh(srv)
	done := make(chan error, 1)
	go func() {
		err := srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		done <- err
	}()
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		fresh.closeAll()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if srv.Shutdown(shutdown) != nil {
			_ = srv.Close()
		}
	}()
	wait = sync.OnceValue(func() error {
		<-stopped
		return <-done
	})
	return "http://" + ln.Addr().String(), wait, nil
}

// freshConns tracks connections that have not sent a request yet. HTTP
// clients open such spare connections, and Shutdown waits 5 seconds
// before it treats them as idle; closing them first keeps a stop prompt.
type freshConns struct {
	mu      sync.Mutex
	conns   map[net.Conn]bool
	closing bool // set by closeAll: connections accepted later are closed at once
}

func trackFresh(srv *http.Server) *freshConns {
	f := &freshConns{conns: map[net.Conn]bool{}}
	srv.ConnState = func(c net.Conn, st http.ConnState) {
		f.mu.Lock()
		defer f.mu.Unlock()
		switch {
		case st == http.StateNew && f.closing:
			_ = c.Close()
		case st == http.StateNew:
			f.conns[c] = true
		default:
			delete(f.conns, c)
		}
	}
	return f
}

func (f *freshConns) closeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closing = true
	for c := range f.conns {
		_ = c.Close()
	}
}
