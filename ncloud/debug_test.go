package ncloud

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestDebugLog(t *testing.T) {
	fake := newFake(t, script("", r429, success))
	c := newTestClient(t, fake, WithClock(func() time.Time { return time.UnixMilli(1700000000000) }))
	if err := regions(c); err != nil {
		t.Fatal(err)
	}
	log := c.log.String()
	for _, want := range []string{
		"ncloud: -> POST " + fake.srv.URL + "/vserver/v2/getRegionList attempt=1 x-ncp-iam-access-key=test-access-key x-ncp-apigw-timestamp=1700000000000 x-ncp-apigw-signature-v2=[redacted] body=responseFormatType=json\n",
		"ncloud: <- getRegionList HTTP 429 (",
		"ncloud: retry getRegionList in ",
		"after attempt 1: getRegionList: HTTP 429: errorCode 410: Throttle Limited\n",
		"attempt=2",
		"ncloud: <- getRegionList HTTP 200 (",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("debug log lacks %q:\n%s", want, log)
		}
	}
	sig := fake.requests()[0].Header.Get("x-ncp-apigw-signature-v2")
	if sig == "" || strings.Contains(log, sig) {
		t.Errorf("debug log shows the signature %q:\n%s", sig, log)
	}
}

// Every failure the client can produce, from a server that even echoes
// the secret key back: no error text and no debug line contains it.
func TestSecretNeverPrinted(t *testing.T) {
	echo := reply{status: 400, body: fmt.Sprintf(`{"responseError":{"returnCode":"1","returnMessage":"bad key %s","requestId":"%s"}}`, testSecret, testSecret)}
	echoGW := reply{status: 401, body: fmt.Sprintf(`{"error":{"errorCode":"200","message":"Authentication Failed","details":"secret %s"}}`, testSecret)}
	echo200 := reply{status: 200, body: fmt.Sprintf(`{"getRegionListResponse":{"returnCode":"9","returnMessage":"%s"}}`, testSecret)}
	plain := reply{status: 502, body: "upstream said " + testSecret}
	var all []string
	for _, replies := range [][]reply{{echo}, {echoGW}, {echo200}, {plain}, {r429}, {r503}, {drop}, {r400}, {reply{status: 200, body: "{"}}} {
		for _, call := range []func(*testClient) error{regions, createIt, deleteIt} {
			fake := newFake(t, script("", replies...))
			c := newTestClient(t, fake)
			err := call(c)
			if err == nil {
				t.Fatalf("no error for %v", replies)
			}
			all = append(all, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), c.log.String())
			var ae *APIError
			if errors.As(err, &ae) {
				all = append(all, fmt.Sprintf("%+v", *ae))
			}
		}
	}
	_, err := LoadCredentials(func(k string) string { return map[string]string{"NCLOUD_SECRET_KEY": testSecret}[k] }, t.TempDir())
	all = append(all, err.Error())
	text := strings.Join(all, "\n")
	noSecret(t, "errors and debug logs", text)
	if !regexp.MustCompile(`bad key \*\*\*\*`).MatchString(text) {
		t.Errorf("the echoed secret was not visibly redacted")
	}
}
