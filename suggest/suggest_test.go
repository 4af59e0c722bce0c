package suggest

import "testing"

func TestClosest(t *testing.T) {
	tests := []struct {
		name       string
		word       string
		candidates []string
		want       string
	}{
		{name: "one edit in a date", word: "db-01-data-2026-10", candidates: []string{"web-01-root", "db-01-data-2026-11"}, want: "db-01-data-2026-11"},
		{name: "case only", word: "WEB-01", candidates: []string{"web-02", "web-01"}, want: "web-01"},
		{name: "too far", word: "web-01", candidates: []string{"db-primary"}, want: ""},
		{name: "short words need one edit", word: "sgn", candidates: []string{"KR", "JPN"}, want: ""},
		{name: "first of equals", word: "web-03", candidates: []string{"web-01", "web-02"}, want: "web-01"},
		{name: "itself is no suggestion", word: "web-01", candidates: []string{"web-01"}, want: ""},
		{name: "nothing to choose from", word: "web-01", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Closest(tt.word, tt.candidates); got != tt.want {
				t.Errorf("Closest(%q) = %q, want %q", tt.word, got, tt.want)
			}
		})
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{a: "", b: "abc", want: 3},
		{a: "kitten", b: "sitting", want: 3},
		{a: "스냅샷", b: "스냅", want: 1},
		{a: "same", b: "same", want: 0},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzDistance(f *testing.F) {
	f.Add("web-01", "web-02")
	f.Fuzz(func(t *testing.T, a, b string) {
		d := Distance(a, b)
		if d != Distance(b, a) || d > max(len([]rune(a)), len([]rune(b))) || (a == b && d != 0) {
			t.Fatalf("Distance(%q, %q) = %d, not a metric", a, b, d)
		}
	})
}
