package names

import "unicode"

// scripts are the writing systems Vigil distinguishes, in detection order.
var scripts = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Latin", unicode.Latin},
	{"Arabic", unicode.Arabic},
	{"Cyrillic", unicode.Cyrillic},
	{"Greek", unicode.Greek},
	{"Hebrew", unicode.Hebrew},
	{"Armenian", unicode.Armenian},
	{"Georgian", unicode.Georgian},
	{"Han", unicode.Han},
	{"Hangul", unicode.Hangul},
	{"Hiragana", unicode.Hiragana},
	{"Katakana", unicode.Katakana},
	{"Thai", unicode.Thai},
	{"Devanagari", unicode.Devanagari},
}

// Script names the dominant script of s ("Latin", "Arabic", …), counting
// letters only; "" when s has no letters.
func Script(s string) string {
	counts := make([]int, len(scripts))
	other := 0
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		found := false
		if r < 0x80 {
			counts[0]++
			continue
		}
		for i, sc := range scripts {
			if unicode.Is(sc.table, r) {
				counts[i]++
				found = true
				break
			}
		}
		if !found {
			other++
		}
	}
	best, bestN := "", 0
	for i, n := range counts {
		if n > bestN {
			best, bestN = scripts[i].name, n
		}
	}
	if best == "" && other > 0 {
		return "Other"
	}
	return best
}
