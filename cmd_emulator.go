package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
	"github.com/urfave/cli/v2"
)

// emulatorCommand serves the NCP vserver emulator until interrupted.
func emulatorCommand() *cli.Command {
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
		}, faultFlags()...),
		Action: runEmulator,
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
	}
}

func runEmulator(c *cli.Context) error {
	addr := c.String("listen")
	if err := checkLoopback(addr); err != nil && !c.Bool("listen-any") {
		return hintError{err, "the emulator accepts dummy keys; use --listen-any to serve beyond this machine anyway"}
	}
	emu, err := newStandaloneEmulator(c)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	url, wait, err := emulator.Serve(ctx, addr, emu)
	if err != nil {
		return err
	}
	if err := saveEmulatorState(c, emu); err != nil {
		stop()
		_ = wait()
		return err
	}
	printEmulatorEnv(c.App.Writer, url, emu)
	<-ctx.Done()
	werr := wait()
	if err := saveEmulatorState(c, emu); err != nil {
		return err
	}
	fmt.Fprintln(c.App.Writer, "# emulator stopped")
	return werr
}

// newStandaloneEmulator builds the emulator from --state when that file
// exists, else from --seed (or the built-in sandbox seed).
func newStandaloneEmulator(c *cli.Context) (*emulator.Emulator, error) {
	var emu *emulator.Emulator
	emu = emulator.New(emulator.Options{
		CreateDelay:         c.Duration("create-delay"),
		DeleteDelay:         c.Duration("delete-delay"),
		CreateFailureRate:   c.Float64("failure-rate"),
		AllowDuplicateNames: c.Bool("allow-duplicate-names"),
		RandSeed:            time.Now().UnixNano(),
		OnChange:            func() { _ = saveEmulatorState(c, emu) },
	})
	emu.SetFaults(emulator.Faults{
		RateLimit: c.Float64("rate-limit"), Burst: c.Int("burst"), ErrorRate: c.Float64("error-rate"),
		Latency: c.Duration("latency"), DropRate: c.Float64("drop-rate"), Create504Rate: c.Float64("create-504-rate"),
	})
	if path := c.String("state"); path != "" {
		err := emu.LoadState(path)
		if err == nil {
			return emu, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	seed, err := emulator.ParseSeed(sandboxSeed)
	if path := c.String("seed"); path != "" {
		seed, err = emulator.LoadSeedFile(path)
	}
	if err == nil {
		err = emu.Seed(seed)
	}
	if err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	return emu, nil
}

func saveEmulatorState(c *cli.Context, emu *emulator.Emulator) error {
	if path := c.String("state"); path != "" {
		return emu.SaveState(path)
	}
	return nil
}

// printEmulatorEnv prints shell lines that point ncpimage at the
// emulator. The secret printed is the emulator's own dummy key.
func printEmulatorEnv(w io.Writer, url string, emu *emulator.Emulator) {
	fmt.Fprintf(w, "# ncpimage emulator: NCP vserver API emulated on %s\n", url)
	fmt.Fprintln(w, "# sandbox-only keys: they open this emulator, not a real NCP account")
	fmt.Fprintf(w, "export NCLOUD_API_GW=%s\n", url)
	if accounts := emu.Accounts(); len(accounts) > 0 {
		fmt.Fprintf(w, "export NCLOUD_ACCESS_KEY=%s\n", accounts[0].AccessKey)
		fmt.Fprintf(w, "export NCLOUD_SECRET_KEY=%s\n", accounts[0].SecretKey)
	}
	if regions := emu.Regions(); len(regions) > 0 {
		fmt.Fprintf(w, "export NCLOUD_REGION=%s\n", regions[0])
	}
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

// sandboxCommand manages the --sandbox account of the working directory.
func sandboxCommand() *cli.Command {
	return &cli.Command{
		Name:  "sandbox",
		Usage: "manage the emulated account used by --sandbox",
		Subcommands: []*cli.Command{{
			Name:   "reset",
			Usage:  "start the sandbox over from the example account (deletes " + sandboxDir + "/" + sandboxStateFile + ")",
			Action: runSandboxReset,
		}},
	}
}

func runSandboxReset(c *cli.Context) error {
	path := sandboxDir + "/" + sandboxStateFile
	err := os.Remove(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(c.App.Writer, "sandbox: nothing to reset (no %s)\n", path)
		return nil
	case err != nil:
		return fmt.Errorf("sandbox reset: %w", err)
	}
	fmt.Fprintf(c.App.Writer, "sandbox: reset (removed %s); the next --sandbox run starts from the example account\n", path)
	return nil
}
