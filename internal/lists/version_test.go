package lists_test

import (
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/lists"
)

func TestVersionOnPublisherDate(t *testing.T) {
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	// The UN's 2017 files are dated in New York: the evening of 3 July is
	// 4 July in UTC, and still the list of 3 July.
	vs := []lists.Version{
		{ID: 1, GeneratedAt: at("2017-06-30T19:12:08-04:00")},
		{ID: 2, GeneratedAt: at("2017-07-03T20:27:45-04:00")},
		{ID: 3, GeneratedAt: at("2024-09-26T00:00:07Z")},
	}
	tests := []struct {
		day  string
		want int64
	}{
		{"2017-06-29", 0},
		{"2017-06-30", 1},
		{"2017-07-02", 1},
		{"2017-07-03", 2},
		{"2024-09-25", 2},
		{"2024-09-26", 3},
		{"2030-01-01", 3},
	}
	for _, tt := range tests {
		d, _ := time.Parse(time.DateOnly, tt.day)
		got := lists.VersionOn(vs, d)
		if (got == nil && tt.want != 0) || (got != nil && got.ID != tt.want) {
			t.Errorf("VersionOn(%s) = %+v, want version %d", tt.day, got, tt.want)
		}
	}
	if d := vs[1].Day().Format(time.DateOnly); d != "2017-07-03" {
		t.Errorf("Day() = %s, want the publisher's 2017-07-03", d)
	}
}
