package ncloud

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Size limits of response bodies: error bodies are small by nature; a
// page of 1000 images is a few MB.
const (
	maxErrorBody   = 64 << 10
	maxSuccessBody = 64 << 20
)

// bodyTimeout bounds the read of one answer once its headers came: an
// answer that drips (a byte a second kept a call silent for minutes, each
// attempt under the 2-minute client timeout) is cut and counts as a
// network failure. A page of 1000 images (a few MB) takes milliseconds
// from NCP; 60 s leaves room for a link of 100 KB/s.
const bodyTimeout = 60 * time.Second

// errSlowBody is the cause of an attempt cut by the body timeout.
var errSlowBody = errors.New("answer not read in time")

// mutating lists the actions that change the account. They are retried
// only when the failure proves the request was not executed.
var mutating = map[string]bool{"createServerImage": true, "deleteServerImage": true}

// notSentError is a failure before any request left (rate limiter,
// request construction): NCP saw nothing.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }

// do is the one request path of every action: pace, sign, send, decode
// the envelope of action into out, and retry per the policy and the
// action's kind.
func (c *Client) do(ctx context.Context, action string, f *form, out headed) error {
	r := &retrier{policy: c.retry, start: time.Now()}
	for {
		r.attempt++
		hint, err := c.attempt(ctx, action, f, out, r.attempt)
		c.pace(err, hint)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || !retryable(action, err) {
			return c.final(action, err, r.attempt)
		}
		var ae *APIError
		throttled := errors.As(err, &ae) && ae.throttled() // refused at the gateway: never executed
		d, ok := r.next(c.jitter, hint, throttled)
		if !ok {
			return c.final(action, err, r.attempt)
		}
		c.log.printf("retry %s in %s after attempt %d: %v", action, d.Round(time.Millisecond), r.attempt, err)
		if serr := c.sleep(ctx, d); serr != nil {
			return fmt.Errorf("%s: %w while waiting to retry after: %v", action, serr, err)
		}
	}
}

// pace tells the limiter how an attempt went: a throttling answer lowers
// the rate, a success lets it recover. Other failures say nothing about
// the rate.
func (c *Client) pace(err error, retryAfter time.Duration) {
	var ae *APIError
	switch {
	case err == nil:
		c.limiter.succeeded()
	case errors.As(err, &ae) && ae.throttled():
		c.limiter.throttled(retryAfter)
	}
}

// retryable decides whether a failed attempt is tried again.
func retryable(action string, err error) bool {
	var ae *APIError
	var ne *netError
	if mutating[action] {
		if errors.As(err, &ae) {
			return ae.throttled()
		}
		return errors.As(err, &ne) && !ne.sent
	}
	if errors.As(err, &ae) {
		return ae.retryable()
	}
	return errors.As(err, &ne)
}

// final shapes the error a call returns after its last attempt.
func (c *Client) final(action string, err error, attempts int) error {
	if mutating[action] && mayHaveExecuted(err) {
		err = &OutcomeUnknownError{Action: action, Err: err}
	} else if attempts > 1 {
		err = fmt.Errorf("%w (after %d attempts)", err, attempts)
	}
	c.log.printf("fail %s: %v", action, err)
	return err
}

// mayHaveExecuted is false only for failures that prove NCP did not act:
// nothing sent, or a definitive 4xx answer.
func mayHaveExecuted(err error) bool {
	var ns *notSentError
	var ne *netError
	var ae *APIError
	switch {
	case errors.As(err, &ns):
		return false
	case errors.As(err, &ne):
		return ne.sent
	case errors.As(err, &ae):
		return ae.HTTPStatus >= 500 || ae.HTTPStatus < 300
	}
	return true
}

// attempt sends one request. It returns the server's Retry-After, if any,
// with the error.
func (c *Client) attempt(ctx context.Context, action string, f *form, out headed, n int) (time.Duration, error) {
	if err := c.wait(ctx, action); err != nil {
		return 0, err
	}
	var sent atomic.Bool
	trace := &httptrace.ClientTrace{WroteHeaders: func() { sent.Store(true) }}
	actx, cut := context.WithCancelCause(ctx)
	defer cut(nil)
	req, err := c.newRequest(httptrace.WithClientTrace(actx, trace), action, f)
	if err != nil {
		return 0, &notSentError{fmt.Errorf("%s: build request: %w", action, err)}
	}
	c.log.request(req, f, n)
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		if msg := tlsMismatch(err); msg != "" { // a retry cannot help
			return 0, &notSentError{fmt.Errorf("%s: %w: %s", action, err, msg)}
		}
		return 0, &netError{action: action, sent: sent.Load() && !refused(err), err: err}
	}
	defer resp.Body.Close()
	slow := time.AfterFunc(c.bodyTimeout, func() { cut(errSlowBody) })
	body, cutMsg, release, err := readBody(resp, c.maxBody)
	slow.Stop()
	defer release()
	c.log.response(action, resp.StatusCode, len(body), time.Since(start))
	if err != nil && errors.Is(context.Cause(actx), errSlowBody) {
		err = fmt.Errorf("%w: the body was not read within %s of its headers (%d bytes came)", errSlowBody, c.bodyTimeout, len(body))
	}
	if err != nil {
		return 0, &netError{action: action, sent: true, err: fmt.Errorf("read response: %w", err)}
	}
	if resp.StatusCode >= 300 {
		ae := parseError(action, resp.StatusCode, body)
		if cutMsg != "" {
			ae.Details = strings.TrimSpace(ae.Details + " " + cutMsg)
		}
		return retryAfter(resp.Header, c.now()), c.redactError(ae)
	}
	if cutMsg != "" {
		// never decode half an answer: say why it cannot be read
		return 0, fmt.Errorf("%s: decode response: %s", action, cutMsg)
	}
	err = decodeEnvelope(action, resp.StatusCode, body, out)
	var ae *APIError
	switch {
	case errors.As(err, &ae):
		c.redactError(ae)
	case err != nil:
		// a decode error quotes the answer (its keys, a number): mask the
		// key there too; no caller branches on what it wraps
		err = errors.New(c.redact(err.Error()))
	}
	return 0, err
}

// redactError masks the secret key in what a server wrote into an error
// answer. NCP never receives the key, so this only guards against a
// hostile or broken endpoint.
func (c *Client) redactError(e *APIError) *APIError {
	e.Message, e.Details, e.RequestID = c.redact(e.Message), c.redact(e.Details), c.redact(e.RequestID)
	return e
}

// wait takes a token from the shared limiter.
func (c *Client) wait(ctx context.Context, action string) error {
	err := c.limiter.Wait(ctx)
	if err == nil {
		return nil
	}
	if errors.Is(err, errWaitTooLong) {
		// The limiter refuses up front a wait longer than the deadline.
		err = fmt.Errorf("%w: %v", context.DeadlineExceeded, err)
	} else if ctx.Err() != nil {
		err = ctx.Err()
	}
	return &notSentError{fmt.Errorf("%s: rate limit: %w", action, err)}
}

// newRequest builds the signed POST of one action.
func (c *Client) newRequest(ctx context.Context, action string, f *form) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/"+action, strings.NewReader(f.encode()))
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(c.now().UnixMilli(), 10)
	h := req.Header
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	h.Set("Accept", "application/json")
	h.Set("User-Agent", c.userAgent)
	h.Set("x-ncp-apigw-timestamp", ts)
	h.Set("x-ncp-iam-access-key", c.accessKey)
	h.Set("x-ncp-apigw-signature-v2", c.sign(http.MethodPost, req.URL.RequestURI(), ts))
	return req, nil
}

// refused reports a connection refused: the request cannot have left.
func refused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

// readBody reads a response body through a size limit (maxSuccess, or a
// small one for error answers). A longer body is cut at the limit, and cut
// says so ("response body over N bytes was cut"). The body is read into a
// buffer that release hands back for the next answer (a page of 1000
// images is a few MB): nothing may keep body after release.
func readBody(resp *http.Response, maxSuccess int64) (body []byte, cut string, release func(), err error) {
	limit := maxSuccess
	if resp.StatusCode >= 300 {
		limit = maxErrorBody
	}
	buf := bodyBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	release = func() {
		if buf.Cap() <= maxPooledBody {
			bodyBuffers.Put(buf)
		}
	}
	if n := resp.ContentLength; n > 0 && n <= limit {
		buf.Grow(int(n) + 1) // +1: ReadFrom then sees EOF without growing
	}
	_, err = buf.ReadFrom(io.LimitReader(resp.Body, limit+1))
	body = buf.Bytes()
	if int64(len(body)) > limit {
		body, cut = body[:limit], fmt.Sprintf("response body over %d bytes was cut", limit)
	}
	return body, cut, release, err
}

// tlsMismatch explains a TLS failure that no retry can fix: a plain-HTTP
// server behind an https:// endpoint, or a certificate that does not
// verify. "" for anything else.
func tlsMismatch(err error) string {
	var rh tls.RecordHeaderError
	var cv *tls.CertificateVerificationError
	switch {
	case errors.As(err, &rh), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return "the endpoint answers plain HTTP, not TLS: use its http:// origin (allowed for loopback only)"
	case errors.As(err, &cv):
		return "the endpoint's TLS certificate does not verify"
	}
	return ""
}

// maxPooledBody is the largest body buffer kept for reuse.
const maxPooledBody = 16 << 20

var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
