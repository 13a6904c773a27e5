package country

import (
	"cmp"
	"embed"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/vigilhq/vigil/internal/names"
)

//go:embed adjectives/*.txt
var adjectivesFS embed.FS

type adjectiveStem struct{ stem, code string }

var (
	adjOnce   sync.Once
	adjStems  []adjectiveStem // longest first
	adjArabic map[string]string
)

func loadAdjectives() {
	paths, _ := fs.Glob(adjectivesFS, "adjectives/*.txt")
	for _, p := range paths {
		b, err := adjectivesFS.ReadFile(p)
		if err != nil {
			panic(err) // embedded
		}
		for _, n := range ParseNameFile("", string(b)) {
			adjStems = append(adjStems, adjectiveStem{strings.ToLower(n.Name), n.Code})
		}
	}
	slices.SortStableFunc(adjStems, func(a, b adjectiveStem) int { return cmp.Compare(len(b.stem), len(a.stem)) })
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
	if c, ok := tbl.demonyms[Normalize(word)]; ok {
		return c, true
	}
	adjOnce.Do(loadAdjectives)
	lower := strings.ToLower(word)
	for _, a := range adjStems {
		if strings.HasPrefix(lower, a.stem) && len([]rune(lower))-len([]rune(a.stem)) <= 4 {
			return a.code, true
		}
	}
	if c, ok := adjArabic[foldJoined(word)]; ok && word != "" && strings.IndexFunc(word, func(r rune) bool { return r >= 0x600 && r <= 0x6FF }) >= 0 {
		return c, true
	}
	return "", false
}
