package names

import (
	"strings"
	"unicode"
)

// Russian writes Korean names in the Kontsevich system, syllable by
// syllable: Ри Пхен Чхоль is Ri Pyong Chol, Чо Ён Вон is Jo Yong Won. The
// general Cyrillic transliteration reads them as Russian (Phen, Chkhol),
// which no list spelling resembles; KoreanFromCyrillic reads them as the
// lists write Korean names (McCune–Reischauer without marks).

// koreanCyrillicSurnames are Korean family names as Russian writes them.
// Short Russian words that look like one are left out (Но, О, Со, Ко,
// Им: but, about, with, to, them).
var koreanCyrillicSurnames = map[string]bool{
	"ким": true, "ли": true, "ри": true, "пак": true, "чхве": true, "чо": true, "чон": true, "кан": true,
	"хван": true, "хён": true, "хен": true, "ан": true, "сон": true, "пэк": true, "чан": true, "рим": true,
	"нам": true, "мун": true, "хан": true, "квон": true, "син": true, "сим": true, "юн": true, "ян": true,
	"тхэ": true, "ро": true, "пён": true, "чхон": true, "хо": true, "кын": true,
}

// LooksKoreanCyrillic reports whether the words are a Korean name in
// Russian: two to four short syllables, the first a Korean family name.
func LooksKoreanCyrillic(words []string) bool {
	if len(words) < 2 || len(words) > 4 || !koreanCyrillicSurnames[strings.ToLower(words[0])] {
		return false
	}
	for _, w := range words {
		n := 0
		for _, r := range w {
			if !unicode.Is(unicode.Cyrillic, r) {
				return false
			}
			n++
		}
		if n > 5 {
			return false
		}
	}
	return true
}

// KoreanFromCyrillic writes a Korean name given in Russian (Kontsevich) in
// the lists' Latin spelling: aspirates пх/тх/кх/чх as p/t/k/ch, е and ё as
// yo (o after ch and j), ве as oe, ы as u, a final н as ng after е and ё
// (Pyong, Yong, Jong) and n after the others (Won, Un), ль as l. A Russian case ending on the last syllable
// is not undone (Ына stays una): a name is mostly in the nominative.
func KoreanFromCyrillic(name string) string {
	var out []string
	for _, w := range strings.Fields(name) {
		out = append(out, koreanSyllable([]rune(strings.ToLower(w))))
	}
	return strings.Join(out, " ")
}

func koreanSyllable(rs []rune) string {
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		last := i == len(rs)-1
		switch r {
		case 'п', 'т', 'к', 'ч':
			if next == 'х' {
				i++
			}
			b.WriteString(map[rune]string{'п': "p", 'т': "t", 'к': "k", 'ч': "ch"}[r])
		case 'б':
			b.WriteString("b")
		case 'д':
			b.WriteString("d")
		case 'г':
			b.WriteString("g")
		case 'ж':
			b.WriteString("j")
		case 'с':
			b.WriteString("s")
		case 'х':
			b.WriteString("h")
		case 'м':
			b.WriteString("m")
		case 'р':
			b.WriteString("r")
		case 'л':
			b.WriteString("l")
		case 'в':
			if next == 'е' || next == 'э' {
				b.WriteString("oe") // Чхве, Choe
				i++
			} else {
				b.WriteString("w")
			}
		case 'н':
			if last && i > 0 && strings.ContainsRune("её", rs[i-1]) || next == 'г' {
				b.WriteString("ng")
				if next == 'г' {
					i++
				}
			} else {
				b.WriteString("n")
			}
		case 'а':
			b.WriteString("a")
		case 'я':
			b.WriteString("ya")
		case 'о':
			b.WriteString("o")
		case 'е', 'ё':
			s := b.String()
			if strings.HasSuffix(s, "ch") || strings.HasSuffix(s, "j") || strings.HasSuffix(s, "s") {
				b.WriteString("o")
			} else {
				b.WriteString("yo")
			}
		case 'у':
			b.WriteString("u")
		case 'ю':
			b.WriteString("yu")
		case 'ы':
			b.WriteString("u")
		case 'и':
			b.WriteString("i")
		case 'э':
			b.WriteString("e")
		case 'й':
			b.WriteString("i")
		case 'ь', 'ъ':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
