package ncloud

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrNoCredentials is wrapped by the error of [LoadCredentials] when no
// complete key pair was found, and by [New] when none was given.
var ErrNoCredentials = errors.New("no NCP API credentials found")

// Credentials is an NCP API key pair. Its printed forms (String, GoString
// and every fmt verb) show the secret key as "****".
type Credentials struct {
	AccessKey string
	SecretKey string
}

// String prints the access key and a masked secret key.
func (c Credentials) String() string {
	return fmt.Sprintf("{AccessKey:%s SecretKey:%s}", c.AccessKey, mask(c.SecretKey))
}

// GoString prints the credentials as Go syntax with a masked secret key.
func (c Credentials) GoString() string {
	return fmt.Sprintf("ncloud.Credentials{AccessKey:%q, SecretKey:%q}", c.AccessKey, mask(c.SecretKey))
}

// Format makes every fmt verb print the masked forms.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, c.GoString())
		return
	}
	fmt.Fprint(f, c.String())
}

func mask(secret string) string {
	if secret == "" {
		return ""
	}
	return "****"
}

// Environment variables read by [LoadCredentials], in order of precedence
// (the NCP SDK's names first, Terraform's second).
var (
	accessKeyVars = []string{"NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY"}
	secretKeyVars = []string{"NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_SECRET_KEY"}
)

// LoadCredentials finds credentials the way the NCP Go SDK does: first the
// environment (NCLOUD_ACCESS_KEY_ID or NCLOUD_ACCESS_KEY, and
// NCLOUD_SECRET_ACCESS_KEY or NCLOUD_SECRET_KEY; both keys must come from
// there), then the file home/.ncloud/configure ("key = value" lines,
// ncloud_access_key_id and ncloud_secret_access_key, section headers
// ignored, the last line of a key wins). getenv is usually os.Getenv and
// home the user's home directory ("" skips the file).
//
// When nothing complete is found, the error wraps [ErrNoCredentials] and
// says what was found missing in every place looked. It never contains a
// key's value.
func LoadCredentials(getenv func(string) string, home string) (Credentials, error) {
	c, envWhy := credentialsFromEnv(getenv)
	if envWhy == "" {
		return c, nil
	}
	if home == "" {
		return Credentials{}, fmt.Errorf("%w: environment: %s; config file: home directory unknown", ErrNoCredentials, envWhy)
	}
	path := filepath.Join(home, ".ncloud", "configure")
	c, fileWhy := credentialsFromFile(path)
	if fileWhy == "" {
		return c, nil
	}
	return Credentials{}, fmt.Errorf("%w: environment: %s; %s: %s", ErrNoCredentials, envWhy, path, fileWhy)
}

// credentialsFromEnv returns the key pair, or why it is incomplete.
func credentialsFromEnv(getenv func(string) string) (Credentials, string) {
	c := Credentials{AccessKey: firstEnv(getenv, accessKeyVars), SecretKey: firstEnv(getenv, secretKeyVars)}
	var missing []string
	if c.AccessKey == "" {
		missing = append(missing, strings.Join(accessKeyVars, " or ")+" not set")
	}
	if c.SecretKey == "" {
		missing = append(missing, strings.Join(secretKeyVars, " or ")+" not set")
	}
	return c, strings.Join(missing, ", ")
}

func firstEnv(getenv func(string) string, names []string) string {
	for _, n := range names {
		if v := strings.TrimSpace(getenv(n)); v != "" {
			return v
		}
	}
	return ""
}

// credentialsFromFile reads an ncloud CLI configure file, or says why it
// gave no complete key pair. Read errors are reported without contents.
func credentialsFromFile(path string) (Credentials, string) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Credentials{}, "no such file"
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return Credentials{}, "cannot read: " + pe.Err.Error()
		}
		return Credentials{}, "cannot read"
	}
	c := parseConfigure(data)
	var missing []string
	if c.AccessKey == "" {
		missing = append(missing, "no ncloud_access_key_id")
	}
	if c.SecretKey == "" {
		missing = append(missing, "no ncloud_secret_access_key")
	}
	return c, strings.Join(missing, ", ")
}

// parseConfigure follows the SDK: every "key = value" line counts, section
// headers are ignored and the last line of a key wins. Unlike the SDK, a
// value may itself contain "=".
func parseConfigure(data []byte) Credentials {
	var c Credentials
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "ncloud_access_key_id":
			c.AccessKey = strings.TrimSpace(value)
		case "ncloud_secret_access_key":
			c.SecretKey = strings.TrimSpace(value)
		}
	}
	return c
}
