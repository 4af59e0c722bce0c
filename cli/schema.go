package cli

import (
	"fmt"

	"github.com/ncpimage/ncpimage/schema"
	"github.com/urfave/cli/v2"
)

func (e *env) schemaCommand() *cli.Command {
	return &cli.Command{
		Name:  "schema",
		Usage: "print the JSON Schema of the catalog format",
		Description: `Prints the JSON Schema (draft 2020-12) that catalogs are validated
against, for editors and other tools. With yaml-language-server (VS Code
YAML extension and others) put this first line in a catalog:

   # yaml-language-server: $schema=` + schema.ID + `

Example:
   ncpimage schema > ncpimage.schema.json`,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return fmt.Errorf("schema: takes no arguments, got %q", c.Args().First())
			}
			if _, err := e.stdout.Write(schema.JSON()); err != nil {
				return fmt.Errorf("schema: write: %w", err)
			}
			return nil
		},
	}
}
