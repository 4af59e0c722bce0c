package ncloud

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// debugLog writes one line per event of the request path. Every line goes
// through redaction of the secret key; signatures are never written. A nil
// *debugLog writes nothing.
type debugLog struct {
	mu     sync.Mutex
	w      io.Writer
	redact func(string) string
}

func newDebugLog(w io.Writer, redact func(string) string) *debugLog {
	if w == nil {
		return nil
	}
	return &debugLog{w: w, redact: redact}
}

func (l *debugLog) printf(format string, args ...any) {
	if l == nil {
		return
	}
	line := l.redact(fmt.Sprintf(format, args...))
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "ncloud: %s\n", strings.TrimRight(line, "\n"))
}

func (l *debugLog) request(req *http.Request, f *form, attempt int) {
	if l == nil {
		return
	}
	h := req.Header
	l.printf("-> %s %s attempt=%d x-ncp-iam-access-key=%s x-ncp-apigw-timestamp=%s x-ncp-apigw-signature-v2=[redacted] body=%s",
		req.Method, req.URL, attempt, h.Get("x-ncp-iam-access-key"), h.Get("x-ncp-apigw-timestamp"), f.encode())
}

func (l *debugLog) response(action string, status, size int, took time.Duration) {
	l.printf("<- %s HTTP %d (%d bytes, %s)", action, status, size, took.Round(time.Millisecond))
}
