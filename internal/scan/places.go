package scan

import (
	"strings"

	"github.com/vigilhq/vigil/internal/places"
)

// placeSpan is a place found at words[a:b].
type placeSpan struct {
	a, b  int
	place places.Place
}

func (s *Scanner) findPlaces(words []word, inSpan []bool, articleCountries map[string]bool) []placeSpan {
	var out []placeSpan
	maxN := max(s.gaz.MaxWords(), 1)
	var key strings.Builder
	for i := 0; i < len(words); i++ {
		first := words[i]
		if inSpan[i] || first.latin && !first.cap {
			continue
		}
		// the longest name starting here wins
		best, bestN := []places.Place(nil), 0
		key.Reset()
		letters := 0
		longest := maxN
		if !s.gaz.Starts(first.lower) {
			longest = 1
		}
		for n := 1; n <= longest && i+n <= len(words); n++ {
			w := words[i+n-1]
			if w.sentence != first.sentence || inSpan[i+n-1] {
				break
			}
			if n > 1 {
				key.WriteByte(' ')
			}
			if strings.IndexByte(w.lower, '-') >= 0 {
				key.WriteString(strings.ReplaceAll(w.lower, "-", " ")) // Guinea-Bissau, as the gazetteer folds it
			} else {
				key.WriteString(w.lower)
			}
			letters += len(w.lower)
			if letters <= 3 && !first.allCaps {
				continue // "us" is a pronoun; "US" is a country
			}
			if cands := s.gaz.Lookup(key.String()); len(cands) > 0 {
				best, bestN = cands, n
			}
		}
		if bestN == 0 {
			continue
		}
		p := best[0]
		if p.Kind != places.KindCountry {
			for _, c := range best {
				if articleCountries[c.Country] {
					p = c
					break
				}
			}
		}
		out = append(out, placeSpan{i, i + bestN, p})
		i += bestN - 1
	}
	return out
}
