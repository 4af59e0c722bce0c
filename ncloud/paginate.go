package ncloud

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptrace"
	"strconv"
	"sync"
)

// maxPages stops a listing whose server never reports its end.
const maxPages = 10000

// maxPreallocRows bounds the room reserved from a totalRows the server
// announces.
const maxPreallocRows = 1 << 20

// pagesInFlight is how many page requests a listing keeps outstanding:
// while one page is read and decoded, the server makes the next ones.
const pagesInFlight = 2

// listAll fetches every page of a list action, and a listing is never
// silently partial:
//   - it goes on while pages come back full, whatever totalRows says (a
//     totalRows that understates the rows must not hide any);
//   - it ends on a page that is not full once it holds totalRows rows (a
//     server that ignores paging and answers every row at once is listed
//     in one call);
//   - a short page while rows are missing is taken, once, as the server's
//     own page size (a server that caps pageSize): the listing goes on
//     from the rows read at the size served;
//   - a page that repeats rows already read, or a short page while rows
//     are missing after that, fails it with an [*IncompleteListError],
//     once it was listed again from page 1 (objects created while
//     listing can shift rows once).
//
// Rows that shift into a later page while listing (an object created
// meanwhile) are kept once, by key.
func listAll[T any](ctx context.Context, c *Client, action string, f *form, rows func(*listResponse) []T, key func(T) string) ([]T, error) {
	all, err := listPages(ctx, c, action, f, rows, key)
	if _, ok := errors.AsType[*IncompleteListError](err); ok {
		all, err = listPages(ctx, c, action, f, rows, key)
	}
	return all, err
}

// IncompleteListError is a listing whose pages do not add up: it is
// never taken as the whole account.
type IncompleteListError struct {
	Action     string
	Page, Size int    // the page that did not add up, and the pageSize asked for
	Why        string // what was wrong with it
	Read       int    // distinct rows read
	TotalRows  int    // the last totalRows the server gave
}

func (e *IncompleteListError) Error() string {
	return fmt.Sprintf("%s: listing incomplete: page %d (pageSize %d) %s; %d rows read, totalRows %d",
		e.Action, e.Page, e.Size, e.Why, e.Read, e.TotalRows)
}

// listPages is one listing from page 1. The pages are the ones a
// page-by-page listing asks for, but while totalRows says more follow, up
// to [pagesInFlight] are asked for ahead, each sent once the one before it
// has been sent, so that a long listing waits for the server about once
// rather than once a page, and a server with more than one core makes
// pages side by side. Pages are taken in order.
func listPages[T any](ctx context.Context, c *Client, action string, f *form, rows func(*listResponse) []T, key func(T) string) ([]T, error) {
	var all []T
	var seen map[string]bool
	size, adapted := c.pageSize, false
	window := []*pageCall{c.fetchPage(ctx, action, f, 1, size, nil)} // pages asked for, in order, not yet taken
	next := 2                                                        // the page number to ask for next
	defer func() {
		for _, pc := range window {
			pc.cancel()
		}
	}()
	for range maxPages {
		cur := window[0]
		window = window[1:]
		r, err := cur.wait()
		if err != nil {
			return nil, err
		}
		page := rows(r)
		if all == nil {
			// room for every row, so that a long listing is not copied
			// as it grows
			n := min(max(r.TotalRows, len(page)), maxPreallocRows)
			all, seen = make([]T, 0, n), make(map[string]bool, n)
		}
		added := 0
		for _, row := range page {
			if k := key(row); !seen[k] {
				seen[k] = true
				all = append(all, row)
				added++
			}
		}
		incomplete := func(why string) error {
			return &IncompleteListError{Action: action, Page: cur.no, Size: cur.size, Why: why, Read: len(all), TotalRows: r.TotalRows}
		}
		offset := (cur.no-1)*cur.size + len(page) // rows before the next page
		switch {
		case len(page) > 0 && added == 0:
			return nil, incomplete("repeats rows already read")
		case len(page) == cur.size:
			// full: the listing goes on
		case len(all) >= r.TotalRows:
			return all, nil // short (or every row at once: paging ignored)
		case !adapted && len(page) > 0 && len(page) < cur.size && offset%len(page) == 0:
			// the server serves fewer rows than asked: go on at its size
			for _, pc := range window {
				pc.cancel()
			}
			window, size, adapted = nil, len(page), true
			next = offset/size + 1
		default:
			return nil, incomplete(fmt.Sprintf("holds %d rows", len(page)))
		}
		// at least the next page, more while totalRows says so
		for ; next <= maxPages && (len(window) == 0 || (len(window) < pagesInFlight && (next-1)*size < r.TotalRows)); next++ {
			after := cur.sent
			if len(window) > 0 {
				after = window[len(window)-1].sent
			}
			window = append(window, c.fetchPage(ctx, action, f, next, size, after))
		}
	}
	return nil, fmt.Errorf("%s: more than %d pages, giving up", action, maxPages)
}

// pageCall is one page being fetched.
type pageCall struct {
	no, size int
	stop     context.CancelFunc
	sent     chan struct{} // closed once the request is written (or the call ends)
	done     chan struct{}
	r        listResponse
	err      error
}

// fetchPage asks for page pageNo of size rows in the background, once
// after is closed (nil: at once).
func (c *Client) fetchPage(ctx context.Context, action string, f *form, pageNo, size int, after <-chan struct{}) *pageCall {
	ctx, stop := context.WithCancel(ctx)
	pc := &pageCall{no: pageNo, size: size, stop: stop, sent: make(chan struct{}), done: make(chan struct{})}
	sent := sync.OnceFunc(func() { close(pc.sent) })
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { sent() }})
	p := f.clone()
	p.set("pageNo", strconv.Itoa(pageNo))
	p.set("pageSize", strconv.Itoa(size))
	go func() {
		defer close(pc.done)
		defer sent()
		if after != nil {
			select {
			case <-after:
			case <-ctx.Done():
				pc.err = ctx.Err()
				return
			}
		}
		pc.err = c.do(ctx, action, p, &pc.r)
	}()
	return pc
}

// wait returns the page once fetched.
func (pc *pageCall) wait() (*listResponse, error) {
	<-pc.done
	pc.stop()
	return &pc.r, pc.err
}

// cancel stops a page no longer needed and waits until its call is over.
func (pc *pageCall) cancel() {
	if pc != nil {
		pc.stop()
		<-pc.done
	}
}
