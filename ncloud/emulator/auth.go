package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"time"
)

// Header names of the API Gateway signature. The official Go SDK sends
// the v2 algorithm under the -v1 name for vserver, so both are accepted.
const (
	hdrTimestamp = "x-ncp-apigw-timestamp"
	hdrAccessKey = "x-ncp-iam-access-key"
	hdrSigV2     = "x-ncp-apigw-signature-v2"
	hdrSigV1     = "x-ncp-apigw-signature-v1"
)

// maxSkew is the gateway's tolerance between the request timestamp and
// its own clock; a difference of maxSkew or more is rejected.
const maxSkew = 5 * time.Minute

// authenticate checks the signature headers of r and returns "" when the
// request is genuine, else the details text of the 401 body.
func (e *Emulator) authenticate(r *http.Request) string {
	ts := r.Header.Get(hdrTimestamp)
	key := r.Header.Get(hdrAccessKey)
	sig := r.Header.Get(hdrSigV2)
	if sig == "" {
		sig = r.Header.Get(hdrSigV1)
	}
	if ts == "" || key == "" || sig == "" {
		return "Required authentication headers are missing."
	}
	ms, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "Invalid timestamp."
	}
	if skew := e.now().Sub(time.UnixMilli(ms)); skew >= maxSkew || skew <= -maxSkew {
		return "Timestamp is out of the allowed range."
	}
	e.mu.Lock()
	secret, ok := e.accounts[key]
	e.mu.Unlock()
	if !ok {
		return "Invalid access key."
	}
	want := signature(secret, r.Method, requestURI(r), ts, key)
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return "Signature does not match."
	}
	return ""
}

// requestURI is the path and query exactly as the client sent them, which
// is what the client signed.
func requestURI(r *http.Request) string {
	if r.RequestURI != "" {
		return r.RequestURI
	}
	return r.URL.RequestURI()
}

// signature computes the API Gateway signature:
// base64(HMAC-SHA256(secret, METHOD + " " + URI + "\n" + timestamp + "\n" + accessKey)).
func signature(secret, method, uri, ts, accessKey string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(method + " " + uri + "\n" + ts + "\n" + accessKey))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
