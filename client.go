package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"
	"golang.org/x/time/rate"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/reconcile"
)

// The client is what reconcile talks to.
var _ reconcile.API = (*ncloud.Client)(nil)

// credentialsHint tells a user without credentials where ncpimage looks.
const credentialsHint = "set NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY (or NCLOUD_ACCESS_KEY_ID and " +
	"NCLOUD_SECRET_ACCESS_KEY), or write ~/.ncloud/configure; to try ncpimage without an account, add --sandbox"

// conn is an API client ready for a command, with what the outputs say
// about it. Close releases the sandbox when one was started.
type conn struct {
	Client   *ncloud.Client
	Sandbox  bool
	Endpoint string
	sb       *sandbox
}

// Close stops the in-process sandbox (saving its state), if any.
func (c *conn) Close() error {
	if c.sb == nil {
		return nil
	}
	return c.sb.Close()
}

// connect builds the client from the common flags: --sandbox starts the
// in-process emulator (state in ./.ncpimage) and uses its keys; otherwise
// --endpoint/NCLOUD_API_GW and the credentials chain of
// ncloud.LoadCredentials. --max-rps paces every call of the run through
// one token bucket. --debug logs requests to debugOut (stderr, or
// a writer that keeps a progress bar whole), redacted. extra options come
// last and win (apply's rate limiter).
func connect(c *cli.Context, debugOut io.Writer, extra ...ncloud.Option) (*conn, error) {
	cn := &conn{Sandbox: c.Bool("sandbox")}
	rps := c.Float64("max-rps")
	if rps <= 0 {
		return nil, fmt.Errorf("%s: --max-rps must be positive", c.Command.Name)
	}
	opts := []ncloud.Option{ncloud.WithUserAgent("ncpimage/" + version),
		ncloud.WithLimiter(rate.NewLimiter(rate.Limit(rps), max(1, int(rps/4))))}
	if r := c.String("region"); r != "" {
		opts = append(opts, ncloud.WithRegion(r))
	}
	if c.Bool("debug") {
		opts = append(opts, ncloud.WithDebug(debugOut))
	}
	endpoint, creds, err := cn.target(c)
	if err != nil {
		return nil, err
	}
	if endpoint != "" {
		opts = append(opts, ncloud.WithEndpoint(endpoint))
	}
	opts = append(opts, ncloud.WithCredentials(creds))
	client, err := ncloud.New(append(opts, extra...)...)
	if err != nil {
		_ = cn.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	cn.Client, cn.Endpoint = client, endpointOrigin(endpoint)
	return cn, nil
}

// target picks the endpoint and credentials: the sandbox's, or the
// user's.
func (cn *conn) target(c *cli.Context) (string, ncloud.Credentials, error) {
	if cn.Sandbox {
		sb, err := startSandbox(".")
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
	return c.String("endpoint"), creds, nil
}

// endpointOrigin is the origin the plan records: the given one, or the
// public gateway.
func endpointOrigin(endpoint string) string {
	if endpoint == "" {
		return "https://ncloud.apigw.ntruss.com"
	}
	return endpoint
}
