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
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

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
	// Metonym: the name is an institution's standing for the city ("the
	// Kremlin"), which places someone there only after a cue.
	Metonym bool `json:"metonym,omitempty"`
}

// Gazetteer finds places by name. It is immutable once built and safe for
// concurrent use.
//
// Names are kept apart by script: a word of Arabic text is compared only
// with names written in Arabic script, a Korean word only with Hangul
// names, and so on, because folding every script to Latin letters makes
// common words of one language collide with place names of another (the
// Arabic "التي", "which", folds like a Latin town name).
type Gazetteer struct {
	// byKey: script tag + folded name (the text itself, spaces removed,
	// for Han and Hangul) → places, countries first, then most populous.
	byKey  map[string][]Place
	maxLen int // longest name in words
	// starts holds the first words, and first words after them (with
	// their script tag), of names of several words, so a reader tries
	// longer names only where one can go on.
	starts map[string]bool
	// maxRunes is the longest Han or Hangul name in characters.
	maxRunes [numScripts]int
	capitals map[string]Place // country code → its capital city
}

// Capital is the capital city of the country cc.
func (g *Gazetteer) Capital(cc string) (Place, bool) {
	p, ok := g.capitals[cc]
	return p, ok
}

// Starts reports whether a name of several words, in any script, begins
// with this folded word.
func (g *Gazetteer) Starts(word string) bool {
	for sc := range numScripts {
		if g.starts[sc.tag()+word] {
			return true
		}
	}
	return false
}

// StartsIn reports whether a name of several words written in sc begins
// with these folded words, and goes on.
func (g *Gazetteer) StartsIn(sc Script, word string) bool { return g.starts[sc.tag()+word] }

// MaxWords is the longest name in words.
func (g *Gazetteer) MaxWords() int { return g.maxLen }

// MaxRunes is the longest name written in sc, in characters (for Han and
// Hangul, which are matched inside words).
func (g *Gazetteer) MaxRunes(sc Script) int { return g.maxRunes[sc] }

// Lookup returns the places called folded (already folded with names.Fold)
// in a script written with Latin letters, Arabic or Cyrillic, or another
// script folded to Latin, most populous first.
func (g *Gazetteer) Lookup(folded string) []Place {
	var out []Place
	merged := false
	for _, sc := range []Script{ScriptLatin, ScriptArabic, ScriptCyrillic, ScriptOther} {
		ps := g.byKey[sc.tag()+folded]
		switch {
		case len(ps) == 0:
		case out == nil:
			out = ps
		default:
			if !merged {
				out = slices.Clone(out)
				merged = true
			}
			for _, p := range ps {
				if !slices.ContainsFunc(out, p.Same) {
					out = append(out, p)
				}
			}
		}
	}
	if merged {
		sortPlaces(out)
	}
	return out
}

// Find returns the places whose name written in sc is key: folded with
// names.Fold for Latin, Arabic, Cyrillic and other scripts, the text itself
// without spaces for Han and Hangul.
func (g *Gazetteer) Find(sc Script, key string) []Place { return g.byKey[sc.tag()+key] }

// Same reports whether q is the same place as p (same name, country, kind).
func (p Place) Same(q Place) bool {
	return q.Name == p.Name && q.Country == p.Country && q.Kind == p.Kind
}

func (g *Gazetteer) add(name string, p Place) {
	sc := ScriptOf(name)
	switch sc {
	case ScriptHan, ScriptHangul:
		key := strings.ReplaceAll(norm.NFC.String(name), " ", "")
		if n := utf8.RuneCountInString(key); n >= 2 {
			g.addKey(sc, key, p)
			g.maxRunes[sc] = max(g.maxRunes[sc], n)
		}
		return
	case ScriptCyrillic:
		// Russian declines place names: Москва, в Москву, в Москве.
		for _, form := range russianForms(name) {
			g.addKey(sc, names.Fold(form), p)
		}
		return
	case ScriptArabic:
		// without spaces: the article ال folds to a word of its own
		// ("al qahra"), which the text writes joined. Names of two
		// letters are words as often (كي "so that", Kyiv).
		if key := strings.ReplaceAll(names.Fold(name), " ", ""); len(key) >= 3 && utf8.RuneCountInString(name) >= 3 {
			g.addKey(sc, key, p)
		}
		return
	}
	f := foldName(name)
	if _, ok := metonyms[f]; ok && p.ID != 0 && name != p.Name {
		return // GeoNames translates some names word for word (Casablanca is also "White House"); the institutions win
	}
	g.addKey(sc, f, p)
}

// foldName is names.Fold, quicker for names in plain ASCII (most of
// GeoNames' Latin names), which fold to lower-case letters and digits
// with single spaces.
func foldName(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return names.Fold(s)
		}
	}
	b := make([]byte, 0, len(s))
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
			space = false
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b = append(b, c)
			space = false
		case c == '\'' || c == '`' || c == '"':
		default:
			if !space {
				b = append(b, ' ')
				space = true
			}
		}
	}
	return strings.TrimRight(string(b), " ")
}

func (g *Gazetteer) addKey(sc Script, f string, p Place) {
	if len(f) < 2 {
		return
	}
	k := sc.tag() + f
	if slices.ContainsFunc(g.byKey[k], p.Same) {
		return
	}
	g.byKey[k] = append(g.byKey[k], p)
	if sc == ScriptHan || sc == ScriptHangul {
		return
	}
	if n := strings.Count(f, " ") + 1; n > g.maxLen {
		g.maxLen = n
	}
	// every proper prefix in words: "democratic", "democratic republic", …
	for j := strings.IndexByte(f, ' '); j > 0; {
		g.starts[sc.tag()+f[:j]] = true
		k := strings.IndexByte(f[j+1:], ' ')
		if k < 0 {
			break
		}
		j += 1 + k
	}
}

// Builtin is the gazetteer of countries, capitals, big cities and metonyms
// compiled into Vigil.
func Builtin() *Gazetteer { return New(nil) }

// New builds a gazetteer from the built-in data plus imported cities.
func New(cities []Place) *Gazetteer {
	g := &Gazetteer{byKey: map[string][]Place{}, starts: map[string]bool{}, capitals: map[string]Place{}}
	for name, cc := range country.Names() {
		if len(name) <= 2 {
			continue // bare codes; the aliases below add the usual ones
		}
		g.add(name, Place{Name: country.Name(cc), Country: cc, Kind: KindCountry})
	}
	for _, n := range country.LocalNames() {
		g.add(n.Name, Place{Name: country.Name(n.Code), Country: n.Code, Kind: KindCountry})
	}
	// Abbreviations: the scanner accepts words of three letters or fewer
	// only when the text writes them in capitals.
	for _, alias := range []struct{ name, cc string }{{"US", "US"}, {"USA", "US"}, {"UK", "GB"}, {"UAE", "AE"}, {"DPRK", "KP"}, {"DRC", "CD"}, {"KSA", "SA"}} {
		g.add(alias.name, Place{Name: country.Name(alias.cc), Country: alias.cc, Kind: KindCountry})
	}
	for _, list := range []struct {
		rows    []string
		capital bool
	}{{capitals, true}, {bigCities, false}} {
		capital := list.capital
		for _, row := range list.rows {
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
			if _, ok := g.capitals[p.Country]; capital && !ok {
				g.capitals[p.Country] = p
			}
		}
	}
	for name, m := range metonyms {
		g.add(name, Place{Name: m.place, Country: m.cc, Kind: KindCity, Population: 1, Metonym: true})
	}
	for _, c := range cities {
		if _, ok := g.capitals[c.Country]; c.Capital && !ok {
			g.capitals[c.Country] = c
		}
		g.add(c.Name, c)
		for _, alt := range c.AltNames {
			g.add(alt, c)
		}
	}
	folded := map[string]string{}
	for k, ps := range g.byKey {
		if len(ps) < 2 {
			continue
		}
		if k[:1] != ScriptLatin.tag() {
			sortPlaces(ps)
			continue
		}
		primary := func(p Place) bool {
			f, ok := folded[p.Name]
			if !ok {
				f = names.Fold(p.Name)
				folded[p.Name] = f
			}
			return f == k[1:]
		}
		slices.SortStableFunc(ps, func(a, b Place) int {
			if c := byKind(a, b); c != 0 {
				return c
			}
			// a place called so before one also called so (Victoria,
			// Seychelles, before Hong Kong, once "Victoria")
			if pa, pb := primary(a), primary(b); pa != pb {
				if pa {
					return -1
				}
				return 1
			}
			return cmp.Compare(b.Population, a.Population)
		})
	}
	return g
}

// sortPlaces puts countries first, then cities by population.
func sortPlaces(ps []Place) {
	slices.SortStableFunc(ps, func(a, b Place) int {
		if c := byKind(a, b); c != 0 {
			return c
		}
		return cmp.Compare(b.Population, a.Population)
	})
}

func byKind(a, b Place) int {
	switch {
	case a.Kind == b.Kind:
		return 0
	case a.Kind == KindCountry:
		return -1
	case b.Kind == KindCountry:
		return 1
	}
	return 0
}

// IsMetonym reports whether folded names an institution standing for a place.
func IsMetonym(folded string) bool {
	_, ok := metonyms[folded]
	return ok
}
