package ncloud

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadCredentials(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		file    string // contents of home/.ncloud/configure; "" = no file
		want    Credentials
		wantErr []string // substrings of the error; nil = success
	}{
		{
			name: "sdk env names",
			env:  map[string]string{"NCLOUD_ACCESS_KEY_ID": "ak1", "NCLOUD_SECRET_ACCESS_KEY": testSecret},
			want: Credentials{"ak1", testSecret},
		},
		{
			name: "terraform env names",
			env:  map[string]string{"NCLOUD_ACCESS_KEY": "ak2", "NCLOUD_SECRET_KEY": testSecret},
			want: Credentials{"ak2", testSecret},
		},
		{
			name: "sdk names win",
			env: map[string]string{"NCLOUD_ACCESS_KEY_ID": "ak1", "NCLOUD_ACCESS_KEY": "ak2",
				"NCLOUD_SECRET_ACCESS_KEY": "sk1", "NCLOUD_SECRET_KEY": "sk2"},
			want: Credentials{"ak1", "sk1"},
		},
		{
			name: "env beats file",
			env:  map[string]string{"NCLOUD_ACCESS_KEY": "env-ak", "NCLOUD_SECRET_KEY": "env-sk"},
			file: "ncloud_access_key_id = file-ak\nncloud_secret_access_key = file-sk\n",
			want: Credentials{"env-ak", "env-sk"},
		},
		{
			name: "file as ncloud configure writes it",
			file: "[DEFAULT]\nncloud_access_key_id = file-ak\nncloud_secret_access_key = file-sk\nncloud_api_url = https://ncloud.apigw.ntruss.com\n",
			want: Credentials{"file-ak", "file-sk"},
		},
		{
			name: "file last line wins and values keep =",
			file: "[DEFAULT]\nncloud_access_key_id=a\nncloud_secret_access_key=b\n[other]\nncloud_access_key_id =  c \nncloud_secret_access_key = d==\n",
			want: Credentials{"c", "d=="},
		},
		{
			name: "half env falls back to the file",
			env:  map[string]string{"NCLOUD_ACCESS_KEY": "env-ak"},
			file: "ncloud_access_key_id = file-ak\nncloud_secret_access_key = file-sk\n",
			want: Credentials{"file-ak", "file-sk"},
		},
		{
			name: "nothing anywhere",
			wantErr: []string{"no NCP API credentials found", "NCLOUD_ACCESS_KEY_ID or NCLOUD_ACCESS_KEY not set",
				"NCLOUD_SECRET_ACCESS_KEY or NCLOUD_SECRET_KEY not set", filepath.Join(".ncloud", "configure") + ": no such file"},
		},
		{
			name:    "file without secret, env without access",
			env:     map[string]string{"NCLOUD_SECRET_KEY": testSecret},
			file:    "ncloud_access_key_id = file-ak\n",
			wantErr: []string{"NCLOUD_ACCESS_KEY_ID or NCLOUD_ACCESS_KEY not set", "configure: no ncloud_secret_access_key"},
		},
		{
			name:    "file with secret only",
			file:    "ncloud_secret_access_key = " + testSecret + "\n",
			wantErr: []string{"no ncloud_access_key_id"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			if tt.file != "" {
				writeFile(t, filepath.Join(home, ".ncloud", "configure"), tt.file)
			}
			got, err := LoadCredentials(func(k string) string { return tt.env[k] }, home)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("credentials (-want +got):\n%s", diff)
				}
				return
			}
			if !errors.Is(err, ErrNoCredentials) {
				t.Fatalf("err = %v, want ErrNoCredentials", err)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			noSecret(t, "error", err.Error())
		})
	}
}

func TestLoadCredentialsNoHome(t *testing.T) {
	_, err := LoadCredentials(func(string) string { return "" }, "")
	if !errors.Is(err, ErrNoCredentials) || !strings.Contains(err.Error(), "home directory unknown") {
		t.Errorf("err = %v", err)
	}
}

func TestCredentialsPrintMasked(t *testing.T) {
	c := Credentials{AccessKey: "ak", SecretKey: testSecret}
	holder := struct{ C Credentials }{c}
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		for _, arg := range []any{c, &c, holder, &holder} {
			got := fmt.Sprintf(format, arg)
			noSecret(t, format, got)
			if !strings.Contains(got, "****") {
				t.Errorf("%s of %T = %s, want the masked secret", format, arg, got)
			}
		}
	}
	if got, want := c.String(), "{AccessKey:ak SecretKey:****}"; got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
	if got, want := c.GoString(), `ncloud.Credentials{AccessKey:"ak", SecretKey:"****"}`; got != want {
		t.Errorf("GoString() = %s, want %s", got, want)
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}
