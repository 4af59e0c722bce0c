package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/sandbox"
)

// The client is what reconcile talks to.
var _ reconcile.API = (*ncloud.Client)(nil)

// credentialsHint tells a user without credentials where ncpimage looks.
const credentialsHint = "set NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY (or NCLOUD_ACCESS_KEY_ID and " +
	"NCLOUD_SECRET_ACCESS_KEY), or write ~/.ncloud/configure; to try ncpimage without an account, add --sandbox"

// conn is an API client ready for a command, with what the outputs say
// about the account it reaches. Close releases the sandbox when one was
// started.
type conn struct {
	Client   *ncloud.Client
	Sandbox  bool
	Endpoint string
	sb       *sandbox.Sandbox
}

// Close stops the in-process sandbox (saving its state), if any.
func (c *conn) Close() error {
	if c.sb == nil {
		return nil
	}
	return c.sb.Close()
}

// release closes cn when a command ends. A failed close (the sandbox's
// state not saved) is reported and fails the command even when it had
// succeeded: the account on disk may lack its changes.
func (e *env) release(cn *conn, err *error) {
	cerr := cn.Close()
	switch {
	case cerr == nil:
	case *err == nil:
		*err = cerr
	case errors.As(*err, new(exitError)):
		e.exitStatus(cerr) // the command's own failure is already reported
		*err = exitError{1}
	default:
		*err = errors.Join(*err, cerr)
	}
}

// connect builds the client from the global options: --sandbox starts
// the in-process emulator (state in ./.ncpimage) and uses its keys;
// otherwise --endpoint/NCLOUD_API_GW and the credentials chain of
// ncloud.LoadCredentials. --max-rps is the ceiling of the one adaptive
// limiter every call of the run waits on; --retry-budget bounds the
// retries of a read. --debug logs requests to debugOut (stderr, or a
// writer that keeps a progress bar whole), redacted.
func (e *env) connect(ctx context.Context, g globalOptions, debugOut io.Writer) (*conn, error) {
	cn := &conn{Sandbox: g.sandbox}
	if g.maxRPS <= 0 {
		return nil, fmt.Errorf("%s: --max-rps must be positive", g.cmd)
	}
	if g.retryBudget <= 0 {
		return nil, fmt.Errorf("%s: --retry-budget must be positive", g.cmd)
	}
	opts := []ncloud.Option{ncloud.WithUserAgent("ncpimage/" + e.version),
		ncloud.WithLimiter(ncloud.NewLimiter(g.maxRPS)), ncloud.WithRetry(ncloud.RetryPolicy{Budget: g.retryBudget})}
	if g.region != "" {
		opts = append(opts, ncloud.WithRegion(g.region))
	}
	if g.debug {
		opts = append(opts, ncloud.WithDebug(debugOut))
	}
	endpoint, creds, err := e.account(ctx, cn, g)
	if err != nil {
		return nil, err
	}
	if endpoint != "" {
		opts = append(opts, ncloud.WithEndpoint(endpoint))
	}
	opts = append(opts, ncloud.WithCredentials(creds))
	client, err := ncloud.New(opts...)
	if err != nil {
		_ = cn.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	cn.Client, cn.Endpoint = client, endpointOrigin(endpoint)
	return cn, nil
}

// account picks the endpoint and credentials: the sandbox's, or the
// user's.
func (e *env) account(ctx context.Context, cn *conn, g globalOptions) (string, ncloud.Credentials, error) {
	if cn.Sandbox {
		if g.endpoint != "" {
			e.warn("--sandbox uses the built-in emulated account: --endpoint (or NCLOUD_API_GW) " + g.endpoint + " is ignored")
		}
		sb, err := sandbox.Start(ctx, ".", e.prog.SandboxSeed, sandbox.Options{
			OnWait: func() { e.warn("another ncpimage command is using the sandbox of this directory; waiting for it") }})
		if err != nil {
			return "", ncloud.Credentials{}, interrupted(ctx, fmt.Errorf("connect: %w", err))
		}
		cn.sb = sb
		return sb.URL, ncloud.Credentials{AccessKey: sb.AccessKey, SecretKey: sb.SecretKey}, nil
	}
	endpoint, err := e.checkEndpoint(g.endpoint)
	if err != nil {
		return "", ncloud.Credentials{}, err
	}
	home, _ := os.UserHomeDir()
	creds, err := ncloud.LoadCredentials(os.Getenv, home)
	if err != nil {
		if errors.Is(err, ncloud.ErrNoCredentials) {
			return "", creds, hintError{err: fmt.Errorf("connect: %w", err), hint: credentialsHint}
		}
		return "", creds, fmt.Errorf("connect: %w", err)
	}
	return endpoint, creds, nil
}

// checkEndpoint accepts an API gateway origin: http or https, a host, no
// path but the /vserver/v2 that NCLOUD_API_GW users sometimes add (and
// ncpimage appends itself: it is dropped with a warning).
func (e *env) checkEndpoint(endpoint string) (string, error) {
	if endpoint == "" {
		return "", nil
	}
	const hint = "give the gateway origin, e.g. --endpoint https://ncloud.apigw.ntruss.com or http://127.0.0.1:8080 (ncpimage adds /vserver/v2)"
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", hintError{err: fmt.Errorf("connect: --endpoint %q (or NCLOUD_API_GW): not an http:// or https:// origin", endpoint), hint: hint}
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", hintError{err: fmt.Errorf("connect: --endpoint %q: an origin takes no user, query or fragment", endpoint), hint: hint}
	}
	path := strings.TrimRight(u.Path, "/")
	switch path {
	case "":
	case "/vserver/v2":
		e.warn("--endpoint " + endpoint + ": dropped /vserver/v2 (ncpimage appends it)")
	default:
		return "", hintError{err: fmt.Errorf("connect: --endpoint %q: an origin has no path (%s)", endpoint, u.Path), hint: hint}
	}
	return u.Scheme + "://" + u.Host, nil
}

// endpointOrigin is the origin the plan records: the given one, or the
// public gateway.
func endpointOrigin(endpoint string) string {
	if endpoint == "" {
		return ncloud.DefaultEndpoint
	}
	return endpoint
}
