package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

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

// connect builds the client from the global options: --sandbox starts
// the in-process emulator (state in ./.ncpimage) and uses its keys;
// otherwise --endpoint/NCLOUD_API_GW and the credentials chain of
// ncloud.LoadCredentials. --max-rps is the ceiling of the one adaptive
// limiter every call of the run waits on; --retry-budget bounds the
// retries of a read. --debug logs requests to debugOut (stderr, or a
// writer that keeps a progress bar whole), redacted.
func (e *env) connect(g globalOptions, debugOut io.Writer) (*conn, error) {
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
	endpoint, creds, err := e.account(cn, g)
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
func (e *env) account(cn *conn, g globalOptions) (string, ncloud.Credentials, error) {
	if cn.Sandbox {
		sb, err := sandbox.Start(".", e.prog.SandboxSeed)
		if err != nil {
			return "", ncloud.Credentials{}, fmt.Errorf("connect: %w", err)
		}
		cn.sb = sb
		return sb.URL, ncloud.Credentials{AccessKey: sb.AccessKey, SecretKey: sb.SecretKey}, nil
	}
	home, _ := os.UserHomeDir()
	creds, err := ncloud.LoadCredentials(os.Getenv, home)
	if err != nil {
		if errors.Is(err, ncloud.ErrNoCredentials) {
			return "", creds, hintError{err: fmt.Errorf("connect: %w", err), hint: credentialsHint}
		}
		return "", creds, fmt.Errorf("connect: %w", err)
	}
	return g.endpoint, creds, nil
}

// endpointOrigin is the origin the plan records: the given one, or the
// public gateway.
func endpointOrigin(endpoint string) string {
	if endpoint == "" {
		return ncloud.DefaultEndpoint
	}
	return endpoint
}
