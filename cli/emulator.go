package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
	"github.com/ncpimage/ncpimage/report"
)

// emulatorOptions are the flags of the emulator command.
type emulatorOptions struct {
	listen    string
	listenAny bool
	seed      string
	state     string
	stats     string
	emulator  emulator.Options
	faults    emulator.Faults
}

// emulatorCommand serves the NCP vserver emulator until interrupted.
func (e *env) emulatorCommand() *cli.Command {
	return &cli.Command{
		Name:  "emulator",
		Usage: "serve an emulated NCP vserver API on loopback (for tests and demos)",
		Description: "Serves the server-image actions of the NCP vserver API with an emulated account,\n" +
			"seeded from --seed (default: the built-in sandbox account) or restored from --state.\n" +
			"Prints the environment to point ncpimage at it. The keys it accepts are\n" +
			"emulator-only dummies, never real NCP keys. Stops on SIGINT/SIGTERM, saving --state.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8080", Usage: "address to serve on (loopback only unless --listen-any)"},
			&cli.BoolFlag{Name: "listen-any", Usage: "allow a --listen address that is not loopback"},
			&cli.StringFlag{Name: "seed", Usage: "seed YAML `FILE` (default: the built-in examples/sandbox-account.yaml; unused when --state exists)"},
			&cli.StringFlag{Name: "state", Usage: "JSON `FILE` to restore the account from and save it to (atomic)"},
			&cli.DurationFlag{Name: "create-delay", Value: 2 * time.Second, Usage: "time an image stays INIT"},
			&cli.DurationFlag{Name: "delete-delay", Value: time.Second, Usage: "time a deleted image stays terminating"},
			&cli.Float64Flag{Name: "failure-rate", Usage: "fraction of creates that end in CREFL"},
			&cli.BoolFlag{Name: "allow-duplicate-names", Usage: "accept a second image with a name already used in the region"},
			&cli.BoolFlag{Name: "busy-while-imaging", Usage: "a server with an image being created refuses another create (25013)"},
			&cli.Int64Flag{Name: "seed-random", Usage: "seed `N` of the fault and failure draws, so a run is repeatable (default: the clock)"},
			&cli.StringFlag{Name: "stats", Usage: "JSON `FILE` of the request counters per action (and \"total\"), rewritten after every create or delete, and on exit"},
		}, faultFlags()...),
		Action: func(ctx context.Context, c *cli.Command) error { return e.emulator(ctx, emulatorOptionsOf(c)) },
	}
}

func faultFlags() []cli.Flag {
	return []cli.Flag{
		&cli.Float64Flag{Name: "rate-limit", Usage: "fault: requests per second before 429 Throttle Limited (0 = none)"},
		&cli.IntFlag{Name: "burst", Value: 1, Usage: "fault: token bucket size of --rate-limit"},
		&cli.Float64Flag{Name: "error-rate", Usage: "fault: fraction of calls answered 503 or 500/1000"},
		&cli.DurationFlag{Name: "latency", Usage: "fault: delay added to every response"},
		&cli.Float64Flag{Name: "drop-rate", Usage: "fault: fraction of calls whose connection is dropped"},
		&cli.Float64Flag{Name: "create-504-rate", Usage: "fault: fraction of creates executed but answered 504"},
		&cli.IntFlag{Name: "page-cap", Usage: "fault: serve at most `N` rows a page of a listing, whatever pageSize asks (0 = no cap)"},
		&cli.IntFlag{Name: "understate-total-rows", Usage: "fault: report totalRows `N` fewer than the rows a listing holds (0 = true count)"},
	}
}

func emulatorOptionsOf(c *cli.Command) emulatorOptions {
	randSeed := time.Now().UnixNano()
	if c.IsSet("seed-random") {
		randSeed = c.Int64("seed-random")
	}
	return emulatorOptions{
		listen: c.String("listen"), listenAny: c.Bool("listen-any"), seed: c.String("seed"), state: c.String("state"),
		stats: c.String("stats"),
		emulator: emulator.Options{
			CreateDelay:         c.Duration("create-delay"),
			DeleteDelay:         c.Duration("delete-delay"),
			CreateFailureRate:   c.Float64("failure-rate"),
			AllowDuplicateNames: c.Bool("allow-duplicate-names"),
			BusyWhileImaging:    c.Bool("busy-while-imaging"),
			RandSeed:            randSeed,
		},
		faults: emulator.Faults{
			RateLimit: c.Float64("rate-limit"), Burst: c.Int("burst"), ErrorRate: c.Float64("error-rate"),
			Latency: c.Duration("latency"), DropRate: c.Float64("drop-rate"), Create504Rate: c.Float64("create-504-rate"),
			PageCap: c.Int("page-cap"), TotalRowsUnderstate: c.Int("understate-total-rows"),
		},
	}
}

func (e *env) emulator(ctx context.Context, o emulatorOptions) error {
	if err := checkLoopback(o.listen); err != nil && !o.listenAny {
		return hintError{err, "the emulator accepts dummy keys; use --listen-any to serve beyond this machine anyway"}
	}
	emu, err := e.newStandaloneEmulator(o)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	url, wait, err := emulator.Serve(ctx, o.listen, emu)
	if err != nil {
		return err
	}
	if err := saveEmulatorState(o, emu); err != nil {
		stop()
		_ = wait()
		return err
	}
	var access, secret, region string
	if a := emu.Accounts(); len(a) > 0 {
		access, secret = a[0].AccessKey, a[0].SecretKey
	}
	if r := emu.Regions(); len(r) > 0 {
		region = r[0]
	}
	report.EmulatorEnv(e.stdout, url, access, secret, region)
	<-ctx.Done()
	werr := wait()
	if err := saveEmulatorState(o, emu); err != nil {
		return err
	}
	if err := saveEmulatorStats(o, emu, true); err != nil {
		return err
	}
	report.EmulatorStopped(e.stdout)
	return werr
}

// newStandaloneEmulator builds the emulator from --state when that file
// exists, else from --seed (or the built-in sandbox seed).
func (e *env) newStandaloneEmulator(o emulatorOptions) (*emulator.Emulator, error) {
	var emu *emulator.Emulator
	opts := o.emulator
	opts.OnChange = func() { _ = saveEmulatorState(o, emu) }
	emu = emulator.New(opts)
	emu.SetFaults(o.faults)
	if o.state != "" {
		err := emu.LoadState(o.state)
		if err == nil {
			return emu, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	seed, err := emulator.ParseSeed(e.prog.SandboxSeed)
	if o.seed != "" {
		seed, err = emulator.LoadSeedFile(o.seed)
	}
	if err == nil {
		err = emu.Seed(seed)
	}
	if err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	return emu, nil
}

// saveEmulatorState writes --state and --stats (without the faults).
func saveEmulatorState(o emulatorOptions, emu *emulator.Emulator) error {
	if o.state != "" {
		if err := emu.SaveState(o.state); err != nil {
			return err
		}
	}
	return saveEmulatorStats(o, emu, false)
}

// emulatorStats is the --stats file: the request counters of
// [emulator.Emulator.Calls] and, in the file written at exit, the injected
// faults by kind ("throttle", "drop", "error", "timeout") counted from the
// request log.
type emulatorStats struct {
	Calls  map[string]int `json:"calls"`
	Faults map[string]int `json:"faults,omitempty"`
}

// statsMu serialises the --stats writes and takes the counters inside
// the lock, so the newest counters are the last file renamed into place.
var statsMu sync.Mutex

// saveEmulatorStats writes --stats; final also counts the faults (a walk
// over the whole request log, too slow to repeat after every change).
func saveEmulatorStats(o emulatorOptions, emu *emulator.Emulator, final bool) error {
	if o.stats == "" {
		return nil
	}
	statsMu.Lock()
	defer statsMu.Unlock()
	st := emulatorStats{Calls: emu.Calls()}
	if final {
		st.Faults = map[string]int{}
		for _, en := range emu.Log() {
			if en.Fault != "" {
				st.Faults[en.Fault]++
			}
		}
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err == nil {
		err = writeAtomic(o.stats, append(data, '\n'))
	}
	if err != nil {
		return fmt.Errorf("emulator: save stats: %w", err)
	}
	return nil
}

// checkLoopback accepts host:port addresses on 127.0.0.0/8, ::1 or
// localhost; an empty host means every interface and is refused.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("emulator: --listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("emulator: --listen %s is not a loopback address", addr)
	}
	return nil
}
