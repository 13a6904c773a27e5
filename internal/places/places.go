// Package places recognises places in text: countries (names and long
// forms), capitals and other cities, and metonyms such as "the Kremlin". A
// built-in gazetteer of countries and capitals works without any import;
// GeoNames cities15000, countryInfo and admin1 codes extend it (ParseCities
// and friends read those files).
package places

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/names"
)

// Kind says what a place is.
type Kind string

const (
	KindCountry Kind = "country"
	KindCity    Kind = "city"
)

// Place is a country or a city.
type Place struct {
	ID         int64  `json:"id,omitempty"` // GeoNames id, 0 for built-in places
	Name       string `json:"name"`
	Country    string `json:"country"` // ISO alpha-2
	Kind       Kind   `json:"kind"`
	Population int64  `json:"population,omitempty"`
	Region     string `json:"region,omitempty"` // first-level division
	Capital    bool   `json:"capital,omitempty"`
	// AltNames are other names (other languages and scripts).
	AltNames []string `json:"alt_names,omitempty"`
}

// Gazetteer finds places by name. It is immutable once built and safe for
// concurrent use.
type Gazetteer struct {
	byName map[string][]Place // folded name → places, most populous first
	maxLen int                // longest name in words
	// starts holds the first words of names of several words, so a reader
	// tries longer names only where one can begin.
	starts map[string]bool
}

// Starts reports whether a name of several words begins with this word.
func (g *Gazetteer) Starts(word string) bool { return g.starts[word] }

// MaxWords is the longest name in words.
func (g *Gazetteer) MaxWords() int { return g.maxLen }

// Lookup returns the places called name (already folded with names.Fold),
// most populous first.
func (g *Gazetteer) Lookup(folded string) []Place { return g.byName[folded] }

func (g *Gazetteer) add(name string, p Place) {
	g.addFolded(names.Fold(name), p)
	// Russian declines place names: Москва, в Москву, в Москве.
	if names.Script(name) == "Cyrillic" && !strings.Contains(name, " ") {
		f := names.Fold(name)
		stem := strings.TrimRight(f, "aeiouy")
		for _, end := range []string{"a", "u", "e", "y", "oy", "om", "i"} {
			if stem+end != f && len(stem) >= 3 {
				g.addFolded(stem+end, p)
			}
		}
	}
}

func (g *Gazetteer) addFolded(f string, p Place) {
	if len(f) < 2 {
		return
	}
	for _, q := range g.byName[f] {
		if q.Name == p.Name && q.Country == p.Country && q.Kind == p.Kind {
			return
		}
	}
	g.byName[f] = append(g.byName[f], p)
	if n := strings.Count(f, " ") + 1; n > g.maxLen {
		g.maxLen = n
	}
	if first, _, ok := strings.Cut(f, " "); ok {
		g.starts[first] = true
	}
}

// Builtin is the gazetteer of countries, capitals, big cities and metonyms
// compiled into Vigil.
func Builtin() *Gazetteer { return New(nil) }

// New builds a gazetteer from the built-in data plus imported cities.
func New(cities []Place) *Gazetteer {
	g := &Gazetteer{byName: map[string][]Place{}, starts: map[string]bool{}}
	for name, cc := range country.Names() {
		if len(name) <= 2 {
			continue // bare codes; the aliases below add the usual ones
		}
		g.add(name, Place{Name: country.Name(cc), Country: cc, Kind: KindCountry})
	}
	// Abbreviations: the scanner accepts words of three letters or fewer
	// only when the text writes them in capitals.
	for _, alias := range []struct{ name, cc string }{{"US", "US"}, {"USA", "US"}, {"UK", "GB"}, {"UAE", "AE"}, {"DPRK", "KP"}, {"DRC", "CD"}, {"KSA", "SA"}} {
		g.add(alias.name, Place{Name: country.Name(alias.cc), Country: alias.cc, Kind: KindCountry})
	}
	for _, list := range [][]string{capitals, bigCities} {
		capital := len(list) == len(capitals)
		for _, row := range list {
			f := strings.SplitN(row, "|", 4)
			pop, _ := strconv.ParseInt(f[2], 10, 64)
			p := Place{Name: f[0], Country: f[1], Kind: KindCity, Population: pop * 1000, Capital: capital}
			if len(f) > 3 {
				p.AltNames = strings.Split(f[3], ",")
			}
			g.add(p.Name, p)
			for _, alt := range p.AltNames {
				g.add(alt, p)
			}
		}
	}
	for name, m := range metonyms {
		g.add(name, Place{Name: m.place, Country: m.cc, Kind: KindCity, Population: 1})
	}
	for _, c := range cities {
		g.add(c.Name, c)
		for _, alt := range c.AltNames {
			g.add(alt, c)
		}
	}
	for k, ps := range g.byName {
		slices.SortStableFunc(ps, func(a, b Place) int {
			// countries first, then by population
			if a.Kind != b.Kind {
				if a.Kind == KindCountry {
					return -1
				}
				return 1
			}
			return cmp.Compare(b.Population, a.Population)
		})
		g.byName[k] = ps
	}
	return g
}

// IsMetonym reports whether folded names an institution standing for a place.
func IsMetonym(folded string) bool {
	_, ok := metonyms[folded]
	return ok
}
