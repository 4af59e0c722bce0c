package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// WriteCatalog writes one catalog document in the canonical layout (key
// order as in the README, two-space indent, numbers quoted where the
// format wants strings), after header, a comment block whose lines get a
// "# " prefix. Only the fields an [Image] sets are written.
func WriteCatalog(w io.Writer, header []string, name string, images []*Image) error {
	doc := yMapping(
		"apiVersion", yScalar("ncpimage/v1"),
		"kind", yScalar("ServerImageCatalog"),
		"catalog", yScalar(name),
	)
	list := &yaml.Node{Kind: yaml.SequenceNode}
	for _, im := range images {
		list.Content = append(list.Content, imageNode(im))
	}
	if len(images) == 0 {
		list.Style = yaml.FlowStyle
	}
	doc.Content = append(doc.Content, yScalar("images"), list)
	var b bytes.Buffer
	for _, h := range header {
		b.WriteString("# " + h + "\n")
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write catalog: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("write catalog: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func imageNode(im *Image) *yaml.Node {
	n := yMapping("name", yScalar(im.Name))
	add := func(k string, v *yaml.Node) { n.Content = append(n.Content, yScalar(k), v) }
	if im.Region != "" {
		add("region", yScalar(im.Region))
	}
	if im.Description != "" {
		add("description", yQuoted(im.Description))
	}
	if im.Adopt {
		add("adopt", yBool(true))
	}
	switch {
	case im.Source.ServerName != "":
		add("source", yFlow(yMapping("serverName", yScalar(im.Source.ServerName))))
	case im.Source.ServerInstanceNo != "":
		add("source", yFlow(yMapping("serverInstanceNo", yQuoted(im.Source.ServerInstanceNo))))
	}
	if im.BlockStorages != nil {
		list := &yaml.Node{Kind: yaml.SequenceNode}
		for _, bs := range im.BlockStorages {
			list.Content = append(list.Content, yFlow(storageNode(bs)))
		}
		add("blockStorages", list)
	}
	if im.ShareWith != nil {
		ids := yFlow(&yaml.Node{Kind: yaml.SequenceNode})
		for _, id := range im.ShareWith {
			ids.Content = append(ids.Content, yScalar(id))
		}
		add("shareWith", ids)
	}
	return n
}

func storageNode(bs BlockStorage) *yaml.Node {
	n := yMapping("order", yNumber(bs.Order))
	add := func(k string, v *yaml.Node) { n.Content = append(n.Content, yScalar(k), v) }
	if bs.SnapshotName != "" {
		add("snapshotName", yScalar(bs.SnapshotName))
	}
	if bs.SnapshotInstanceNo != "" {
		add("snapshotInstanceNo", yQuoted(bs.SnapshotInstanceNo))
	}
	if bs.SizeGB > 0 {
		add("sizeGB", yNumber(bs.SizeGB))
	}
	if bs.VolumeType != "" {
		add("volumeType", yScalar(bs.VolumeType))
	}
	if bs.Empty {
		add("empty", yBool(true))
	}
	if bs.Exclude {
		add("exclude", yBool(true))
	}
	return n
}

func yMapping(kv ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i < len(kv); i += 2 {
		n.Content = append(n.Content, yScalar(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return n
}

func yScalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
func yQuoted(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
}
func yNumber(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(i)}
}
func yBool(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}
func yFlow(n *yaml.Node) *yaml.Node { n.Style = yaml.FlowStyle; return n }

// Writable reports why im cannot be an entry of a catalog named catalog
// (nil when it can): the entry is written as [WriteCatalog] writes it
// and read back as validate reads it, so what import writes always
// validates, whatever the account holds (a name NCP once allowed, a
// layout no manifest can say).
func Writable(catalog string, im *Image) error {
	var b bytes.Buffer
	if err := WriteCatalog(&b, nil, catalog, []*Image{im}); err != nil {
		return err
	}
	return Readable(b.Bytes())
}

// Readable returns the first diagnostic validate gives a written
// catalog, without its position (the document exists only in memory),
// or nil.
func Readable(doc []byte) error {
	set := LoadReader(bytes.NewReader(doc))
	if len(set.Diagnostics) == 0 {
		return nil
	}
	return errors.New(set.Diagnostics[0].Msg)
}
