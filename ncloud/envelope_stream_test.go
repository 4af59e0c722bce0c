package ncloud

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// streamSeeds are answers the fast decoder must take exactly as the
// whole-body decoder does, or hand over to it (named for the streaming
// decoder it replaced, as FuzzStreamMatchesWhole is).
var streamSeeds = []string{
	prettyImageList, compact(prettyImageList), prettyImageList + "\n", compact(prettyImageList) + "\r\n",
	throttled, tryLater, badParam, "{", "", "null", `{"error": null}`, "[]", `"x"`,
	`{"getServerImageListResponse": {"serverImageList": [{"blockStorageMappingList": [{"blockStorageSnapshotInstanceNo": 1e3}]}]}}`,
	`{"getServerImageListResponse": {"totalRows": 2, "serverImageList": [{"serverImageNo": 1}, {"serverImageNo": "2"}]}}`,
	`{"getServerImageListResponse": {"serverImageList": null}}`,
	`{"getServerImageListResponse": {"serverImageList": []}}`,
	`{"getServerImageListResponse": {"serverImageList": [null, {"serverImageNo": "7"}]}}`,
	`{"getServerImageListResponse": {"serverImageList": [{"serverImageNo": "1", "serverImageName": "a"}], "serverImageList": [{"serverImageNo": "2"}]}}`,
	`{"getServerImageListResponse": {"ServerImageList": [{"serverImageNo": "1"}]}}`,
	`{"getServerImageListResponse": {"TOTALROWS": 3, "totalRows": 1}}`,
	`{"getServerImageListResponse": {"totalRows": "3"}}`,
	`{"getServerImageListResponse": {"returnCode": 1000, "returnMessage": "try later"}}`,
	`{"getServerImageListResponse": {"unknown": {"a": [1, 2]}, "totalRows": 0}}`,
	`{"getServerImageListResponse": {"totalRows": 0}} {}`,
	`{"getServerImageListResponse": {"totalRows": 0}}}`,
	`{"getServerImageListResponse": {"totalRows": 0}, "other": 1}`,
	`{"getServerImageListResponse": {"totalRows": 0}, "getServerImageListResponse": {"totalRows": 5}}`,
	`{"getServerImageListResponse": {"totalRows": 0,}}`,
	`{"getServerImageListResponse": {"totalRows" 0}}`,
	`{"getServerImageListResponse": {"serverImageList": [{"serverImageNo": "1"} {"serverImageNo": "2"}]}}`,
	`{"getServerImageListResponse": {"serverImageList": [{"serverImageName": "caf\xe9"}]}}`,
	`{"getServerImageListResponse": {"serverImageList": [{"order": "x"}], "totalRows": 1}}`,
	`{"getServerImageListResponse": {"serverImageList": [{"blockStorageMappingList": [{"order": "x"}]}], "totalRows": 1}}`,
	`{"getServerImageListResponse": 5}`,
	`{"getServerImageListResponse": null}`,
}

// scanSeeds are the edges of the fast decoder ([scanEnvelope]); each one
// it either takes exactly as json.Unmarshal does or hands over. env wraps
// the inside of an envelope, img one image row.
var scanSeeds = func() []string {
	env := func(inner string) string { return `{"getServerImageListResponse": {` + inner + `}}` }
	img := func(row string) string { return env(`"serverImageList": [{` + row + `}]`) }
	deep := func(n int) string { return env(`"unknown": ` + strings.Repeat("[", n) + strings.Repeat("]", n)) }
	seeds := []string{
		// escaped keys: unescaped, then matched
		env(`"serverImage\u004cist": [{"serverImage\u004eo": "1"}], "\u0074otalRows": 2`),
		env(`"TOTAL\u0052OWS": 2`), env(`"\u00e9": 1, "totalRows": 1`), env(`"tot\alRows": 1`), env(`"\u00": 1`),
		`{"getServerImageList\u0052esponse": {"totalRows": 1}}`, `{"getServerImageListRes\/ponse": {}}`,
		// keys json matches regardless of case, in ASCII and beyond
		env(`"TotalRows": 1`), img(`"serverimageno": "1"`), img(`"serverImageType": {"CODE": "SELF"}`),
		env(`"\u017fERVERIMAGELIST": [{}]`), env("\"\xc5\xbferverImageList\": [{}]"),
		img(`"bloc\u212aStorageMappingList": [{}]`), img("\"bloc\xe2\x84\xaaStorageMappingList\": [{}]"),
		env(`"\u0131d": 1`), env(`"envelopeHeader": {"totalRows": 5}`), env(`"EnvelopeHeader": 1`), env(`"": 1, "totalRows": 1`),
		// keys seen twice
		env(`"totalRows": 1, "totalRows": 2`), img(`"serverImageNo": "1", "serverImageNo": "2"`),
		img(`"serverImageName": "a", "serverImageName": null`), img(`"serverImageType": {"code": "A", "code": "B"}`),
		img(`"blockStorageMappingList": [{"order": 1}], "blockStorageMappingList": [{}, {}]`),
		env(`"unknown": 1, "unknown": [2], "totalRows": 3`), env(`"regionList": [{"regionCode": "KR", "codeName": 1, "codeName": 2}]`),
		// null: fields left as they are, lists nil, elements handed over
		img(`"serverImageNo": null, "serverImageName": null, "serverImageType": null, "blockStorageMappingList": null, "sharedLoginIdList": null`),
		img(`"blockStorageMappingList": [], "sharedLoginIdList": []`), env(`"totalRows": null, "returnCode": null`),
		img(`"blockStorageMappingList": [null]`), img(`"sharedLoginIdList": [null, "a"]`), img(`"sharedLoginIdList": ["a", null]`),
		env(`"regionList": [null]`), env(`"serverInstanceList": [{"serverInstanceStatus": null}, null]`),
		env(`"blockStorageSnapshotInstanceList": [{"isBootable": null}, {"isBootable": true}, {"isBootable": false}]`),
		env(`"blockStorageSnapshotInstanceList": [{"isBootable": "true"}]`), env(`"blockStorageSnapshotInstanceList": [{"isBootable": 1}]`),
		env(`"blockStorageSnapshotInstanceList": [{"isBootable": tru}]`), env(`"blockStorageSnapshotInstanceList": [{"isBootable": nul}]`),
		// values of the wrong kind
		img(`"serverImageName": 5`), img(`"serverImageType": "SELF"`), img(`"serverImageType": ["SELF"]`),
		img(`"sharedLoginIdList": "a"`), img(`"sharedLoginIdList": [1]`), env(`"serverImageList": [[]]`), env(`"serverImageList": [1]`),
		img(`"serverImageNo": {}`), img(`"serverImageNo": []`), img(`"serverImageNo": true`),
		// numbers
		env(`"totalRows": 1.0`), env(`"totalRows": -0`), env(`"totalRows": 1e3`), env(`"totalRows": 1E3`), env(`"totalRows": -1`),
		env(`"totalRows": 0`), env(`"totalRows": 01`), env(`"totalRows": -`), env(`"totalRows": +1`), env(`"totalRows": .5`),
		env(`"totalRows": 9223372036854775807`), env(`"totalRows": 9223372036854775808`), env(`"totalRows": -9223372036854775808`),
		env(`"totalRows": -9223372036854775809`), env(`"totalRows": 99999999999999999999`), env(`"totalRows": "3"`),
		img(`"blockStorageMappingList": [{"order": -0, "blockStorageSize": -9223372036854775808, "blockStorageSnapshotInstanceNo": 0}]`),
		img(`"blockStorageMappingList": [{"blockStorageSnapshotInstanceNo": 99999999999999999999999}]`),
		img(`"blockStorageMappingList": [{"blockStorageSnapshotInstanceNo": -1}]`), img(`"serverImageNo": 1.0`), img(`"serverImageNo": 1e3`),
		img(`"serverImageNo": 00`), img(`"serverImageNo": -0`), env(`"returnCode": 0`), env(`"returnCode": 1000`),
		// skipped values are checked
		env(`"unknown": [1,]`), env(`"unknown": {"a" 1}`), env(`"unknown": {"a": 1,}`), env(`"unknown": {,}`), env(`"unknown": [1 2]`),
		env(`"unknown": "\x"`), env(`"unknown": "\u12"`), env(`"unknown": "\u12g4"`), env(`"unknown": "\uABCD\ud800"`),
		env(`"unknown": 01`), env(`"unknown": 1.`), env(`"unknown": 1.e3`), env(`"unknown": 1e`), env(`"unknown": 1e+`),
		env(`"unknown": -0.0e-0`), env(`"unknown": tru`), env(`"unknown": nul`), env(`"unknown": falsey`), env(`"unknown": NaN`),
		env(`"unknown": 'x'`), env(`"unknown": [}`), env(`"unknown": {]`), env(`"unknown": {"a": [{"b": null}, true, false, -1.5E+10]}`),
		env("\"unknown\": \"a\tb\""), env("\"unknown\": \"a\x00\""), env("\"unknown\": \"a\x7f\xff\""), env(`"unknown": `),
		env(`"unknown": {"a": 1`), env(`"unknown": "`), env(`"unknown": [`), env(`"unknown": 1`),
		// nesting (around encoding/json's limit of 10000: TestScanDepthLimit)
		deep(1), deep(300),
		// strings: escapes, invalid UTF-8, control characters
		img(`"serverImageName": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\ud800x\udc00"`),
		img("\"serverImageName\": \"caf\xc3\xa9 \xed\x95\x9c\xea\xb8\x80\""), img("\"serverImageName\": \"caf\xc3\""),
		img("\"serverImageName\": \"\xed\xa0\x80\""), img("\"serverImageName\": \"\xf4\x90\x80\x80\""),
		img("\"serverImageType\": {\"code\": \"\xff\"}"), img("\"serverImageType\": {\"code\": \"S\\u0045LF\"}"),
		img("\"serverImageName\": \"a\x01\""), img("\"serverImageName\": \"a\nb\""), img("\"server\x00ImageName\": \"a\""),
		img("\"\xffserverImageName\": \"a\""), img("\"serverImageName\": \"a\x7f\""), img(`"serverImageName": "\u0000"`),
		// around the envelope
		env(`"totalRows": 1`) + " x", env(`"totalRows": 1`) + "\x00", env(`"totalRows": 1`) + "\v", env(`"totalRows": 1`) + "\f",
		env(`"totalRows": 1`) + " \t\r\n", env(`"totalRows": 1`) + "\u00a0", " \t\r\n" + env(`"totalRows": 1`),
		"\ufeff" + env(`"totalRows": 1`), env(`"totalRows": 1`) + "}", env(`"totalRows": 1`) + "]", env(`"totalRows": 1`) + `{}`,
		`{"getServerImageListResponse": {}}`, `{"getServerImageListResponse": []}`, `{"getServerImageListResponse": "x"}`,
		`{"getServerImageListResponse" {}}`, `{"getServerImageListResponse": {}`, `{"getServerImageListResponse": {}, }`,
		`{"getserverimagelistresponse": {}}`, `{"other": {}}`, `{}`, `{"getServerImageListResponse": {"totalRows": 1}, "getServerImageListResponse": null}`,
	}
	return append(seeds, streamSeeds...)
}()

// FuzzStreamMatchesWhole: for any body, the fast decoding gives the same
// value and the same error as decoding the body whole.
func FuzzStreamMatchesWhole(f *testing.F) {
	for _, seed := range scanSeeds {
		f.Add(seed)
	}
	for action, body := range emulatorAnswers(f, 2) {
		f.Add(strings.Replace(string(body), action+"Response", "getServerImageListResponse", 1))
	}
	f.Fuzz(matchesWhole)
}

// matchesWhole fails t unless decodeEnvelope gives for body the value and
// the error of decodeEnvelopeWhole.
func matchesWhole(t *testing.T, body string) {
	t.Helper()
	var fast, whole listResponse
	errFast := decodeEnvelope("getServerImageList", 200, []byte(body), &fast)
	errWhole := decodeEnvelopeWhole("getServerImageList", 200, []byte(body), &whole)
	if fmt.Sprint(errFast) != fmt.Sprint(errWhole) {
		t.Fatalf("error fast: %v\nwhole: %v", errFast, errWhole)
	}
	if errWhole == nil || errors.As(errWhole, new(*APIError)) {
		if diff := cmp.Diff(whole, fast, cmp.AllowUnexported(listResponse{})); diff != "" {
			t.Fatalf("decoded (-whole +fast):\n%s", diff)
		}
	}
}

// Every list answer decodes on the fast path, with or without a
// trailing newline.
func TestScanEnvelopeTakesListAnswers(t *testing.T) {
	for _, body := range []string{prettyImageList, prettyImageList + "\n", compact(prettyImageList)} {
		var r listResponse
		if !scanEnvelope("getServerImageList", []byte(body), &r) {
			t.Errorf("not scanned: %.40q", body)
		}
		if len(r.ServerImageList) != 1 || r.TotalRows != 1 || !strings.HasPrefix(r.RequestID, "5b1a") {
			t.Errorf("decoded %+v", r)
		}
	}
}
