package scan

import (
	"strings"
	"unicode"
)

// DetectLanguage guesses an article's language from its script and, for
// Latin text, its commonest function words. Enough to label sanctions
// news; pages usually state their language in metadata anyway.
func DetectLanguage(text string) string {
	if len(text) > 20000 {
		text = text[:20000]
	}
	var arabic, persian, cyrillic, latin, han, hangul int
	for _, r := range text {
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
		return "und"
	case m == arabic:
		if persian*20 > arabic {
			return "fa"
		}
		return "ar"
	case m == cyrillic:
		return "ru"
	case m == han:
		return "zh"
	case m == hangul:
		return "ko"
	}
	counts := map[string]int{}
	for _, w := range strings.Fields(strings.ToLower(text)) {
		switch strings.Trim(w, ".,;:!?\"'()") {
		case "the", "and", "of", "was", "with":
			counts["en"]++
		case "le", "la", "les", "des", "et", "est", "une":
			counts["fr"]++
		case "el", "los", "las", "y", "una", "por":
			counts["es"]++
		case "der", "die", "das", "und", "ist", "nicht":
			counts["de"]++
		}
	}
	best, n := "en", 0
	for _, l := range []string{"en", "fr", "es", "de"} {
		if counts[l] > n {
			best, n = l, counts[l]
		}
	}
	return best
}
