package scan

import (
	"slices"
	"strings"
	"unicode"
)

// DetectLanguage guesses an article's language from its script and, for
// Latin text, its commonest function words. Enough to label sanctions
// news; pages usually state their language in metadata anyway.
func DetectLanguage(text string) string {
	if lang, ok := scriptLanguage(text); ok {
		return lang
	}
	return latinLanguage(func(yield func(string) bool) {
		for _, w := range strings.Fields(strings.ToLower(text)) {
			if !yield(foldWord(strings.Trim(w, ".,;:!?\"'()«»“”"))) {
				return
			}
		}
	})
}

// detectLanguage is DetectLanguage on an already tokenized text.
func detectLanguage(text string, words []word) string {
	if lang, ok := scriptLanguage(text); ok {
		return lang
	}
	return latinLanguage(func(yield func(string) bool) {
		for i, w := range words {
			if i > 400 || !yield(w.lower) {
				return
			}
		}
	})
}

// scriptLanguage names the language of a text in a non-Latin script; ok is
// false for Latin text, whose words must be read.
func scriptLanguage(text string) (string, bool) {
	if len(text) > 4000 {
		text = text[:4000]
	}
	var arabic, persian, cyrillic, latin, han, hangul, turkish int
	for _, r := range text {
		if r < 0x80 {
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
				latin++
			}
			continue
		}
		switch {
		case r == 'ı' || r == 'İ' || r == 'ğ' || r == 'Ğ' || r == 'ş' || r == 'Ş':
			turkish++
			latin++
		case r == 'پ' || r == 'چ' || r == 'ژ' || r == 'گ' || r == 'ک' || r == 'ی':
			persian++
			arabic++
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case r < 0x250 && unicode.IsLetter(r):
			latin++
		}
	}
	switch m := max(arabic, cyrillic, latin, han, hangul); {
	case m == 0:
		return "und", true
	case m == latin && turkish*50 > latin:
		// dotless ı, ğ and ş make up several letters in a hundred of
		// Turkish, and a name or two elsewhere
		return "tr", true
	case m == arabic:
		if persian*20 > arabic {
			return "fa", true
		}
		return "ar", true
	case m == cyrillic:
		return "ru", true
	case m == han:
		return "zh", true
	case m == hangul:
		return "ko", true
	}
	return "", false
}

// latinLanguage tells the Latin-script languages apart by their
// commonest function words (the [function] lists of the lexicon files),
// counting only words that belong to one language; English when none
// stands out.
func latinLanguage(words func(yield func(string) bool)) string {
	counts := map[string]int{}
	for w := range words {
		if l := functionLanguage[w]; l != "" {
			counts[l]++
		}
	}
	best, n := "en", counts["en"]
	for _, l := range functionLanguages {
		if counts[l] > n {
			best, n = l, counts[l]
		}
	}
	return best
}

// functionLanguage maps a function word to the one language it is a
// function word of; functionLanguages lists those languages in order.
var (
	functionLanguage  = map[string]string{}
	functionLanguages []string
)

// indexFunctionWords fills functionLanguage once the lexicons are loaded.
func indexFunctionWords() {
	seen := map[string]int{}
	for lang, ws := range functionWords {
		functionLanguages = append(functionLanguages, lang)
		for w := range ws {
			seen[w]++
			functionLanguage[w] = lang
		}
	}
	for w, n := range seen {
		if n > 1 {
			delete(functionLanguage, w) // "la", "de": several languages'
		}
	}
	slices.Sort(functionLanguages)
}
