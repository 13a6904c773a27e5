package places

import (
	"bufio"
	"embed"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/vigilhq/vigil/internal/names"
)

// Words are the words around place names that tell a place from a word
// spelled like one, in every language Vigil reads (words/<lang>.txt), and
// the news outlets whose names hold place names (words/outlets.txt).
type Words struct {
	before   map[string]bool // folded: "in", "v" (в), "fy" (في)
	article  map[string]bool // folded: "the", "la"
	head     map[string]bool // folded: "airport", "province"
	qualify  map[string]bool // folded: "east", "greater"
	capital  map[string]bool // folded: "capital", "stolitsu" (столицу)
	noun     map[string]bool // folded: "city", "madina" (مدينة)
	link     map[string]bool // folded: "of", "de"
	land     map[string]bool // folded: "border", "soil", "hudud" (الحدود)
	suffixes []suffix        // Korean particles, Turkish case endings, longest first
	hanCues  []string        // Chinese words before a place, longest first
	outlets  map[string]bool // outlet names folded, spaces and hyphens removed
}

type suffix struct {
	text     string
	locative bool // places someone there ("에서", "'da"), not just ends the name
}

//go:embed words/*.txt
var wordsFS embed.FS

var (
	wordsOnce sync.Once
	words     *Words
)

// PlaceWords returns the built-in words.
func PlaceWords() *Words {
	wordsOnce.Do(func() {
		w, err := parseWords(wordsFS)
		if err != nil {
			panic(err) // embedded files: a test reads them
		}
		words = w
	})
	return words
}

func parseWords(fsys fs.FS) (*Words, error) {
	w := &Words{before: map[string]bool{}, article: map[string]bool{}, head: map[string]bool{}, qualify: map[string]bool{},
		capital: map[string]bool{}, noun: map[string]bool{}, link: map[string]bool{}, land: map[string]bool{}, outlets: map[string]bool{}}
	paths, err := fs.Glob(fsys, "words/*.txt")
	if err != nil {
		return nil, err
	}
	for _, p := range paths {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || line[0] == '#' {
				continue
			}
			if strings.HasSuffix(p, "/outlets.txt") {
				w.outlets[joinFolded(line)] = true
				continue
			}
			kind, list, _ := strings.Cut(line, "\t")
			for _, x := range strings.Fields(list) {
				switch kind {
				case "before":
					if ScriptOf(x) == ScriptHan {
						w.hanCues = append(w.hanCues, x)
					} else {
						w.before[strings.ReplaceAll(names.Fold(x), " ", "")] = true
					}
				case "article":
					w.article[names.Fold(x)] = true
				case "head":
					w.head[names.Fold(x)] = true
				case "qualifier":
					w.qualify[names.Fold(x)] = true
				case "capital":
					w.capital[strings.ReplaceAll(names.Fold(x), " ", "")] = true
				case "territory":
					w.land[strings.ReplaceAll(names.Fold(x), " ", "")] = true
				case "link":
					w.link[names.Fold(x)] = true
				case "placenoun":
					w.noun[strings.ReplaceAll(names.Fold(x), " ", "")] = true
				case "suffix", "particle":
					w.suffixes = append(w.suffixes, suffix{x, kind == "suffix"})
				}
			}
		}
	}
	byLen := func(a, b string) int { return len(b) - len(a) }
	slices.SortFunc(w.suffixes, func(a, b suffix) int { return byLen(a.text, b.text) })
	slices.SortFunc(w.hanCues, byLen)
	return w, nil
}

// Before reports whether a folded word puts a place after it ("in", "to",
// "в", "في", "visited").
func (w *Words) Before(folded string) bool { return w.before[folded] }

// Article reports whether a folded word is an article that may stand
// between Before's word and the place ("to the UAE").
func (w *Words) Article(folded string) bool { return w.article[folded] }

// Head reports whether a folded word, written after a place name, makes
// a name of something in that place ("Beirut Airport", "Tehran Province").
func (w *Words) Head(folded string) bool { return w.head[folded] }

// Qualifier reports whether a folded word, written before a place name,
// names part of it ("East Jerusalem", "Greater Damascus").
func (w *Words) Qualifier(folded string) bool { return w.qualify[folded] }

// Capital reports whether a folded word means "capital" (a capital city).
func (w *Words) Capital(folded string) bool { return w.capital[folded] }

// PlaceNoun reports whether a folded word is a noun such as "city" or
// "province", which makes the name after it a place.
func (w *Words) PlaceNoun(folded string) bool { return w.noun[folded] }

// Territory reports whether a folded word, next to a country's adjective
// or name, stands for the country itself ("the Chadian border", "on
// Iranian soil").
func (w *Words) Territory(folded string) bool { return w.land[folded] }

// Link reports whether a folded word links a noun to the name of a place
// ("city of", "capitale de").
func (w *Words) Link(folded string) bool { return w.link[folded] }

// Suffix reads rest, what a word holds after a place name (a Korean
// particle, a Turkish case ending): ok when rest is one, locative when it
// places someone there.
func (w *Words) Suffix(rest string) (locative, ok bool) {
	for _, s := range w.suffixes {
		if rest == s.text {
			return s.locative, true
		}
	}
	return false, false
}

// HanCueBefore reports whether Chinese text ends with a word that places
// what follows ("访问", "在").
func (w *Words) HanCueBefore(text string) bool {
	for _, c := range w.hanCues {
		if strings.HasSuffix(text, c) {
			return true
		}
	}
	return false
}

// Outlet reports whether joined, words folded and written together
// without spaces or hyphens ("alarabiya" for "Al-Arabiya", "Al Arabiya"),
// names a news outlet.
func (w *Words) Outlet(joined string) bool { return w.outlets[joined] }

// OutletWords is the most words an outlet's name is written in.
const OutletWords = 5

func joinFolded(s string) string {
	return strings.NewReplacer(" ", "", "-", "").Replace(names.Fold(s))
}
