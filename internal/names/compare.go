package names

import (
	"math/bits"
	"slices"
	"strings"
)

// Word comparison: how near two words of two names are, and how they
// matched. Screening aligns the words of a query and a listed name by
// these similarities; the score of the aligned names is learned on top of
// them (internal/screening).

// Similarities of words that are one written another way.
const (
	// JoinedSim: one word is two others run together (Abdulrahman = Abdul
	// Rahman), or with the article between them dropped.
	JoinedSim = 0.97
	// JoinedTypoSim: the same, with one typo.
	JoinedTypoSim = 0.92
)

// CompareTokens compares two tokens and says how they matched. Plain string
// similarity is sharpened (Jaro–Winkler is generous to unrelated words that
// share a prefix); tokens with the same phonetic key get a floor that
// depends on how much the key says.
func CompareTokens(q, l *Token) (float64, Method) {
	sim, method := compareWords(q, l)
	if sim >= 0.97 {
		return sim, method
	}
	// Alahmad = Al-Ahmad: an article written joined to the word.
	if q.Bare != "" {
		if s2, m2 := compareWords(&Token{Text: q.Bare, Key: q.BareKey}, l); s2*0.97 > sim {
			sim, method = s2*0.97, m2|WithArticle
		}
	} else if l.Bare != "" {
		if s2, m2 := compareWords(q, &Token{Text: l.Bare, Key: l.BareKey}); s2*0.97 > sim {
			sim, method = s2*0.97, m2|WithArticle
		}
	}
	return sim, method
}

// Method says how two tokens matched; a small code rather than a
// string, since every candidate compares every pair of tokens.
type Method uint8

const (
	MethodNone Method = iota
	MethodExact
	MethodInitial
	MethodFuzzy
	MethodTypo
	MethodPhonetic
	MethodStem
	// WithArticle marks a match found once a joined article was removed.
	WithArticle Method = 0x80
)

var methodNames = [...]string{MethodNone: "", MethodExact: "exact", MethodInitial: "initial", MethodFuzzy: "fuzzy", MethodTypo: "typo", MethodPhonetic: "phonetic", MethodStem: "stem"}

// String is the method's name in explanations ("phonetic+article").
func (m Method) String() string {
	name := methodNames[m&^WithArticle]
	if m&WithArticle != 0 {
		return name + "+article"
	}
	return name
}

// compareWords compares the words themselves. Tokens are passed by
// pointer: this runs for every pair of words of every candidate.
func compareWords(q, l *Token) (float64, Method) {
	if q.Text == l.Text {
		return 1, MethodExact
	}
	if q.Initial() || l.Initial() {
		if q.Text[0] == l.Text[0] {
			return 0.95, MethodInitial
		}
		return 0, MethodNone
	}
	// One spelling of one sound: y for i (Udai/Uday, Qusai/Qusay).
	if len(q.Text) >= 4 && sameButYI(q.Text, l.Text) {
		return 0.97, MethodPhonetic
	}
	sameKey := q.Key == l.Key && q.Key != ""
	// Two edits change at most four letters of the letter sets: words
	// whose sets differ more are farther apart (the distance check below
	// would say so, at more cost).
	if !sameKey && q.Letters != 0 && l.Letters != 0 && bits.OnesCount32(q.Letters^l.Letters) > 4 {
		return 0, MethodNone
	}
	n := max(len(q.Text), len(l.Text))
	// Words more than two edits apart with different keys never pair
	// (sharpened Jaro–Winkler stays under the pair threshold for them);
	// the distance check stops early, which keeps this path cheap.
	d := EditDistance(q.Text, l.Text, 2)
	if !sameKey && d > 2 {
		return 0, MethodNone
	}
	// An i glide in a short word is another syllable: Jiang is not Jang,
	// Liu is not Lu, Niaz is not Naz (a word read from Arabic script has
	// no written short vowels to compare).
	if d == 1 && n <= 6 && !q.Romanized && !l.Romanized && (glideAdded(q.Text, l.Text) || glideAdded(l.Text, q.Text)) {
		return 0.8, MethodFuzzy
	}
	// Korean syllables in Revised Romanization against McCune–Reischauer
	// as the lists write them (Yeo = Yo, Byeong = Pyong, Eun = Un).
	const e = 1 << ('e' - 'a') // both RR vowels have one
	if d > 0 && n <= 7 && (q.Letters == 0 || l.Letters == 0 || (q.Letters|l.Letters)&e != 0) && SameKoreanSyllable(q.Text, l.Text) {
		return 0.95, MethodPhonetic
	}
	jw := JaroWinkler(q.Text, l.Text)
	sim, method := 1-2*(1-jw), MethodFuzzy
	// A single typo (one edit, transposition included) in a word of four
	// letters or more is a near match whatever Jaro–Winkler thinks of it,
	// and nearer in a long word, where one letter is a smaller part. Another
	// first letter is rather another name (Hernando/Fernando) and, in a
	// four-letter word, another syllable (Xiao/Jiao).
	sameFirst := q.Text[0] == l.Text[0]
	switch {
	case n >= 6 && d == 1 && sim < 0.94 && sameFirst && transposed(q.Text, l.Text):
		sim, method = 0.94, MethodTypo // two letters swapped, the commonest slip
	case n >= 6 && d == 1 && sim < 0.92 && sameFirst:
		sim, method = 0.92, MethodTypo
	case n >= 5 && d == 1 && sim < 0.9, n == 4 && d == 1 && sim < 0.9 && sameFirst:
		sim, method = 0.9, MethodTypo
	case n >= 8 && d == 2 && sim < 0.86:
		sim, method = 0.86, MethodTypo
	}
	// A romanised word (Arabic, Persian … write few vowels) that has the
	// same consonants, letter for letter, as the other word is the same
	// word: bshar = Bashar, abidi = Ubaydi, qada = Qaida (but not Yakuza).
	// Arabic script writes a word-initial vowel (alef, ayn), so the two
	// must agree on starting with one; two consonants must also agree on
	// the first letter (Gul = gl, but Amina is not mnan).
	romanized := q.Romanized || l.Romanized
	sameEnds := romanized && startsWithVowel(q.Text) == startsWithVowel(l.Text) &&
		(endsWithVowel(q.Text) == endsWithVowel(l.Text) || mutedEnd(q.Text) || mutedEnd(l.Text))
	if romanized && sim < 0.97 && sameEnds {
		if cq := consonants(q.Text); sameFrame(cq, q.Text, consonants(l.Text), l.Text) && (len(cq) >= 3 || len(cq) == 2 && q.Text[0] == l.Text[0]) {
			return 0.97, MethodPhonetic
		}
		if gq := glideFrame(q.Text); len(gq) >= 3 && strings.ContainsAny(gq, "yw") && gq == glideFrame(l.Text) {
			return 0.97, MethodPhonetic
		}
	}
	if q.Key == l.Key && q.Key != "" {
		var floor float64
		switch {
		case !romanized && min(len(q.Text), len(l.Text)) >= 5 && SameSounds(q.Text, l.Text):
			// the same vowels, only consonants spelt another way (k/q,
			// ch/sh, dh/dd): Kadhafi, Aicha, Gaddafi
			floor = 0.97
		case romanized && len(q.Key) >= 3 && sameEnds:
			floor = 0.95 // vowels of a romanisation are guesses: the key decides
		case romanized && len(q.Key) >= 2 && sameEnds:
			floor = 0.93
		case romanized && len(q.Key) >= 2:
			floor = 0.88
		case len(q.Key) >= 2:
			switch d := vowelDiff(VowelShape(q.Text), VowelShape(l.Text)); {
			case d == 0 && sameButYI(q.Text, l.Text):
				floor = 0.97 // Qusai/Qusay, Yahia/Yahya: y and i are one letter here
			case d == 0:
				floor = 0.95 // o/u, e/i, ei/ai, doubled letters: same name
			case d == 1 && max(len(q.Text), len(l.Text)) <= 3:
				// a syllable's only vowel is the syllable: Min is not Man
			case d == 1 && len(q.Key) >= 3 && min(len(q.Text), len(l.Text)) >= 6 && startsWithVowel(q.Text) == startsWithVowel(l.Text) &&
				sameLastVowel(q.Text, l.Text):
				// a long name of three consonants or more, one a/e
				// apart before its last syllable: the vowel a
				// transliteration guessed (Gheddafi, Qadhafi; Hekmatyar,
				// Hikmatyar), where an ending is a form (Mohamed, Mohammad)
				floor = 0.95
			case d == 1:
				floor = 0.91 // one vowel apart, as Mohammed/Mohammad
			case len(q.Key) >= 3:
				floor = 0.86
			}
		case len(q.Text) <= 3 && len(l.Text) <= 3:
			floor = 0.87 // Un/Eun, O/Oh
		case min(len(q.Text), len(l.Text)) >= 5 && vowelDiff(VowelShape(q.Text), VowelShape(l.Text)) == 0:
			floor = 0.93 // Dawud/Dawood: one consonant, the same vowels
		}
		if sim < floor {
			sim, method = floor, MethodPhonetic
		}
	}
	return sim, method
}

// sameLastVowel: the two words' last vowel groups are of one class.
func sameLastVowel(a, b string) bool {
	x, y := VowelShape(a), VowelShape(b)
	return x != "" && y != "" && x[len(x)-1] == y[len(y)-1]
}

// IsPatronymic spots Slavic patronymics, which news and lists often omit.
func IsPatronymic(t string) bool {
	for _, suf := range []string{"ovich", "evich", "ovych", "evych", "ovna", "evna", "ivna", "ichna"} {
		if len(t) > len(suf)+2 && strings.HasSuffix(t, suf) {
			return true
		}
	}
	return false
}

// vowelDiff counts the positions where two vowel shapes differ, tolerating
// a/e-type (A↔I) differences once; shapes of different length differ by
// their length difference plus mismatches.
func vowelDiff(a, b string) int {
	if len(a) != len(b) {
		return 2
	}
	d := 0
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			d++
			if !(a[i] == 'A' && b[i] == 'I' || a[i] == 'I' && b[i] == 'A') {
				d++
			}
		}
	}
	return d
}

// SameStem reports whether two words of an organisation's name are one
// word with different English endings (Combat/Combatant, Islam/Islamic,
// Finance/Financial): a stem of five letters or more, and endings from a
// short list. Persons are not compared this way (Karim/Karimian).
func SameStem(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) < 5 || a[:5] != b[:5] {
		return false
	}
	for _, sa := range stemEndings {
		stem, ok := strings.CutSuffix(a, sa)
		if !ok || len(stem) < 5 || !strings.HasPrefix(b, stem) {
			continue
		}
		if slices.Contains(stemEndings, b[len(stem):]) {
			return true
		}
	}
	return false
}

// stemEndings are the endings SameStem strips; "" stands for none.
var stemEndings = []string{"", "e", "s", "es", "al", "ial", "ic", "ical", "ian", "ians", "an", "ans", "ant", "ants", "ist", "ists", "ism", "ing", "er", "ers", "ion", "ions", "y", "ies"}

// consonants is a word without vowels (y and w count as vowels) and with
// doubled letters written once (Arabic does not write gemination): the
// letters Arabic script would have written.
func consonants(w string) string {
	var buf [32]byte
	out := buf[:0]
	for i := 0; i < len(w) && len(out) < len(buf); i++ {
		c := w[i]
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'w':
			continue
		}
		if i > 0 && w[i-1] == c {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

// glideFrame is the consonant frame with the glides kept: y and w, and i
// or u before a vowel, which Latin spellings write for the same glide
// (Yahia = Yahya, Mariam = Maryam, Ziad = Ziyad). Arabic script writes
// the glide as a letter, so the frames of the two spellings agree.
func glideFrame(w string) string {
	var buf [32]byte
	out := buf[:0]
	vowel := func(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }
	for i := 0; i < len(w) && len(out) < len(buf); i++ {
		c := w[i]
		nextVowel := i+1 < len(w) && vowel(w[i+1])
		switch {
		case c == 'i' && nextVowel:
			c = 'y'
		case c == 'u' && nextVowel:
			c = 'w'
		case vowel(c):
			continue
		}
		if len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

func startsWithVowel(w string) bool {
	return w != "" && strings.IndexByte("aeiou", w[0]) >= 0
}

// endsWithVowel: Arabic script writes a final vowel too (ة, ا, ى, ي).
func endsWithVowel(w string) bool {
	return w != "" && strings.IndexByte("aeiouy", w[len(w)-1]) >= 0
}

// sameButYI reports whether two words differ only where one writes y and
// the other i.
func sameButYI(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if x, y := a[i], b[i]; x != y && !(x == 'y' && y == 'i' || x == 'i' && y == 'y') {
			return false
		}
	}
	return true
}

// transposed reports whether a and b differ only by two adjacent letters
// swapped.
func transposed(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for k := 0; k+1 < len(a); k++ {
		if a[k] != b[k] {
			return a[k] == b[k+1] && a[k+1] == b[k] && a[k+2:] == b[k+2:]
		}
	}
	return false
}

// glideAdded reports whether a is b with an i glide added between a
// consonant and another vowel (jiang = jang + i).
func glideAdded(a, b string) bool {
	if len(a) != len(b)+1 {
		return false
	}
	for k := 1; k+1 < len(a); k++ {
		if a[k] == 'i' && strings.IndexByte("aeiouy", a[k-1]) < 0 && strings.IndexByte("aoue", a[k+1]) >= 0 &&
			a[:k] == b[:k] && a[k+1:] == b[k:] {
			return true
		}
	}
	return false
}

// sameFrame reports whether two words have the same consonant frame (ca,
// cb), the h of a Latin -ah/-eh/-ih ending being the written final vowel
// of the other (Mazidih = mzida, Fakhrizadeh = fkhrizada).
func sameFrame(ca, a, cb, b string) bool {
	switch {
	case ca == cb:
		return true
	case len(cb) == len(ca)+1 && cb[len(ca)] == 'h' && mutedEnd(b) && endsWithVowel(a):
		return cb[:len(ca)] == ca
	case len(ca) == len(cb)+1 && ca[len(cb)] == 'h' && mutedEnd(a) && endsWithVowel(b):
		return ca[:len(cb)] == cb
	}
	return false
}

// mutedEnd: a Latin ending that may or may not stand for a written final
// vowel — French mute e (Djermane = jrman), and -eh/-ah/-ih for a final ه
// or ة (Fakhrizadeh = fkhrizada, Abdullah, Mazidih = mzida).
func mutedEnd(w string) bool {
	n := len(w)
	return n >= 4 && (w[n-1] == 'e' && strings.IndexByte("aeiouy", w[n-2]) < 0 ||
		w[n-1] == 'h' && (w[n-2] == 'e' || w[n-2] == 'a' || w[n-2] == 'i'))
}

// JoinedMatch says how well word is a and b written together: exactly,
// with the article or particle between them that the other side dropped
// (Jamaatulahrar = Jamaat-ul-Ahrar), as a spelling variant of the same
// sound, or with one typo in a long word (Aballah = Abd Allah). It is 0
// when the word is something else.
func JoinedMatch(w, ta, tb Token, romanized bool) float64 {
	word, a, b := w.Text, ta.Text, tb.Text
	if len(a) < 2 || len(b) < 2 || word[0] != a[0] {
		return 0
	}
	// A word romanised from Arabic script is a consonant frame ("mhmdrda"
	// for Mohammadreza): the keys decide, when they are long enough to
	// mean something.
	if romanized && len(w.Key) >= 5 && joinedKeyIs(w.Key, a, b) {
		return JoinedSim
	}
	if rest, ok := strings.CutPrefix(word, a); ok {
		if mid, ok := strings.CutSuffix(rest, b); ok && (mid == "" || IsArticle(mid) || IsParticle(mid)) {
			return JoinedSim
		}
	}
	if d := len(word) - len(a) - len(b); d > 2 || d < -2 {
		return 0
	}
	if len(word) >= 7 && EditDistance(word, a+b, 1) == 1 {
		return JoinedTypoSim
	}
	if word[len(word)-1] != b[len(b)-1] {
		return 0 // variants keep the last letter (jongun / jong eun would not)
	}
	if joinedKeyIs(w.Key, a, b) && JaroWinkler(word, a+b) >= 0.93 {
		return JoinedSim
	}
	return 0
}

// joinedKeyIs reports whether a and b run together have the given key.
func joinedKeyIs(key, a, b string) bool {
	var text, kb [64]byte
	if len(a)+len(b) > len(text) {
		return Key(a+b) == key
	}
	return string(AppendKey(kb[:0], append(append(text[:0], a...), b...))) == key
}
