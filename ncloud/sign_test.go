package ncloud

import "testing"

// The known-answer vectors of ncp-api.md §12, computed with openssl.
func TestSignVectors(t *testing.T) {
	tests := []struct {
		name, method, uri, ts, access, secret, want string
	}{
		{
			name: "create path only", method: "POST", uri: "/vserver/v2/createServerImage", ts: "1700000000000",
			access: "AKIAEXAMPLEACCESSKEY", secret: "SECRETEXAMPLEKEY0123456789abcdef",
			want: "3xkMFxxxIun1i8PfqGF3k2OCE2KiWi+YSHMy9cKc32I=",
		},
		{
			name: "list with query", method: "GET", ts: "1764230400123",
			uri:    "/vserver/v2/getServerImageList?regionCode=KR&responseFormatType=json&serverImageTypeCodeList.1=SELF",
			access: "ncp_iam_BPAMKR0000000000", secret: "ncp_iam_BPKMKR0000000000secretsecret",
			want: "gYuCkPpvfRJU0tQXBByvbq3K9+HMQx0Jh0QedkIURvo=",
		},
		{
			name: "regions", method: "GET", uri: "/vserver/v2/getRegionList?responseFormatType=json", ts: "1505290625682",
			access: "KEY", secret: "SECRET", want: "y3eWBJvVG1Imi9XQu3RClQ6DxcMIv0MuSHbnnIIguHc=",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sign(tt.method, tt.uri, tt.ts, tt.access, tt.secret); got != tt.want {
				t.Errorf("Sign = %s, want %s", got, tt.want)
			}
		})
	}
}
