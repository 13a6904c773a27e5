package scan

import (
	"strings"
	"testing"
)

func TestSegments(t *testing.T) {
	text := "Gen. Sülëimani flew to Moscow. Moscow"
	res := &Result{
		Subjects: []SubjectReport{{ID: "un:IRi.039", Mentions: []Mention{{Start: 5, End: 14}, {Start: 6, End: 9}}}},
		Places:   []PlaceMention{{Start: 23, End: 29, Country: "RU"}, {Start: 31, End: 99}},
	}
	var got []string
	for _, s := range Segments(text, res) {
		switch {
		case s.Subject != nil:
			got = append(got, "<S:"+string(s.Subject.ID)+":"+s.Text+">")
		case s.Place != nil:
			got = append(got, "<P:"+s.Place.Country+":"+s.Text+">")
		default:
			got = append(got, s.Text)
		}
	}
	// the overlapping mention and the place past the end are left out;
	// offsets count runes, not bytes
	want := "Gen. |<S:un:IRi.039:Sülëimani>| flew to |<P:RU:Moscow>|. Moscow"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("segments\n got %s\nwant %s", g, want)
	}
	if len(Segments("", &Result{})) != 0 {
		t.Error("empty text gave segments")
	}
}
