package country

import (
	"cmp"
	"embed"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/vigilhq/vigil/internal/names"
)

//go:embed adjectives/*.txt
var adjectivesFS embed.FS

type adjectiveStem struct{ stem, code string }

var (
	adjOnce   sync.Once
	adjStems  map[string][]adjectiveStem // by their first three letters, longest first
	adjArabic map[string]string
)

// stemHead is the first three letters of a lower-case word, the key of
// adjStems.
func stemHead(s string) string {
	n := 0
	for i := range s {
		if n == 3 {
			return s[:i]
		}
		n++
	}
	return s
}

func loadAdjectives() {
	adjStems = map[string][]adjectiveStem{}
	paths, _ := fs.Glob(adjectivesFS, "adjectives/*.txt")
	for _, p := range paths {
		b, err := adjectivesFS.ReadFile(p)
		if err != nil {
			panic(err) // embedded
		}
		for _, n := range ParseNameFile("", string(b)) {
			stem := strings.ToLower(n.Name)
			adjStems[stemHead(stem)] = append(adjStems[stemHead(stem)], adjectiveStem{stem, n.Code})
		}
	}
	for _, list := range adjStems {
		slices.SortStableFunc(list, func(a, b adjectiveStem) int { return cmp.Compare(len(b.stem), len(a.stem)) })
	}
	// Arabic forms its adjectives (nisba) from the names: لبنان →
	// اللبناني, اللبنانية; سوريا → السوري; العراق → العراقي.
	adjArabic = map[string]string{}
	for _, n := range LocalNames() {
		if n.Lang != "ar" || strings.Contains(n.Name, " ") {
			continue
		}
		stem := strings.TrimPrefix(n.Name, "ال")
		for _, end := range []string{"يا", "ا", "ة"} {
			if s, ok := strings.CutSuffix(stem, end); ok && len([]rune(s)) >= 2 {
				stem = s
				break
			}
		}
		for _, form := range []string{"ال" + stem + "ي", "ال" + stem + "ية"} {
			if _, ok := adjArabic[foldJoined(form)]; !ok {
				adjArabic[foldJoined(form)] = n.Code
			}
		}
	}
}

func foldJoined(s string) string { return strings.ReplaceAll(names.Fold(s), " ", "") }

// Adjective maps a word that is the adjective of a country, in English
// ("Eritrean"), in the other languages' adjective stems (adjectives/
// <lang>.txt: российскую, iranienne, iraní) or in Arabic (الإيرانية), to
// the country's code.
func Adjective(word string) (string, bool) {
	once.Do(load)
	adjOnce.Do(loadAdjectives)
	lower := strings.ToLower(word)
	if isASCIILetters(lower) {
		if c, ok := tbl.demonyms[lower]; ok {
			return c, true // English demonyms are plain ASCII
		}
	}
	for _, a := range adjStems[stemHead(lower)] {
		if strings.HasPrefix(lower, a.stem) && utf8.RuneCountInString(lower)-utf8.RuneCountInString(a.stem) <= 4 {
			return a.code, true
		}
	}
	if strings.HasPrefix(word, "ال") {
		if c, ok := adjArabic[foldJoined(word)]; ok {
			return c, true
		}
	}
	return "", false
}

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && c != ' ' && c != '-' {
			return false
		}
	}
	return s != ""
}
