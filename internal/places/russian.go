package places

import (
	"strings"
	"unicode"
)

// russianForms are a Russian place name in its six cases (Москва, Москвы,
// Москве, Москву, Москвой; Северная Корея, в Северной Корее), each word
// declined in step with the others. Abbreviations (США, КНДР) and words
// ending in a vowel Russian leaves undeclined (Сочи, Баку) keep one form.
func russianForms(name string) []string {
	words := strings.Fields(name)
	perWord := make([][6]string, len(words))
	for i, w := range words {
		perWord[i] = russianCases(w)
	}
	var out []string
	seen := map[string]bool{}
	for c := range 6 {
		parts := make([]string, len(words))
		for i := range words {
			parts[i] = perWord[i][c]
		}
		f := strings.Join(parts, " ")
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// russianEndings: for a word ending in the key, the endings of the
// nominative, genitive, dative, accusative, instrumental and prepositional.
var russianEndings = []struct {
	end   string
	cases [6]string
}{
	{"ия", [6]string{"ия", "ии", "ии", "ию", "ией", "ии"}},
	{"ая", [6]string{"ая", "ой", "ой", "ую", "ой", "ой"}},
	{"яя", [6]string{"яя", "ей", "ей", "юю", "ей", "ей"}},
	{"ые", [6]string{"ые", "ых", "ым", "ые", "ыми", "ых"}},
	{"ие", [6]string{"ие", "их", "им", "ие", "ими", "их"}},
	{"ое", [6]string{"ое", "ого", "ому", "ое", "ым", "ом"}},
	{"ый", [6]string{"ый", "ого", "ому", "ый", "ым", "ом"}},
	{"ий", [6]string{"ий", "его", "ему", "ий", "им", "ем"}},
	{"а", [6]string{"а", "ы", "е", "у", "ой", "е"}},
	{"я", [6]string{"я", "и", "е", "ю", "ей", "е"}},
	{"й", [6]string{"й", "я", "ю", "й", "ем", "е"}},
	{"ь", [6]string{"ь", "и", "и", "ь", "ью", "и"}},
	{"ы", [6]string{"ы", "ов", "ам", "ы", "ами", "ах"}},
	{"о", [6]string{"о", "а", "у", "о", "ом", "е"}},
}

func russianCases(w string) [6]string {
	same := [6]string{w, w, w, w, w, w}
	rs := []rune(w)
	if len(rs) < 3 || !unicode.IsLower(rs[len(rs)-1]) {
		return same // США, КНДР
	}
	// Санкт-Петербург, Нью-Йорк: the last part declines
	head := ""
	if i := strings.LastIndexByte(w, '-'); i >= 0 {
		head, w = w[:i+1], w[i+1:]
		rs = []rune(w)
		if len(rs) < 2 {
			return same
		}
	}
	last := rs[len(rs)-1]
	var stem string
	var ends [6]string
	found := false
	for _, e := range russianEndings {
		if strings.HasSuffix(w, e.end) {
			stem, ends, found = strings.TrimSuffix(w, e.end), e.cases, true
			break
		}
	}
	switch {
	case found:
	case strings.ContainsRune("еиуюэё", last):
		return same // Сочи, Баку, Токио
	case unicode.Is(unicode.Cyrillic, last):
		stem, ends = w, [6]string{"", "а", "у", "", "ом", "е"}
		if strings.ContainsRune("жшщчц", last) {
			ends[4] = "ем"
		}
	default:
		return same
	}
	if ends[1] == "ы" && stem != "" {
		// after г, к, х and the hushing consonants the genitive is -и (Дохи)
		if s := []rune(stem); strings.ContainsRune("гкхжшщч", s[len(s)-1]) {
			ends[1] = "и"
		}
	}
	var out [6]string
	for c := range 6 {
		out[c] = head + stem + ends[c]
	}
	return out
}
