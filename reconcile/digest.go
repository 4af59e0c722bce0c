package reconcile

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
)

// ComputeDigest returns "sha256:<hex>" over the canonical JSON of the plan
// without its timestamp, endpoint, version and digest, so the same manifests and
// account give the same digest on every run.
func (p *Plan) ComputeDigest() string {
	c := *p
	c.Timestamp, c.Endpoint, c.Version, c.PlanDigest = "", "", "", ""
	b, err := json.Marshal(&c)
	if err != nil { // only plain data: cannot happen
		return ""
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// errCorruptPlan is wrapped by [Decode] for a file that is not a plan or
// was changed after it was written.
var errCorruptPlan = errors.New("not a valid ncpimage plan")

// Decode reads a saved plan: it must be JSON of [FormatVersion] with a
// matching digest.
func Decode(data []byte) (*Plan, error) {
	var head struct {
		FormatVersion string `json:"format_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("decode plan: %w: %w", errCorruptPlan, err)
	}
	if head.FormatVersion != FormatVersion {
		if head.FormatVersion == "" {
			return nil, fmt.Errorf("decode plan: %w: no format_version", errCorruptPlan)
		}
		return nil, fmt.Errorf("decode plan: %w: format_version %q is not supported (want %q)",
			errCorruptPlan, head.FormatVersion, FormatVersion)
	}
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("decode plan: %w: %w", errCorruptPlan, err)
	}
	if got := p.ComputeDigest(); got != p.PlanDigest {
		return nil, fmt.Errorf("decode plan: %w: plan_digest does not match its content (edited or truncated?)", errCorruptPlan)
	}
	return &p, nil
}
