package scan

import (
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
			if !yield(strings.Trim(w, ".,;:!?\"'()")) {
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
	var arabic, persian, cyrillic, latin, han, hangul int
	for _, r := range text {
		if r < 0x80 {
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
				latin++
			}
			continue
		}
		switch {
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

// latinLanguage tells English, French, Spanish and German apart by their
// commonest function words.
func latinLanguage(words func(yield func(string) bool)) string {
	var en, fr, es, de int
	for w := range words {
		switch w {
		case "the", "and", "of", "was", "with":
			en++
		case "le", "la", "les", "des", "et", "est", "une":
			fr++
		case "el", "los", "las", "y", "una", "por":
			es++
		case "der", "die", "das", "und", "ist", "nicht":
			de++
		}
	}
	best, n := "en", en
	for _, c := range []struct {
		lang string
		n    int
	}{{"fr", fr}, {"es", es}, {"de", de}} {
		if c.n > n {
			best, n = c.lang, c.n
		}
	}
	return best
}
