package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/report"
	"github.com/ncpimage/ncpimage/schema"
)

// schemaOptions are the flags and arguments of schema.
type schemaOptions struct {
	output string // "" for the catalog format, else a JSON output's name
	args   []string
}

func (e *env) schemaCommand() *cli.Command {
	return &cli.Command{
		Name:  "schema",
		Usage: "print the JSON Schema of the catalog format (or of a JSON output)",
		Description: `Prints the JSON Schema (draft 2020-12) that catalogs are validated
against, for editors and other tools. With yaml-language-server (VS Code
YAML extension and others) put this first line in a catalog:

   # yaml-language-server: $schema=` + schema.ID + `

--output-format NAME prints instead the schema of a JSON output (` + strings.Join(report.OutputSchemaNames(), ", ") + `),
so CI scripts can check what they parse.

Examples:
   ncpimage schema > ncpimage.schema.json
   ncpimage schema --output-format plan > plan.schema.json`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output-format", Usage: "print the schema of JSON output `NAME` (" + strings.Join(report.OutputSchemaNames(), ", ") + ")"},
		},
		Action: func(ctx context.Context, c *cli.Command) error {
			return e.schema(schemaOptions{output: c.String("output-format"), args: c.Args().Slice()})
		},
	}
}

func (e *env) schema(o schemaOptions) error {
	if len(o.args) > 0 {
		return fmt.Errorf("schema: takes no arguments, got %q", o.args[0])
	}
	data := schema.JSON()
	if o.output != "" {
		var err error
		if data, err = report.OutputSchema(o.output); err != nil {
			return hintError{err: fmt.Errorf("schema: %w", err), hint: "ncpimage schema --output-format plan"}
		}
	}
	if _, err := e.stdout.Write(data); err != nil {
		return fmt.Errorf("schema: write: %w", err)
	}
	return nil
}
