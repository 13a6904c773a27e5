package scan

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// appendWord appends the word w found at byte offset start, cut into the
// parts the word lists read separately: an elided article (l'Iran), a
// Turkish case ending after a proper noun's apostrophe (Tahran'da), a
// Korean particle (평양에서), the units of a CJK date (2026年5月8日), and
// the words of a run of Chinese text, which has no spaces. Plain ASCII
// words without an apostrophe, most words, pass straight through.
func appendWord(out []word, w string, start, sentence int) []word {
	ascii, apostrophe := true, false
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= 0x80:
			ascii = false
		case c == '\'':
			apostrophe = true
		}
	}
	if ascii && !apostrophe {
		return append(out, newWord(w, start, start+len(w), sentence))
	}
	if a, b, ok := splitApostrophe(w); ok {
		out = append(out, newWord(w[:a], start, start+a, sentence))
		return append(out, newWord(w[b:], start+b, start+len(w), sentence))
	}
	if ascii {
		return append(out, newWord(w, start, start+len(w), sentence))
	}
	for _, p := range cjkParts(w) {
		out = append(out, newWord(w[p[0]:p[1]], start+p[0], start+p[1], sentence))
	}
	return out
}

// splitApostrophe finds an apostrophe that joins two words: an elided
// article or preposition in lower case before it (l'Iran, dell'Italia,
// not N'Djamena), or a Turkish ending after a capitalised name
// (Moskova'ya, Süleymani'nin, not Qa'ida). a is where the first part ends,
// b where the second starts.
func splitApostrophe(w string) (a, b int, ok bool) {
	i := strings.IndexAny(w, "'’")
	if i <= 0 {
		return 0, 0, false
	}
	_, size := utf8.DecodeRuneInString(w[i:])
	before, after := w[:i], w[i+size:]
	if after == "" || strings.ContainsAny(after, "'’") {
		return 0, 0, false
	}
	r, _ := utf8.DecodeRuneInString(before)
	if !unicode.IsUpper(r) && elisions[foldWord(before)] {
		return i, i + size, true
	}
	r2, _ := utf8.DecodeRuneInString(after)
	if unicode.IsUpper(r) && !unicode.IsUpper(r2) && utf8.RuneCountInString(before) >= 2 {
		if f := foldWord(after); postpositions[f] || suffixes[f] {
			return i, i + size, true
		}
	}
	return 0, 0, false
}

// script classes of cjkParts
const (
	runOther = iota
	runDigit
	runHan
	runHangul
)

func runClass(r rune) int {
	switch {
	case r >= '0' && r <= '9' || r >= 0x80 && unicode.IsDigit(r):
		return runDigit
	case unicode.Is(unicode.Han, r):
		return runHan
	case unicode.Is(unicode.Hangul, r):
		return runHangul
	}
	return runOther
}

// cjkParts cuts a word with Han or Hangul letters into parts (byte
// ranges): digits apart from letters (5월 → 5, 월), a date unit after a
// number (18日至 → 18, 日, 至), Chinese runs at the lists' words, and a
// particle off a Korean noun. A word without CJK letters is one part.
func cjkParts(w string) [][2]int {
	var runs [][3]int // start, end, class
	cjk := false
	for i, r := range w {
		c := runClass(r)
		cjk = cjk || c == runHan || c == runHangul
		if n := len(runs); n > 0 && runs[n-1][2] == c {
			runs[n-1][1] = i + utf8.RuneLen(r)
			continue
		}
		runs = append(runs, [3]int{i, i + utf8.RuneLen(r), c})
	}
	if !cjk {
		return [][2]int{{0, len(w)}}
	}
	// runs of other letters stay joined to their neighbours but for digits
	var out [][2]int
	for k, r := range runs {
		a, b := r[0], r[1]
		if k > 0 && runs[k-1][2] == runDigit && (r[2] == runHan || r[2] == runHangul) {
			// a date unit right after a number: 5月, 2026년
			if _, size := utf8.DecodeRuneInString(w[a:b]); nativeDateUnits[w[a:a+size]] {
				out = append(out, [2]int{a, a + size})
				a += size
				if a == b {
					continue
				}
			}
		}
		switch r[2] {
		case runHan:
			for _, p := range segmentHan(w[a:b]) {
				out = append(out, [2]int{a + p[0], a + p[1]})
			}
		case runHangul:
			if cut := particleAt(w[a:b]); cut > 0 {
				out = append(out, [2]int{a, a + cut}, [2]int{a + cut, b})
				continue
			}
			out = append(out, [2]int{a, b})
		default:
			out = append(out, [2]int{a, b})
		}
	}
	return out
}

// segmentHan cuts Chinese text at the lists' words, longest first; the
// text between them stays whole (names and places are not in the lists).
func segmentHan(s string) [][2]int {
	var out [][2]int
	pending := -1 // start of text not yet emitted
	for i := 0; i < len(s); {
		n := 0 // bytes of the longest list word at i
		j, k := i, 0
		for j < len(s) && k < hanMaxRune {
			_, size := utf8.DecodeRuneInString(s[j:])
			j += size
			k++
			if hanWords[s[i:j]] {
				n = j - i
			}
		}
		if n == 0 {
			if pending < 0 {
				pending = i
			}
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		if pending >= 0 {
			out = append(out, [2]int{pending, i})
			pending = -1
		}
		out = append(out, [2]int{i, i + n})
		i += n
	}
	if pending >= 0 {
		out = append(out, [2]int{pending, len(s)})
	}
	return out
}

// particleAt is where a particle written on to a Korean noun starts
// (베이징에 → 베이징, 에), or 0: a word of the lists is never cut, the
// noun keeps two syllables at least, and only particles of place and
// object are cut (은, 는, 이, 가 end too many names).
func particleAt(s string) int {
	if hangulWords[s] {
		return 0
	}
	for i := range s {
		if i == 0 || utf8.RuneCountInString(s[:i]) < 2 {
			continue
		}
		if hangulParticles[s[i:]] {
			return i // the longest particle starts first
		}
	}
	return 0
}
