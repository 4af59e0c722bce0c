package cli

import "testing"

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		addr string
		ok   bool
	}{
		{addr: "127.0.0.1:8080", ok: true},
		{addr: "127.8.9.10:0", ok: true},
		{addr: "[::1]:8080", ok: true},
		{addr: "localhost:8080", ok: true},
		{addr: "0.0.0.0:8080"},
		{addr: ":8080"},
		{addr: "[::]:8080"},
		{addr: "10.0.0.1:8080"},
		{addr: "example.com:80"},
		{addr: "127.0.0.1"},
	}
	for _, tc := range tests {
		if err := checkLoopback(tc.addr); (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok=%v", tc.addr, err, tc.ok)
		}
	}
}
