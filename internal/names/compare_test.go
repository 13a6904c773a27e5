package names

import "testing"

// TestRomanisedEnds: a consonant frame read from Arabic script against
// Latin spellings whose ending is silent or a written ه.
func TestRomanisedEnds(t *testing.T) {
	tok := func(s string, romanized bool) *Token {
		return &Token{Text: s, Key: Key(s), Romanized: romanized}
	}
	for _, tt := range []struct{ frame, latin string }{
		{"jrman", "djermane"},        // French mute e
		{"fkhrizada", "fakhrizadeh"}, // -eh for a final ه
		{"mzida", "mazidih"},         // -ih for a final ة
	} {
		if s, _ := CompareTokens(tok(tt.frame, true), tok(tt.latin, false)); s < 0.95 {
			t.Errorf("CompareTokens(%s, %s) = %.2f, want ≥ 0.95", tt.frame, tt.latin, s)
		}
	}
	// a two-letter key is less sure, but the ends agree (عكلة = Ugla)
	if s, _ := CompareTokens(tok("akla", true), tok("ugla", false)); s < 0.93 {
		t.Errorf("CompareTokens(akla, ugla) = %.2f, want ≥ 0.93", s)
	}
}

// TestWordSimilarities: one edit in a word of six letters or more is
// nearer than in a short word, where one letter is a larger part; words
// that differ only by y/i score as one spelling.
func TestWordSimilarities(t *testing.T) {
	tok := func(s string) *Token { return &Token{Text: s, Key: Key(s)} }
	if s, _ := CompareTokens(tok("myachou"), tok("maychou")); s < 0.92 {
		t.Errorf("one transposition in a seven-letter word: %.2f, want ≥ 0.92", s)
	}
	if s, _ := CompareTokens(tok("wailjan"), tok("walijan")); s < 0.94 {
		t.Errorf("two letters swapped in a seven-letter word: %.2f, want ≥ 0.94", s)
	}
	if s, _ := CompareTokens(tok("ryohg"), tok("ryong")); s > 0.9 {
		t.Errorf("one substitution in a five-letter word: %.2f, want ≤ 0.90", s)
	}
	// y and i for one sound are one spelling, not merely the same name
	if s, _ := CompareTokens(tok("qusai"), tok("qusay")); s < 0.97 {
		t.Errorf("Qusai/Qusay: %.2f, want ≥ 0.97", s)
	}
	// also where y and i change the phonetic key
	if s, _ := CompareTokens(tok("udai"), tok("uday")); s < 0.97 {
		t.Errorf("Udai/Uday: %.2f, want ≥ 0.97", s)
	}
	// consonants spelt another way, the vowels as written: one name as
	// press in two languages writes it; a vowel apart is only near
	for _, p := range [][2]string{{"kadhafi", "qadhafi"}, {"aicha", "aisha"}, {"mouammar", "muammar"}} {
		if s, _ := CompareTokens(tok(p[0]), tok(p[1])); s < 0.97 {
			t.Errorf("%s/%s: %.2f, want ≥ 0.97", p[0], p[1], s)
		}
	}
	// Revised Romanization against the lists' McCune–Reischauer
	for _, p := range [][2]string{{"yeo", "yo"}, {"byeong", "pyong"}} {
		if s, _ := CompareTokens(tok(p[0]), tok(p[1])); s < 0.95 {
			t.Errorf("%s/%s: %.2f, want ≥ 0.95", p[0], p[1], s)
		}
	}
	// short syllables: the vowel or the first letter is the syllable
	for _, p := range [][2]string{{"min", "man"}, {"xiao", "jiao"}, {"jiang", "jang"}, {"niaz", "naz"}} {
		if s, _ := CompareTokens(tok(p[0]), tok(p[1])); s >= 0.9 {
			t.Errorf("%s/%s: %.2f, want < 0.90", p[0], p[1], s)
		}
	}
	if s, _ := CompareTokens(tok("hernando"), tok("fernando")); s >= 0.92 {
		t.Errorf("Hernando/Fernando: %.2f, want < 0.92 (another first letter is another name rather)", s)
	}
	if s, _ := CompareTokens(tok("waeo"), tok("wael")); s < 0.9 {
		t.Errorf("a typo in the last letter of a four-letter word: %.2f, want ≥ 0.90", s)
	}
	if s, _ := CompareTokens(tok("kasim"), tok("qasem")); s >= 0.97 {
		t.Errorf("Kasim/Qasem: %.2f, want < 0.97", s)
	}
}

// TestGuessedVowel: a long name one a/e apart before its ending is one
// name in two transliterations; an ending that differs, or a dropped
// first vowel, stays a nearer variant.
func TestGuessedVowel(t *testing.T) {
	tok := func(s string) *Token { return &Token{Text: s, Key: Key(s)} }
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{"gheddafi", "qadhafi", true},
		{"hekmatyar", "hikmatyar", true},
		{"mohamed", "mohammad", false}, // the ending
		{"braima", "ibraima", false},   // a first vowel dropped
	} {
		s, _ := CompareTokens(tok(tt.a), tok(tt.b))
		if got := s >= 0.95; got != tt.same {
			t.Errorf("CompareTokens(%s, %s) = %.2f; same word %v, want %v", tt.a, tt.b, s, got, tt.same)
		}
	}
}

// TestKoreanFromCyrillic: Korean names as Russian writes them, in the
// lists' spelling.
func TestKoreanFromCyrillic(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Ри Пхен Чхоль", "ri pyong chol"},
		{"Чо Ён Вон", "cho yong won"},
		{"Ким Чен Ын", "kim chong un"},
		{"Чхве Сон Хи", "choe son hi"},
	} {
		if got := KoreanFromCyrillic(tt.in); got != tt.want {
			t.Errorf("KoreanFromCyrillic(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if LooksKoreanCyrillic([]string{"Мухаммад", "Аббас"}) || !LooksKoreanCyrillic([]string{"Ри", "Пхен", "Чхоль"}) {
		t.Error("LooksKoreanCyrillic wrong on an Afghan or a Korean name")
	}
}
