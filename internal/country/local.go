package country

import (
	"bufio"
	"embed"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Languages are the languages, besides English, whose country names Vigil
// reads in news: CLDR's names (through golang.org/x/text) plus the short
// forms, abbreviations and spellings news uses that CLDR lacks, kept in
// names/<lang>.txt.
var Languages = []string{"ar", "fa", "ru", "fr", "de", "es", "it", "pt", "tr", "nl", "ko", "zh"}

// LocalName is a country's name in one language.
type LocalName struct {
	Name string
	Code string // ISO alpha-2
	Lang string
}

//go:embed names/*.txt
var namesFS embed.FS

var (
	localOnce sync.Once
	local     []LocalName
)

// LocalNames lists the countries' names in Languages (Traditional Chinese
// included under "zh"), and English names beyond Names (names/en.txt), as
// written, not normalised: the gazetteer folds and inflects them.
func LocalNames() []LocalName {
	localOnce.Do(loadLocal)
	return local
}

func loadLocal() {
	once.Do(load)
	seen := map[LocalName]bool{}
	addName := func(n LocalName) {
		n.Name = strings.TrimSpace(n.Name)
		if n.Name == "" || seen[n] {
			return
		}
		seen[n] = true
		local = append(local, n)
	}
	for _, lang := range Languages {
		tags := []string{lang}
		if lang == "zh" {
			tags = append(tags, "zh-Hant")
		}
		for _, tag := range tags {
			namer := display.Regions(language.MustParse(tag))
			for _, code := range tbl.codes {
				r, err := language.ParseRegion(code)
				if err != nil {
					continue
				}
				if name := namer.Name(r); name != "" {
					addName(LocalName{Name: name, Code: code, Lang: lang})
				}
			}
		}
		for _, n := range ParseNameFile(lang, mustRead("names/"+lang+".txt")) {
			addName(n)
		}
	}
	for _, n := range ParseNameFile("en", mustRead("names/en.txt")) {
		addName(n)
	}
}

func mustRead(path string) string {
	b, err := namesFS.ReadFile(path)
	if err != nil {
		panic(err) // embedded: every language has its file
	}
	return string(b)
}

// ParseNameFile reads lines of "CC<TAB>name|name|…" ("#" starts a comment);
// lines with an unknown code are skipped.
func ParseNameFile(lang, text string) []LocalName {
	var out []LocalName
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		code, names, ok := strings.Cut(strings.TrimSpace(line), "\t")
		if !ok || !Valid(code) {
			continue
		}
		for _, n := range strings.Split(names, "|") {
			if n = strings.TrimSpace(n); n != "" {
				out = append(out, LocalName{Name: n, Code: strings.ToUpper(code), Lang: lang})
			}
		}
	}
	return out
}
