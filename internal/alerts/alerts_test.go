package alerts

import "testing"

func TestSameWindow(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"2017-04-12", "2017-04-12", true},
		{"2017-04-12", "", true},
		{"2017-04-12", "2017-04", true},
		{"2017-04-12", "2017-05-10", true},
		{"2017-04-12", "2017-07-01", false},
		{"2015", "2017-04-12", false},
		{"2015", "2015-07-24", true},
		{"junk", "2015", false},
	}
	for _, tt := range tests {
		if got := SameWindow(tt.a, tt.b); got != tt.want {
			t.Errorf("SameWindow(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
	if _, err := ParseStatus("closed"); err == nil {
		t.Error("status closed accepted")
	}
}
