package emulator

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// FuzzParams parses arbitrary query strings the way a request's
// parameters are read: list(prefix.N), structs(prefix.N.field) and the
// blockStorageList rules never panic, and lists keep index order.
func FuzzParams(f *testing.F) {
	f.Add("serverImageNoList.2=b&serverImageNoList.1=a&serverImageNoList.x=c")
	f.Add("blockStorageList.1.order=0&blockStorageList.1.snapshotInstanceNo=301&blockStorageList.2.order=1&blockStorageList.2.noBlockStorage=true")
	f.Add("blockStorageList.-1.order=0&blockStorageList.99999999999999999999.order=1&blockStorageList..=")
	f.Add("blockStorageList.1.order=%zz&targetLoginIdList.1=&targetLoginIdList.3=a")
	f.Add("blockStorageList.1.order=0&blockStorageList.1.blockStorageSize=9223372036854775808")
	f.Fuzz(func(t *testing.T, raw string) {
		vs, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p := params(vs)
		for _, prefix := range []string{"serverImageNoList", "targetLoginIdList", "blockStorageList"} {
			_ = p.list(prefix)
			rows := p.structs(prefix)
			for _, r := range rows {
				if r == nil {
					t.Fatalf("%s: nil entry", prefix)
				}
			}
		}
		entries, aerr := parseStorages(p)
		if aerr == nil {
			for _, en := range entries {
				if en.order < 0 || en.order > maxOrder || (en.hasSize && (en.size < 1 || en.size > maxStorageSizeGB)) {
					t.Fatalf("accepted entry out of range: %+v", en)
				}
			}
		} else if aerr.status != 400 || aerr.code == "" {
			t.Fatalf("error %+v", aerr)
		}
	})
}

// FuzzPaging: any pageNo and pageSize either is refused with a 400 or
// cuts a page inside the list, never panics or overflows.
func FuzzPaging(f *testing.F) {
	f.Add("1", "10", 25)
	f.Add("0", "1000", 0)
	f.Add("", "7", 3)
	f.Add("3", "", 3)
	f.Add("2147483647", "1000", 5)
	f.Add("4611686018427387905", "4", 3)
	f.Add("2305843009213693953", "5", 3)
	f.Add("-0", "+5", 3)
	f.Fuzz(func(t *testing.T, no, size string, n int) {
		if n < 0 || n > 5000 {
			return
		}
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		vs := url.Values{}
		if no != "" {
			vs.Set("pageNo", no)
		}
		if size != "" {
			vs.Set("pageSize", size)
		}
		pg, aerr := page(params(vs), all)
		if aerr != nil {
			if aerr.code != codeInvalidParam {
				t.Fatalf("code %s", aerr.code)
			}
			return
		}
		if len(pg) > n || len(pg) > maxPageSize && size != "" {
			t.Fatalf("page of %d rows from %d (pageNo %q pageSize %q)", len(pg), n, no, size)
		}
		if len(pg) > 0 {
			s, _ := strconv.Atoi(strings.TrimSpace(size))
			p, _ := strconv.Atoi(no)
			if want := (max(p, 1) - 1) * s; size != "" && pg[0] != want {
				t.Fatalf("page starts at %d, want %d (pageNo %q pageSize %q)", pg[0], want, no, size)
			}
		}
	})
}
