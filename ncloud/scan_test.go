package ncloud

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// recorder serves a client's requests from an emulator in-process and
// keeps the last answer to each action, as the emulator wrote it.
type recorder struct {
	h      http.Handler
	mu     sync.Mutex
	bodies map[string][]byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	r.h.ServeHTTP(rec, req)
	action := req.URL.Path[strings.LastIndex(req.URL.Path, "/")+1:]
	r.mu.Lock()
	r.bodies[action] = bytes.Clone(rec.Body.Bytes())
	r.mu.Unlock()
	return rec.Result(), nil
}

// emulatorAnswers lists regions, servers, snapshots and n images (with
// two disks each, every third one shared) from an emulator, and returns
// the last answer of each list action.
func emulatorAnswers(tb testing.TB, n int) map[string][]byte {
	tb.Helper()
	const access, secret = "scan-test-access", "scan-test-secret"
	emu := emulator.New(emulator.Options{Accounts: []emulator.Account{{AccessKey: access, SecretKey: secret}}, RandSeed: 1})
	seed := emulator.Seed{
		Regions: []emulator.SeedRegion{{Code: "KR", Name: "Korea"}, {Code: "SGN", Name: "Singapore(New)"}},
		Servers: []emulator.SeedServer{{Region: "KR", No: "1001001", Name: "web-01"}, {Region: "KR", No: "1001002", Name: "web-02", Status: "NSTOP"}},
		Snapshots: []emulator.SeedSnapshot{
			{Region: "KR", No: "3001001", Name: "web-01-root", SizeGB: 10, Bootable: true},
			{Region: "KR", No: "3001005", Name: "db-01-data", SizeGB: 200, VolumeType: "CB2"},
		},
	}
	for i := range n {
		img := emulator.SeedImage{Region: "KR", Name: fmt.Sprintf("img-%05d", i), Description: fmt.Sprintf("nginx [ncpimage:web-%d]", i%7),
			BlockStorages: []emulator.SeedBlockStorage{{Order: 0, SnapshotNo: "3001001"}, {Order: 1, SnapshotNo: "3001005", SizeGB: 250}}}
		if i%3 == 0 {
			img.SharedLoginIDList = []string{"a@example.com", "b@example.com"}
		}
		seed.Images = append(seed.Images, img)
	}
	if err := emu.Seed(seed); err != nil {
		tb.Fatal(err)
	}
	rec := &recorder{h: emu, bodies: map[string][]byte{}}
	c, err := New(WithEndpoint("http://127.0.0.1:1"), WithCredentials(Credentials{AccessKey: access, SecretKey: secret}),
		WithLimiter(instantLimiter()), withHTTPClient(&http.Client{Transport: rec}))
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.GetRegionList(ctx); err != nil {
		tb.Fatal(err)
	}
	if _, err := c.GetServerInstanceList(ctx, "KR", ServerFilter{}); err != nil {
		tb.Fatal(err)
	}
	if _, err := c.GetBlockStorageSnapshotInstanceList(ctx, "KR", SnapshotFilter{}); err != nil {
		tb.Fatal(err)
	}
	if imgs, err := c.GetServerImageList(ctx, "KR", ImageFilter{}); err != nil || len(imgs) != n {
		tb.Fatalf("listed %d images: %v", len(imgs), err)
	}
	return rec.bodies
}

// BenchmarkDecodeImagePage decodes one page of 1000 images as the
// emulator writes it (pretty-printed, with every field NCP sends).
func BenchmarkDecodeImagePage(b *testing.B) {
	page := emulatorAnswers(b, 1000)["getServerImageList"]
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	var r listResponse
	for b.Loop() {
		if err := decodeEnvelope("getServerImageList", 200, page, &r); err != nil || len(r.ServerImageList) != 1000 {
			b.Fatalf("decoded %d images: %v", len(r.ServerImageList), err)
		}
	}
}

// Every answer of the emulator (pretty-printed, with every field NCP
// sends, most of which the client skips) takes the fast path and
// decodes as json.Unmarshal decodes it.
func TestScanEnvelopeTakesEmulatorAnswers(t *testing.T) {
	answers := emulatorAnswers(t, 1000)
	for _, action := range []string{"getRegionList", "getServerInstanceList", "getBlockStorageSnapshotInstanceList", "getServerImageList"} {
		body := answers[action]
		var fast, whole listResponse
		if !scanEnvelope(action, body, &fast) {
			t.Errorf("%s: not scanned: %.200s", action, body)
			continue
		}
		if err := decodeEnvelopeWhole(action, 200, body, &whole); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
		if diff := cmp.Diff(whole, fast, cmp.AllowUnexported(listResponse{})); diff != "" {
			t.Errorf("%s: decoded (-whole +fast):\n%s", action, diff)
		}
	}
	var r listResponse
	if !scanEnvelope("getServerImageList", answers["getServerImageList"], &r) || len(r.ServerImageList) != 1000 || len(r.ServerImageList[0].Mappings) != 2 {
		t.Errorf("image page: %d images", len(r.ServerImageList))
	}
}

// The edges the fast path takes itself rather than handing them over;
// FuzzStreamMatchesWhole checks they decode as json.Unmarshal decodes
// them.
func TestScanTakesEdges(t *testing.T) {
	for _, inner := range []string{
		`"serverImage\u004cist": [{"serverImage\u004eo": "1"}], "\u0074otalRows": 2`,
		`"unknown": 1, "unknown": {"a": [null, true, false, -0.5e+3, "\u00e9"]}, "": 1, "envelopeHeader": {}`,
		`"totalRows": -0, "returnCode": null, "returnMessage": null, "requestId": "a\"b\\c\u0000"`,
		`"totalRows": -9223372036854775808, "serverImageList": [{"serverImageNo": 99999999999999999999999}]`,
		`"serverImageList": [{"serverImageName": "caf` + "\xc3" + `", "serverImageType": {"code": "` + "\xff" + `"}}]`,
		`"serverImageList": [{"serverImageType": null, "blockStorageMappingList": [], "sharedLoginIdList": null}]`,
		`"blockStorageSnapshotInstanceList": [{"isBootable": true, "blockStorageSnapshotVolumeSize": null}]`,
	} {
		body := `{"getServerImageListResponse": {` + inner + "}} \t\r\n"
		var r listResponse
		if !scanEnvelope("getServerImageList", []byte(body), &r) {
			t.Errorf("not scanned: %s", inner)
		}
		matchesWhole(t, body)
	}
}

// Nesting is taken up to encoding/json's limit of 10000 levels (the
// envelope's two included), and handed over beyond it.
func TestScanDepthLimit(t *testing.T) {
	for _, n := range []int{9997, 9998, 9999, 10000, 20000} {
		for _, nest := range []func(int) string{
			func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) },
			func(n int) string { return strings.Repeat(`{"a":`, n-1) + "{}" + strings.Repeat("}", n-1) },
		} {
			body := `{"getServerImageListResponse": {"unknown": ` + nest(n) + `}}`
			var r listResponse
			if got, want := scanEnvelope("getServerImageList", []byte(body), &r), 2+n <= maxDepth; got != want {
				t.Errorf("%d levels: scanned %v, want %v", 2+n, got, want)
			}
			matchesWhole(t, body)
		}
	}
}

// Every member table names exactly the JSON fields of its type, at most
// 64 (scanObject tracks them in a word).
func TestScanMembersMatchTags(t *testing.T) {
	for _, tt := range []struct {
		typ   reflect.Type
		names []string
	}{
		{reflect.TypeFor[listResponse](), names(responseMembers)},
		{reflect.TypeFor[commonCode](), names(codeMembers)},
		{reflect.TypeFor[wireRegion](), names(regionMembers)},
		{reflect.TypeFor[wireServer](), names(serverMembers)},
		{reflect.TypeFor[wireSnapshot](), names(snapshotMembers)},
		{reflect.TypeFor[wireImage](), names(imageMembers)},
		{reflect.TypeFor[wireMapping](), names(mappingMembers)},
	} {
		if diff := cmp.Diff(tags(tt.typ), tt.names); diff != "" || len(tt.names) > 64 {
			t.Errorf("%s members (-tags +table):\n%s", tt.typ, diff)
		}
	}
}

func names[T any](ms []member[T]) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.name)
	}
	return out
}

// tags lists the JSON names of t's fields (see jsonFields).
func tags(t reflect.Type) []string {
	var out []string
	for _, f := range jsonFields(t) {
		out = append(out, f.Tag.Get("json"))
	}
	return out
}

// Short codes are interned, within bounds: one string per distinct code
// of a page, no long strings, at most maxCodes entries.
func TestScanInterns(t *testing.T) {
	var r listResponse
	if !scanEnvelope("getServerImageList", emulatorAnswers(t, 3)["getServerImageList"], &r) {
		t.Fatal("not scanned")
	}
	a, b := r.ServerImageList[0], r.ServerImageList[2]
	for _, pair := range [][2]string{{a.Status.Code, b.Status.Code}, {a.Type.Code, b.Type.Code}, {a.StatusName, b.StatusName},
		{a.Mappings[0].VolumeType.Code, b.Mappings[0].VolumeType.Code}} {
		if pair[0] != pair[1] || unsafe.StringData(pair[0]) != unsafe.StringData(pair[1]) {
			t.Errorf("%q and %q not one string", pair[0], pair[1])
		}
	}
	var s scanner
	long := strings.Repeat("x", maxInterned+1)
	if s.interned([]byte(long)) != long || len(s.codes) != 0 {
		t.Errorf("a long string interned: %d codes", len(s.codes))
	}
	for i := range 2 * maxCodes {
		if c := fmt.Sprint(i); s.interned([]byte(c)) != c {
			t.Fatalf("interned %q wrong", c)
		}
	}
	if len(s.codes) != maxCodes {
		t.Errorf("%d codes kept, want %d", len(s.codes), maxCodes)
	}
}

// The skipping of a value accepts exactly the valid JSON texts.
func FuzzScanSkip(f *testing.F) {
	for _, seed := range []string{`{"a": [1, -2.5e+3, true, false, null, "\u00e9\n"]}`, `[]`, `{}`, `""`, `0`, `-0`, `01`, `1.`, `.5`,
		`1e`, `1E+2`, `-`, `+1`, `tru`, `nul`, `"\x"`, `"\u12"`, "\"\x01\"", "\"\xff\"", `[1,]`, `{"a":1,}`, `{"a" 1}`, `[1 2]`,
		`{,}`, `[}`, `{]`, `"`, `[`, `{"a":`, " 1 ", "\t[\r\n]\n", strings.Repeat("[", 300) + strings.Repeat("]", 300)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, v string) {
		s := scanner{buf: []byte(v)}
		ok := s.skip()
		s.ws()
		if got, want := ok && s.pos == len(v), json.Valid([]byte(v)); got != want {
			t.Errorf("skip %q: %v, json.Valid %v", v, got, want)
		}
	})
}

// FuzzScanGenerated is FuzzStreamMatchesWhole on envelopes built from
// the fuzzed bytes by the wire types themselves: mostly their fields
// with values of the right kind, sometimes near misses (another case, an
// escape, a value of another kind, a key the client skips), and spaces
// between, so that mutation explores shapes near the real answers
// rather than random text.
func FuzzScanGenerated(f *testing.F) {
	for _, seed := range []string{"", "\x00", "abc", "\x05\x05\x05\x05", "\xff\x10\x20\x30\x40\x50\x60\x70", strings.Repeat("\x07\x03", 40),
		strings.Repeat("\x05\x01\x02\x03", 60)} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		g := &gen{in: in}
		var b strings.Builder
		b.WriteString(`{"getServerImageListResponse": `)
		g.typed(&b, reflect.TypeFor[listResponse](), 0)
		b.WriteString("}" + g.pick([]string{"", "", "", "\n", " x", "}"}))
		matchesWhole(t, b.String())
	})
}

// gen writes JSON chosen by the bytes of in (zeros once they run out).
type gen struct {
	in []byte
}

func (g *gen) next() int {
	if len(g.in) == 0 {
		return 0
	}
	c := g.in[0]
	g.in = g.in[1:]
	return int(c)
}

func (g *gen) pick(from []string) string { return from[g.next()%len(from)] }

// The values gen writes: of each kind the valid ones first, then
// (past the ok* counts) near misses json refuses or the client hands
// over.
var (
	genStrings = []string{`""`, `"CREAT"`, `"a\"b"`, `"\u00e9\ud800"`, "\"caf\xc3\"", "\"\xff\"", `"123"`, `"2024-03-21T18:22:55+0900"`,
		`"\u0000"`, `"é한"`, `null`, `"\x"`, "\"a\x01\"", `5`}
	genInts = []string{`0`, `-0`, `7`, `-7`, `9223372036854775807`, `-9223372036854775808`, `null`,
		`1.5`, `1e3`, `9223372036854775808`, `99999999999999999999999`, `01`, `"3"`}
	genFlex    = []string{`"123"`, `123`, `0`, `99999999999999999999999`, `null`, `""`, `-1`, `1e3`, `1.0`, `-0`}
	genBools   = []string{`true`, `false`, `null`, `tru`, `"true"`, `1`}
	okStrings  = 11
	okInts     = 7
	okFlex     = 6
	okBools    = 3
	genSpaces  = []string{"", " ", "\n    ", "\t", "\r\n"}
	genUnknown = []string{"codeName", "unknown", "iops", "", `\u00e9`, "\u017fhareStatus", "envelopeHeader", "serverImageList"}
	flexType   = reflect.TypeFor[flexString]()
)

// typed writes a value for a field of type t, or now and then any value.
func (g *gen) typed(b *strings.Builder, t reflect.Type, depth int) {
	if g.next()%16 == 0 {
		g.any(b, depth)
		return
	}
	switch {
	case t == flexType:
		b.WriteString(g.mostly(genFlex, okFlex))
	case t.Kind() == reflect.String:
		b.WriteString(g.mostly(genStrings, okStrings))
	case t.Kind() == reflect.Int || t.Kind() == reflect.Int64:
		b.WriteString(g.mostly(genInts, okInts))
	case t.Kind() == reflect.Bool:
		b.WriteString(g.mostly(genBools, okBools))
	case t.Kind() == reflect.Struct:
		g.object(b, t, depth+1)
	case t.Kind() == reflect.Slice:
		g.array(b, func() { g.typed(b, t.Elem(), depth+1) })
	}
}

// mostly picks one of the first ok values, and now and then any of them.
func (g *gen) mostly(from []string, ok int) string {
	if g.next()%8 == 0 {
		return g.pick(from)
	}
	return g.pick(from[:ok])
}

// any writes any value.
func (g *gen) any(b *strings.Builder, depth int) {
	switch c := g.next() % 8; {
	case c < 2 && depth < 6:
		g.object(b, reflect.TypeFor[struct{}](), depth+1)
	case c < 4 && depth < 6:
		g.array(b, func() { g.any(b, depth+1) })
	default:
		b.WriteString(g.pick(append(append(genStrings, genFlex...), genBools...)))
	}
}

// object writes null or an object of t's fields, with now and then a
// near miss of a name or a key t does not have.
func (g *gen) object(b *strings.Builder, t reflect.Type, depth int) {
	fields := jsonFields(t)
	n := g.next() % 8
	if n == 7 {
		b.WriteString("null")
		return
	}
	b.WriteString("{")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(g.pick(genSpaces))
		if c := g.next(); c%4 == 0 || len(fields) == 0 {
			b.WriteString(`"` + g.pick(genUnknown) + `":`)
			g.any(b, depth)
		} else {
			f := fields[g.next()%len(fields)]
			b.WriteString(`"` + g.nearMiss(f.Tag.Get("json")) + `":` + g.pick(genSpaces))
			g.typed(b, f.Type, depth)
		}
	}
	b.WriteString(g.pick(genSpaces) + "}")
}

// nearMiss is mostly name, and now and then name in capitals or with an
// escaped first letter.
func (g *gen) nearMiss(name string) string {
	switch g.next() % 16 {
	case 0:
		return strings.ToUpper(name)
	case 1:
		return fmt.Sprintf(`\u%04x`, name[0]) + name[1:]
	}
	return name
}

func (g *gen) array(b *strings.Builder, elem func()) {
	b.WriteString("[")
	for i := range g.next() % 4 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(g.pick(genSpaces))
		elem()
	}
	b.WriteString("]")
}

// jsonFields are the fields of t as JSON sees them, those of embedded
// structs in place.
func jsonFields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for f := range t.Fields() {
		if f.Anonymous {
			out = append(out, jsonFields(f.Type)...)
		} else {
			out = append(out, f)
		}
	}
	return out
}
