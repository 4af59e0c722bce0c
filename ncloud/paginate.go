package ncloud

import (
	"context"
	"fmt"
	"strconv"
)

// maxPages stops a listing whose server never reports its end.
const maxPages = 10000

// listAll fetches every page of a list action: pageNo from 1, pageSize
// c.pageSize, until the pages or the rows seen cover totalRows or a page
// comes back short. Rows that shift into a later page while listing (an object
// created meanwhile) are kept once, by key.
func listAll[T any](ctx context.Context, c *Client, action string, f *form, rows func(*listResponse) []T, key func(T) string) ([]T, error) {
	var all []T
	seen := map[string]bool{}
	for pageNo := 1; pageNo <= maxPages; pageNo++ {
		p := f.clone()
		p.set("pageNo", strconv.Itoa(pageNo))
		p.set("pageSize", strconv.Itoa(c.pageSize))
		var r listResponse
		if err := c.do(ctx, action, p, &r); err != nil {
			return nil, err
		}
		page := rows(&r)
		for _, row := range page {
			if k := key(row); !seen[k] {
				seen[k] = true
				all = append(all, row)
			}
		}
		if len(page) < c.pageSize || pageNo*c.pageSize >= r.TotalRows || len(all) >= r.TotalRows {
			return all, nil
		}
	}
	return nil, fmt.Errorf("%s: more than %d pages, giving up", action, maxPages)
}
