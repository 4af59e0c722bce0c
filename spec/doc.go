// Package spec loads ncpimage manifests: YAML catalogs of the server
// images a team wants to exist in its NCP account.
//
// # Model
//
// A manifest file holds one or more YAML documents; each document is one
// [Catalog] (apiVersion ncpimage/v1, kind ServerImageCatalog) whose
// images are [Image] values with the catalog's defaults merged in (a
// field written on the image wins). An image is identified by (region,
// name); names are unique per region across every file loaded together.
//
// [Load] takes the paths a user typed, expands directories recursively
// (*.yaml, *.yml, sorted, hidden directories skipped), and returns a
// [Set]. Loading never stops at the first problem: every problem becomes
// an [Error] diagnostic with a position, so one run shows them all.
//
// # Files and symlinks
//
// Only regular files are read. A named pipe, socket or device found in a
// directory is skipped with a warning ([Set.Warnings]) and never opened;
// named on the command line it is refused. A path named on the command
// line is followed if it is a symlink (to a file or a directory). During
// a walk, symlinked directories are never followed, so a walk cannot
// loop or leave the directory it was given (each is skipped with a
// warning); a symlinked file is read only when it resolves to a regular
// file inside that directory. A file reached by several names is read
// once.
//
// # Positions
//
// The loader works on a tree of values that keep the line and column
// where they were written, never on decoded Go maps. Files in the plain
// block subset of YAML that catalogs use are read straight into it (fast
// path); any other file goes through go-yaml's node tree and the same
// checks, and both give the same tree, positions included. The
// tree is converted to JSON values for package schema; each violation's
// JSON pointer is mapped back to a position: the key of the offending
// field, the mapping that lacks a required key, the unknown key itself.
// Values reached through an alias point at the anchored original; values
// merged from defaults point into defaults. Line and column are 1-based;
// columns count characters; a UTF-8 byte order mark is ignored and CRLF
// line ends count as one. go-yaml reports syntax errors with a line but
// no column: those diagnostics use column 1.
//
// # Checks
//
// In order: the file (exists, regular, at most [MaxFileSize] bytes and
// about [MaxValues] YAML values, UTF-8 text without NUL bytes, a byte
// order mark only at its very start; a whole-file problem points at
// line 1, column 1, or at the first byte that is not text), YAML
// syntax, the conversion (no duplicate or non-string keys, no YAML tags
// but the core ones that repeat what a value already is: !!str, !!map,
// !!seq, and !!int, !!float, !!bool, !!null on values that read so
// untagged; no merge keys, no alias loops, alias expansion within
// [MaxAliasValues], nesting within [MaxDepth]), the JSON Schema, then
// semantic checks on each schema-valid image: exactly one source field;
// block storages with unique orders and exactly one order 0, in one of
// the forms createServerImage accepts (order 0 from a snapshot with no
// volumeType; other orders from a snapshot, or empty: true with sizeGB
// and volumeType, or exclude: true alone); the description at most
// [MaxDescriptionBytes] bytes including the ownership marker (see
// [WithMarker]) and free of control characters (C0 but tab and newline,
// DEL, C1); description lengths are always counted in bytes, NCP's unit.
// Last, names are checked for uniqueness per region
// across all files. Checks that need the live account (snapshot sizes,
// server states) belong to the planner.
//
// Memory stays bounded whatever a file holds: its size and value count
// are checked before it is parsed, aliases and nesting are limited while
// converting, and at most [MaxDiagnostics] problems are kept per file
// (a note, sorted last in the file, says so; [Set.Problems] counts what
// was left out). Positions are kept compactly, a few hundred bytes an
// image ([Image.Lookup]).
package spec
