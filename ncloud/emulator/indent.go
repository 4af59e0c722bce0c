package emulator

import (
	"encoding/json"

	"github.com/ncpimage/ncpimage/jsonw"
)

// marshalIndent is json.MarshalIndent(v, prefix, indent), indented by
// [jsonw.AppendIndent] (json.Indent cost the emulator more than
// marshalling a page of 1000 images).
func marshalIndent(v any, prefix, indent string) ([]byte, error) {
	compact, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return jsonw.AppendIndent(make([]byte, 0, len(compact)*3/2), compact, prefix, indent), nil
}
