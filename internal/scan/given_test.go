package scan

import (
	"slices"
	"testing"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/screening"
)

// TestPreferGivenName: among close candidates, the one whose first name is
// the mention's first name is kept and the others are passed over; a
// candidate far below, or no candidate bearing the given name, changes
// nothing.
func TestPreferGivenName(t *testing.T) {
	match := func(id, name string, score float64, pairs ...[2]string) screening.Match {
		m := screening.Match{ID: lists.SubjectID(id), Name: name, Kind: lists.KindPerson, Score: score, Explanation: screening.Explanation{MatchedName: name}}
		for _, p := range pairs {
			m.Explanation.Pairs = append(m.Explanation.Pairs, screening.TokenPair{Query: p[0], Listed: p[1], Similarity: 1, Method: "exact"})
		}
		return m
	}
	son := match("son", "HASSAN OMAR BAKRI", 0.99, [2]string{"omar", "omar"}, [2]string{"bakri", "bakri"})
	father := match("father", "OMAR ALI BAKRI", 0.93, [2]string{"omar", "omar"}, [2]string{"bakri", "bakri"})
	farFather := match("father", "OMAR ALI BAKRI", 0.7, [2]string{"omar", "omar"}, [2]string{"bakri", "bakri"})
	tests := []struct {
		name       string
		ms         []screening.Match
		keep, pass []lists.SubjectID
	}{
		{"the father bears the given name", []screening.Match{son, father}, []lists.SubjectID{"father"}, []lists.SubjectID{"son"}},
		{"the father scores too low", []screening.Match{son, farFather}, []lists.SubjectID{"son", "father"}, nil},
		{"no one else", []screening.Match{son}, []lists.SubjectID{"son"}, nil},
		{"the best bears it already", []screening.Match{father, son}, []lists.SubjectID{"father", "son"}, nil},
	}
	ids := func(ms []screening.Match) []lists.SubjectID {
		var out []lists.SubjectID
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	for _, tt := range tests {
		keep, pass := preferGivenName("Omar Bakri", tt.ms)
		if got := ids(keep); !slices.Equal(got, tt.keep) {
			t.Errorf("%s: kept %v, want %v", tt.name, got, tt.keep)
		}
		if got := ids(pass); !slices.Equal(got, tt.pass) {
			t.Errorf("%s: passed over %v, want %v", tt.name, got, tt.pass)
		}
	}
}
