package ncloud

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultEndpoint is the public NCP API Gateway origin.
const DefaultEndpoint = "https://ncloud.apigw.ntruss.com"

// servicePath is appended to the endpoint origin, as the NCP SDK does with
// NCLOUD_API_GW.
const servicePath = "/vserver/v2"

// defaultPageSize is the largest page getServerImageList accepts.
const defaultPageSize = 1000

// Client calls the NCP vserver API. It is safe for concurrent use; every
// call shares one rate limiter. Build it with [New].
type Client struct {
	base      string // origin + servicePath, no trailing slash
	region    string
	accessKey string
	// sign holds the secret key in a closure: no fmt verb prints a
	// function's variables, so no printed form of a Client shows the key.
	sign        func(method, uri, timestamp string) string
	redact      func(string) string // masks the secret key in text from outside
	creds       *Credentials        // only until New has built sign
	http        *http.Client
	limiter     *Limiter
	retry       RetryPolicy
	now         func() time.Time
	userAgent   string
	log         *debugLog
	pageSize    int
	maxBody     int64         // size limit of a success body
	bodyTimeout time.Duration // bound of one answer's read (bodyTimeout; tests shorten it)

	// Hooks for tests of this package: how to wait between attempts and
	// how to draw the jitter in [0, max].
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(max time.Duration) time.Duration

	endpointErr error
	debugOut    io.Writer
}

// Option configures a [Client].
type Option func(*Client)

// WithEndpoint sets the API Gateway origin, such as
// "http://127.0.0.1:8080"; "/vserver/v2" is appended. Plain http is
// refused unless the host is a loopback address. "" keeps the default,
// [DefaultEndpoint].
func WithEndpoint(origin string) Option {
	return func(c *Client) {
		if origin != "" {
			c.base, c.endpointErr = baseURL(origin)
		}
	}
}

// WithRegion sets the regionCode sent when a call's region is "". Without
// it such calls send no regionCode and NCP uses the account's first region.
func WithRegion(code string) Option { return func(c *Client) { c.region = code } }

// WithCredentials sets the key pair that signs every request.
func WithCredentials(cr Credentials) Option { return func(c *Client) { c.creds = &cr } }

// withHTTPClient sets the HTTP client (nil keeps the default, which has a
// 2-minute timeout and does not follow redirects).
func withHTTPClient(h *http.Client) Option {
	return func(c *Client) {
		if h != nil {
			c.http = h
		}
	}
}

// WithLimiter sets the adaptive limiter every attempt of every call
// waits on (default: NewLimiter(10)). Share one limiter between clients
// to share one rate.
func WithLimiter(l *Limiter) Option {
	return func(c *Client) {
		if l != nil {
			c.limiter = l
		}
	}
}

// WithRetry sets the retry policy; zero fields keep their defaults.
func WithRetry(p RetryPolicy) Option { return func(c *Client) { c.retry = p.withDefaults() } }

// WithClock sets the clock that timestamps signatures.
func WithClock(now func() time.Time) Option {
	return func(c *Client) {
		if now != nil {
			c.now = now
		}
	}
}

// WithDebug logs one line per request, response and retry decision to w,
// with the secret key and signatures redacted.
func WithDebug(w io.Writer) Option { return func(c *Client) { c.debugOut = w } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(s string) Option { return func(c *Client) { c.userAgent = s } }

// New builds a client. It fails when the endpoint is invalid or not
// allowed, or when no complete credentials were given (the error wraps
// [ErrNoCredentials]).
func New(opts ...Option) (*Client, error) {
	c := &Client{
		http:        defaultHTTPClient(),
		limiter:     NewLimiter(10),
		retry:       RetryPolicy{}.withDefaults(),
		now:         time.Now,
		userAgent:   "ncpimage (+https://github.com/ncpimage/ncpimage)",
		pageSize:    defaultPageSize,
		maxBody:     maxSuccessBody,
		bodyTimeout: bodyTimeout,
		sleep:       sleepCtx,
		jitter:      fullJitter,
	}
	c.base, _ = baseURL(DefaultEndpoint)
	for _, o := range opts {
		o(c)
	}
	if c.endpointErr != nil {
		return nil, fmt.Errorf("ncloud: %w", c.endpointErr)
	}
	if c.creds == nil || c.creds.AccessKey == "" || c.creds.SecretKey == "" {
		return nil, fmt.Errorf("ncloud: %w: access key and secret key are both required", ErrNoCredentials)
	}
	c.accessKey, c.sign = c.creds.AccessKey, signer(*c.creds)
	c.redact = redactor(c.creds.SecretKey)
	c.log = newDebugLog(c.debugOut, c.redact)
	c.creds = nil
	return c, nil
}

func defaultHTTPClient() *http.Client {
	return &http.Client{
		Timeout: 2 * time.Minute,
		// A signed POST must not be replayed to another address.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Endpoint returns the base URL calls go to, "/vserver/v2" included.
func (c *Client) Endpoint() string { return c.base }

// Region returns the default region ("" when none was set).
func (c *Client) Region() string { return c.region }

// Format prints the client without its credentials' secret, for every verb.
func (c *Client) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "ncloud.Client{endpoint: %s, region: %q, access key: %s}", c.base, c.region, c.accessKey)
}

// signer signs requests with cr.
func signer(cr Credentials) func(method, uri, timestamp string) string {
	return func(method, uri, timestamp string) string {
		return Sign(method, uri, timestamp, cr.AccessKey, cr.SecretKey)
	}
}

// redactor replaces the secret key wherever it appears.
func redactor(secret string) func(string) string {
	return func(s string) string { return strings.ReplaceAll(s, secret, "****") }
}

// regionOr returns the call's region, else the client's default.
func (c *Client) regionOr(region string) string {
	if region != "" {
		return region
	}
	return c.region
}

// baseURL validates an endpoint origin and appends the service path.
func baseURL(origin string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(origin))
	if err != nil {
		return "", fmt.Errorf("endpoint %q: %w", origin, err)
	}
	if u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("endpoint %q: want an origin such as https://ncloud.apigw.ntruss.com", origin)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", fmt.Errorf("endpoint %q: plain http is only allowed to a loopback address; use https", origin)
		}
	default:
		return "", fmt.Errorf("endpoint %q: scheme must be https (or http to loopback)", origin)
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.EscapedPath(), "/") + servicePath, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
