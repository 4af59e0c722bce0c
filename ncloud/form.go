package ncloud

import (
	"net/url"
	"strconv"
	"strings"
)

// form is an ordered set of request parameters. Order is kept so that the
// body of a request is deterministic (and readable in the debug log);
// responseFormatType=json always comes first, as the SDK sends it.
type form struct {
	keys   []string
	values []string
}

func newForm() *form {
	f := &form{}
	f.set("responseFormatType", "json")
	return f
}

// set adds one parameter.
func (f *form) set(key, value string) {
	f.keys = append(f.keys, key)
	f.values = append(f.values, value)
}

// setNonEmpty adds a parameter unless its value is "".
func (f *form) setNonEmpty(key, value string) {
	if value != "" {
		f.set(key, value)
	}
}

// setList adds name.1, name.2, ... (1-based), as NCP lists are sent.
func (f *form) setList(name string, values []string) {
	for i, v := range values {
		f.set(name+"."+strconv.Itoa(i+1), v)
	}
}

// encode returns the x-www-form-urlencoded body.
func (f *form) encode() string {
	var b strings.Builder
	for i, k := range f.keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(f.values[i]))
	}
	return b.String()
}

// clone copies the form so that pages of a listing can each add their own
// pageNo without sharing storage.
func (f *form) clone() *form {
	return &form{keys: append([]string(nil), f.keys...), values: append([]string(nil), f.values...)}
}

// setBlockStorages adds blockStorageList.N.field for each entry (1-based);
// fields that are unset are omitted. Sizes go in GB, as the call takes them.
func (f *form) setBlockStorages(list []BlockStorageInput) {
	for i, b := range list {
		p := "blockStorageList." + strconv.Itoa(i+1) + "."
		f.set(p+"order", strconv.Itoa(b.Order))
		f.setNonEmpty(p+"snapshotInstanceNo", b.SnapshotInstanceNo)
		if b.SizeGB > 0 {
			f.set(p+"blockStorageSize", strconv.Itoa(b.SizeGB))
		}
		f.setNonEmpty(p+"blockStorageVolumeTypeCode", b.VolumeType)
		if b.Empty {
			f.set(p+"emptyBlockStorage", "true")
		}
		if b.Exclude {
			f.set(p+"noBlockStorage", "true")
		}
	}
}
