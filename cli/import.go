package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/report"
	"github.com/ncpimage/ncpimage/spec"
)

// importOptions are the flags of import.
type importOptions struct {
	global  globalOptions
	regions []string
	match   string
	catalog string
	out     string
}

func (e *env) importCommand() *cli.Command {
	return &cli.Command{
		Name:  "import",
		Usage: "write a catalog for the images that exist (every entry adopted)",
		Description: `Reads the account (one image, server and snapshot list per region) and
writes a catalog with one entry per created image, each "adopt: true",
with the block layout the API reports. NCP does not say which server an
image came from, so the entries have no source: they plan as unchanged
(or drift), and one whose image goes missing is blocked until a source
is written. "ncpimage plan" of the result reports No changes.

--region limits the regions read (repeatable; default: every region of
the account, whatever NCLOUD_REGION says). --out writes the catalog to a
new file (never over an existing one); without it, to stdout.

Examples:
   ncpimage import --sandbox --catalog web-team --out catalogs/imported.yaml
   ncpimage import --region KR --match '^web-' --catalog web-team`,
		Flags: concatFlags([]cli.Flag{
			&cli.StringSliceFlag{Name: "region", Usage: "read region `CODE` only (repeatable)"},
			&cli.StringFlag{Name: "match", Usage: "import only the images whose name matches `REGEX`"},
			&cli.StringFlag{Name: "catalog", Value: "imported", Usage: "catalog `NAME` of the written catalog"},
			&cli.StringFlag{Name: "out", Usage: "write the catalog to new `FILE` (default: stdout)"},
		}),
		Action: func(ctx context.Context, c *cli.Command) error {
			g := globalOptionsOf(c)
			return e.importImages(ctx, importOptions{global: g, regions: c.StringSlice("region"),
				match: c.String("match"), catalog: c.String("catalog"), out: c.String("out")})
		},
	}
}

func (e *env) importImages(ctx context.Context, o importOptions) (err error) {
	opts, err := o.importOptions()
	if err != nil {
		return err
	}
	if o.out != "" {
		if _, err := os.Stat(o.out); err == nil {
			return hintError{err: fmt.Errorf("import: --out %s exists; refusing to overwrite it", o.out),
				hint: "choose a new file name, or remove " + o.out + " first"}
		}
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	cn, err := e.connect(ctx, o.global, e.stderr)
	if err != nil {
		return err
	}
	defer e.release(cn, &err)
	res, err := reconcile.Import(ctx, cn.Client, opts)
	if err != nil {
		return interrupted(ctx, err)
	}
	var b bytes.Buffer
	if err := spec.WriteCatalog(&b, e.importHeader(cn, res.Regions, len(res.Images)), o.catalog, res.Images); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	// Each entry was checked alone; the whole document is checked too
	// (names across entries), so what import writes always validates.
	if err := spec.Readable(b.Bytes()); err != nil {
		return fmt.Errorf("import: the catalog written would not validate (a bug; nothing written): %w", err)
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(e.stderr, "ncpimage: skipped image %s \"%s\" in %s: %s\n", s.No, report.Clean(s.Name), s.Region, report.Clean(s.Why))
	}
	images := res.Images
	if o.out == "" {
		_, err := e.stdout.Write(b.Bytes())
		return err
	}
	if err := writeAtomic(o.out, b.Bytes()); err != nil {
		return fmt.Errorf("import: write %s: %w", o.out, err)
	}
	fmt.Fprintf(e.stderr, "ncpimage: imported %d image(s) into %s\n", len(images), report.Clean(o.out))
	return nil
}

func (o importOptions) importOptions() (reconcile.ImportOptions, error) {
	opts := reconcile.ImportOptions{Regions: o.regions, Catalog: o.catalog}
	if !spec.ValidCatalogName(o.catalog) {
		return opts, hintError{err: fmt.Errorf("import: --catalog %q: want 1-32 of a-z, 0-9 and -", o.catalog),
			hint: "name the catalog the images belong to, e.g. --catalog web-team"}
	}
	if o.match != "" {
		re, err := regexp.Compile(o.match)
		if err != nil {
			return opts, fmt.Errorf("import: --match: %w", err)
		}
		opts.Match = re
	}
	return opts, nil
}

// importHeader is the comment at the top of an imported catalog: when,
// by which ncpimage, from which account and regions.
func (e *env) importHeader(cn *conn, regions []string, n int) []string {
	account := "endpoint " + cn.Endpoint
	if cn.Sandbox {
		account = "the sandbox account"
	}
	return []string{
		fmt.Sprintf("Written by ncpimage import (%s) on %s", e.version, time.Now().UTC().Format(time.RFC3339)),
		fmt.Sprintf("from %s, regions %s: %d image(s).", account, strings.Join(regions, ", "), n),
		"Every entry is adopted: ncpimage manages the image without recreating it.",
		"Add a source (serverName or serverInstanceNo) to an entry so a missing image can be created again.",
	}
}
