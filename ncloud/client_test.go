package ncloud

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestEndpoint(t *testing.T) {
	tests := []struct {
		name    string
		origin  string
		want    string
		wantErr string
	}{
		{name: "default", origin: "", want: "https://ncloud.apigw.ntruss.com/vserver/v2"},
		{name: "gov", origin: "https://ncloud.apigw.gov-ntruss.com", want: "https://ncloud.apigw.gov-ntruss.com/vserver/v2"},
		{name: "trailing slash", origin: "https://gw.example.com/", want: "https://gw.example.com/vserver/v2"},
		{name: "loopback v4", origin: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080/vserver/v2"},
		{name: "loopback v4 other", origin: "http://127.1.2.3:9", want: "http://127.1.2.3:9/vserver/v2"},
		{name: "loopback v6", origin: "http://[::1]:8080", want: "http://[::1]:8080/vserver/v2"},
		{name: "localhost", origin: "http://localhost:8080", want: "http://localhost:8080/vserver/v2"},
		{name: "plain http remote", origin: "http://ncloud.apigw.ntruss.com", wantErr: "plain http is only allowed to a loopback address"},
		{name: "plain http private ip", origin: "http://10.0.0.1:8080", wantErr: "plain http"},
		{name: "other scheme", origin: "ftp://127.0.0.1", wantErr: "scheme must be https"},
		{name: "no scheme", origin: "127.0.0.1:8080", wantErr: "endpoint"},
		{name: "user info", origin: "https://user:pw@gw.example.com", wantErr: "want an origin"},
		{name: "query", origin: "https://gw.example.com?x=1", wantErr: "want an origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(WithEndpoint(tt.origin), WithCredentials(Credentials{"ak", testSecret}))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Endpoint(); got != tt.want {
				t.Errorf("Endpoint() = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestNewRequiresCredentials(t *testing.T) {
	for _, cr := range []*Credentials{nil, {AccessKey: "ak"}, {SecretKey: testSecret}} {
		var opts []Option
		if cr != nil {
			opts = append(opts, WithCredentials(*cr))
		}
		_, err := New(opts...)
		if !errors.Is(err, ErrNoCredentials) {
			t.Errorf("New(%v) err = %v, want ErrNoCredentials", cr, err)
		}
		if err != nil {
			noSecret(t, "error", err.Error())
		}
	}
}

func TestClientPrintsNoSecret(t *testing.T) {
	c, err := New(WithCredentials(Credentials{"ak", testSecret}), WithRegion("KR"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Region() != "KR" {
		t.Errorf("Region() = %q", c.Region())
	}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		noSecret(t, format+" of *Client", fmt.Sprintf(format, c))
		noSecret(t, format+" of Client", fmt.Sprintf(format, *c))
	}
}
