package ncloud

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// Sign returns the NCP API Gateway signature of one request:
// base64(HMAC-SHA256(secretKey, method+" "+uri+"\n"+timestamp+"\n"+accessKey)).
// uri is the path and query exactly as sent (the client sends no query,
// so it signs the path alone); timestamp is Unix milliseconds in decimal,
// the same string sent as x-ncp-apigw-timestamp.
func Sign(method, uri, timestamp, accessKey, secretKey string) string {
	m := hmac.New(sha256.New, []byte(secretKey))
	m.Write([]byte(method + " " + uri + "\n" + timestamp + "\n" + accessKey))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
