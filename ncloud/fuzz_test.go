package ncloud

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Untrusted answers never panic, and an error from them never carries
// more than the message cap allows.
func FuzzDecodeAnswer(f *testing.F) {
	for _, seed := range []string{prettyImageList, compact(prettyImageList), throttled, tryLater, badParam, "{", "", "null", `{"error": null}`,
		`{"getServerImageListResponse": {"serverImageList": [{"blockStorageMappingList": [{"blockStorageSnapshotInstanceNo": 1e3}]}]}}`} {
		f.Add(200, seed)
		f.Add(400, seed)
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		var r listResponse
		err := decodeEnvelope("getServerImageList", status, []byte(body), &r)
		if err == nil {
			_, _ = images("getServerImageList", r.ServerImageList, "")
		}
		ae := parseError("getServerImageList", status, []byte(body))
		checkAPIError(t, ae)
		_ = ae.retryable()
	})
}

// checkAPIError holds an error answer to what the renderers rely on: one
// line of valid UTF-8 per field, within the cap of clean.
func checkAPIError(t *testing.T, ae *APIError) {
	t.Helper()
	for name, s := range map[string]string{"message": ae.Message, "details": ae.Details, "code": ae.Code} {
		if name != "code" && (len(s) > 303 || strings.ContainsAny(s, "\n\r")) {
			t.Errorf("%s not cleaned: %q", name, s)
		}
		if !utf8.ValidString(s) && name != "code" {
			t.Errorf("%s not valid UTF-8: %q", name, s)
		}
	}
	_ = ae.Error()
}

// listActions are the actions whose envelopes the client reads, with the
// conversion each one's rows go through.
var listActions = []struct {
	action string
	rows   func(r *listResponse) error
}{
	{"getRegionList", func(r *listResponse) error {
		for _, w := range r.RegionList {
			_ = w.region()
		}
		return nil
	}},
	{"getServerInstanceList", func(r *listResponse) error {
		for _, w := range r.ServerInstanceList {
			_ = w.server("KR")
		}
		return nil
	}},
	{"getBlockStorageSnapshotInstanceList", func(r *listResponse) error {
		for _, w := range r.BlockStorageSnapshotInstanceList {
			_ = w.snapshot()
		}
		return nil
	}},
	{"getServerImageList", func(r *listResponse) error {
		_, err := images("getServerImageList", r.ServerImageList, "")
		return err
	}},
	{"createServerImage", func(r *listResponse) error {
		_, err := images("createServerImage", r.ServerImageList, "")
		return err
	}},
}

// Every envelope the client reads, decoded into the response type and
// converted to rows, gives a value or an error, never a panic: numbers as
// strings or numbers, huge numbers, deep nesting, wrong types, truncated
// bodies. A success that decodes leaves a returnCode of "" or "0".
func FuzzDecodeEnvelope(f *testing.F) {
	for _, seed := range envelopeSeeds {
		for i := range listActions {
			f.Add(uint8(i), seed)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		a := listActions[int(which)%len(listActions)]
		body = strings.ReplaceAll(body, "ACTION", a.action)
		var r listResponse
		err := decodeEnvelope(a.action, 200, []byte(body), &r)
		var ae *APIError
		switch {
		case errors.As(err, &ae):
			checkAPIError(t, ae)
		case err == nil:
			if r.ReturnCode != "" && r.ReturnCode != "0" {
				t.Errorf("returnCode %q decoded as a success", r.ReturnCode)
			}
			_ = a.rows(&r)
		}
	})
}

// envelopeSeeds are the shapes worth starting from; ACTION is replaced by
// the action under test. They are also in testdata/fuzz, so CI runs them.
var envelopeSeeds = []string{
	`{"ACTIONResponse": {"returnCode": "0", "totalRows": 1, "serverImageList": [{"serverImageNo": "5000001", "serverImageName": "a", "createDate": "2026-11-02T10:00:00+0900", "blockStorageMappingList": [{"order": 0, "blockStorageSnapshotInstanceNo": 3001001, "blockStorageSize": 10737418240}]}]}}`,
	`{"ACTIONResponse": {"returnCode": 0, "totalRows": "1", "regionList": [{"regionCode": "KR"}]}}`,
	`{"ACTIONResponse": {"returnCode": "0", "serverInstanceList": [{"serverInstanceNo": 1001001, "serverInstanceStatus": {"code": "RUN"}}]}}`,
	`{"ACTIONResponse": {"returnCode": "0", "blockStorageSnapshotInstanceList": [{"blockStorageSnapshotInstanceNo": "3001001", "blockStorageSnapshotVolumeSize": 99999999999999999999999, "isBootable": "true"}]}}`,
	`{"ACTIONResponse": {"returnCode": "0", "serverImageList": [{"serverImageNo": 1e400, "blockStorageMappingList": [{"order": 1.5}]}]}}`,
	`{"ACTIONResponse": {"returnCode": "0", "serverImageList": [{"serverImageNo": -1, "createDate": "yesterday"}]}}`,
	`{"ACTIONResponse": {"returnCode": "0", "serverImageList": {"serverImageNo": "1"}}}`,
	`{"ACTIONResponse": {"returnCode": "0", "serverImageList": [null, 1, "x", [], {}]}}`,
	`{"ACTIONResponse": {"returnCode": "3400001", "returnMessage": "dup\nlicate"}}`,
	`{"ACTIONResponse": null}`,
	`{"ACTIONResponse": {}, "other": 1}`,
	`{"ACTIONResponse": {"returnCode": "0", "serverImageList": [{"serverImageNo": "5000001"`,
	`{"responseError": {"returnCode": 1000, "returnMessage": "Please try your call again later."}}`,
	`{"error": {"errorCode": "410", "message": "Throttle Limited", "details": [1, 2]}}`,
	`{"ACTIONResponse": {"returnCode": "0", "serverImageList": [{"blockStorageMappingList": ` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `}]}}`,
	strings.Repeat(`{"a":`, 300) + "1" + strings.Repeat("}", 300),
	"[]", `"ACTIONResponse"`, "\xef\xbb\xbf{}", "",
}

// A flexString decodes from a JSON string, a run of digits or null, and
// refuses every other token, without panicking; what it keeps is the
// string or the digits exactly.
func FuzzFlexString(f *testing.F) {
	for _, seed := range []string{`"123"`, `123`, `null`, `-1`, `1e3`, `1.0`, `true`, `{}`, `[]`, `"`, `"\u0000"`, `99999999999999999999999999`, `""`, `0x10`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		var s flexString
		err := s.UnmarshalJSON([]byte(tok))
		if err != nil {
			return
		}
		switch {
		case tok == "null":
			if s != "" {
				t.Errorf("null decoded as %q", s)
			}
		case isDigits([]byte(tok)):
			if string(s) != tok {
				t.Errorf("digits %q decoded as %q", tok, s)
			}
		default:
			var want string
			if json.Unmarshal([]byte(tok), &want) != nil || string(s) != want {
				t.Errorf("%q decoded as %q, want the string %q", tok, s, want)
			}
		}
	})
}

// A Retry-After header, whatever it says, is a wait between 0 and
// maxRetryAfter: never negative (an overflowing number of seconds), never
// longer (a hold far in the future would stall every call of the run).
func FuzzRetryAfter(f *testing.F) {
	for _, seed := range []string{"3", "-3", "0", "", "later", "9223372037", "18446744074", "99999999999999999999", "1e3", " 7 ",
		"Mon, 02 Nov 2026 10:00:30 GMT", "Mon, 02 Nov 2126 10:00:30 GMT", "Mon, 02 Nov 1926 10:00:30 GMT"} {
		f.Add(seed)
	}
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		h := http.Header{}
		h.Set("Retry-After", v)
		if d := retryAfter(h, now); d < 0 || d > maxRetryAfter {
			t.Errorf("Retry-After %q: wait %v, want 0..%v", v, d, maxRetryAfter)
		}
	})
}

// The whole client against an endpoint that answers anything (status
// 100 + the fuzzed number mod 500): each call
// returns a value or an error (never both missing, never a panic), ends
// after a bounded number of attempts, and no error text carries the
// secret key, even when the answer repeats it.
func FuzzClientAnswer(f *testing.F) {
	for _, seed := range envelopeSeeds {
		f.Add(uint16(100), "", seed)
	}
	for _, seed := range []string{throttled, tryLater, badParam, `{"error": {"errorCode": "200", "message": "` + testSecret + `"}}`} {
		f.Add(uint16(329), "1", seed)
		f.Add(uint16(400), "", seed)
		f.Add(uint16(300), "", seed)
	}
	f.Add(uint16(100), "", `{"ACTIONResponse": {"returnCode": "0"}, "`+testSecret+`": 1}`)
	f.Add(uint16(100), "", `{"ACTIONResponse": {"returnCode": "0", "serverImageList": [{"serverImageNo": "`+testSecret+`x"}]}}`)
	f.Add(uint16(329), "9223372037", throttled)
	f.Fuzz(func(t *testing.T, status uint16, retry, body string) {
		calls := 0
		c := fuzzClient(t, func(action string) *http.Response {
			calls++
			h := http.Header{}
			if retry != "" {
				h.Set("Retry-After", retry)
			}
			b := strings.ReplaceAll(body, "ACTION", action)
			return &http.Response{StatusCode: 100 + int(status)%500, Header: h, Body: io.NopCloser(strings.NewReader(b))}
		})
		ctx := context.Background()
		check := func(name string, ok bool, err error) {
			if (err == nil) != ok {
				t.Errorf("%s: value present %v, error %v", name, ok, err)
			}
			if err != nil && strings.Contains(err.Error(), testSecret) {
				t.Errorf("%s: the secret key is in the error: %v", name, err)
			}
		}
		regions, err := c.GetRegionList(ctx)
		check("getRegionList", regions != nil, err)
		servers, err := c.GetServerInstanceList(ctx, "KR", ServerFilter{})
		check("getServerInstanceList", servers != nil, err)
		snaps, err := c.GetBlockStorageSnapshotInstanceList(ctx, "KR", SnapshotFilter{})
		check("getBlockStorageSnapshotInstanceList", snaps != nil, err)
		imgs, err := c.GetServerImageList(ctx, "KR", ImageFilter{})
		check("getServerImageList", imgs != nil, err)
		img, err := c.CreateServerImage(ctx, CreateImageInput{Region: "KR", ServerInstanceNo: "1", Name: "fuzz"})
		check("createServerImage", img != nil, err)
		check("deleteServerImage", true, nilIfAnswered(c.DeleteServerImage(ctx, "KR", []string{"1"})))
		if calls > 200 {
			t.Errorf("%d requests for six calls", calls)
		}
	})
}

// nilIfAnswered keeps a delete's error only for the secret check: a
// delete has no value, so either outcome is fine.
func nilIfAnswered(err error) error {
	if err != nil && strings.Contains(err.Error(), testSecret) {
		return err
	}
	return nil
}

// roundTrip answers a request with a response made from its action.
type roundTrip func(action string) *http.Response

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return f(r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]), nil
}

// fuzzClient is a client whose answers come from answer, with no rate
// limit, no sleeping and the largest jitter (so the retry budget runs out
// in few attempts).
func fuzzClient(t *testing.T, answer roundTrip) *Client {
	c, err := New(WithEndpoint("http://127.0.0.1:1"), WithCredentials(Credentials{AccessKey: testAccess, SecretKey: testSecret}),
		WithLimiter(instantLimiter()), withHTTPClient(&http.Client{Transport: answer}))
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	c.jitter = func(max time.Duration) time.Duration { return max }
	return c
}
