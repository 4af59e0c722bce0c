package emulator

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// capPage applies Faults.PageCap: a pageSize above the cap is served as
// the cap. Callers hold e.mu.
func (e *Emulator) capPage(p params) params {
	limit := e.faults.PageCap
	size, ok, err := intParam(p.str("pageSize"))
	if limit <= 0 || !ok || err != nil || size <= limit {
		return p
	}
	q := make(params, len(p))
	for k, v := range p {
		q[k] = v
	}
	q["pageSize"] = []string{strconv.Itoa(limit)}
	return q
}

// understate applies Faults.TotalRowsUnderstate to the answer of a list
// action. Callers hold e.mu.
func (e *Emulator) understate(action string, res *result) {
	if n := e.faults.TotalRowsUnderstate; n > 0 && strings.HasSuffix(action, "List") {
		res.totalRows = max(res.totalRows-n, 0)
	}
}

// parseForm reads the query and a POST body as form parameters whatever
// Content-Type says, as a tolerant gateway does: the official SDK sends
// removeServerImageSharingPermission with Content-Type application/json
// over a form-encoded body.
func parseForm(r *http.Request) error {
	if r.Method == http.MethodPost {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	return r.ParseForm()
}
