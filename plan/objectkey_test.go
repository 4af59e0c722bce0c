package plan

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestObjectKeyText(t *testing.T) {
	tests := []struct {
		text string
		key  ObjectKey
	}{
		{text: "region:KR", key: RegionKey("KR")},
		{text: "image:KR/web-base", key: ImageKey("KR", "web-base")},
		{text: "server:KR/name:web-01", key: RefKey(KindServer, "KR", "web-01", "")},
		{text: "server:KR/no:1001001", key: RefKey(KindServer, "KR", "", "1001001")},
		{text: "snapshot:SGN/name:root", key: RefKey(KindSnapshot, "SGN", "root", "")},
		{text: "snapshot:KR/no:3001001", key: RefKey(KindSnapshot, "KR", "", "3001001")},
		{text: "server:KR/no:", key: RefKey(KindServer, "KR", "", "")}, // an adopted image without source
		{text: "image:/web-base", key: ImageKey("", "web-base")},       // an account that lists no region
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := tt.key.String(); got != tt.text {
				t.Errorf("String() = %q, want %q", got, tt.text)
			}
			got, err := parseObjectKey(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.key, got); diff != "" {
				t.Errorf("ParseObjectKey (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseObjectKeyRefuses(t *testing.T) {
	for _, s := range []string{"", "region", "image:KR", "server:KR/web-01", "server:KR/id:1", "volume:KR/no:1", "snapshot:KR"} {
		if k, err := parseObjectKey(s); err == nil {
			t.Errorf("ParseObjectKey(%q) = %+v, want an error", s, k)
		}
	}
}

// The JSON of an observed object carries the key as its text form.
func TestObservedObjectJSON(t *testing.T) {
	const text = `{"key":"server:KR/name:web-01","state":"absent"}`
	b, err := json.Marshal(ObservedObject{Key: RefKey(KindServer, "KR", "web-01", ""), State: "absent"})
	if err != nil || string(b) != text {
		t.Fatalf("Marshal = %s, %v; want %s", b, err, text)
	}
	var back ObservedObject
	if err := json.Unmarshal(b, &back); err != nil || back.Key != RefKey(KindServer, "KR", "web-01", "") {
		t.Errorf("Unmarshal = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"key":"volume:KR/x","state":"absent"}`), &back); err == nil {
		t.Error("Unmarshal of an unknown kind: no error")
	}
}
