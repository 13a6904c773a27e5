package scan

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigilhq/vigil/internal/names"
)

// word is one word of the article with its position.
type word struct {
	text     string // as written (possessive 's removed)
	start    int    // byte offsets in the article text
	end      int
	lower    string   // lower case, folded to Latin
	key      string   // phonetic key of the word's main part, for capitalised and non-Latin words
	keys     []string // keys of all its parts when it has several (al-Zawahiri → ZHR; Abdulghani → BZ, KN)
	cap      bool     // starts with an upper-case letter
	allCaps  bool
	latin    bool // the script has letter case
	sentence int
}

// abbreviations end with a dot that does not end a sentence.
var abbreviations = map[string]bool{
	"gen": true, "maj": true, "col": true, "lt": true, "capt": true, "sgt": true, "brig": true, "adm": true,
	"dr": true, "mr": true, "mrs": true, "ms": true, "prof": true, "sen": true, "rep": true, "gov": true, "st": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "no": true, "vs": true, "inc": true, "co": true, "ltd": true, "jr": true, "sr": true,
}

// tokenize splits text into words and sentences. Dotted abbreviations
// (U.S., U.N.) become one word; a possessive 's is dropped from the word.
func tokenize(text string) []word { return tokenizeInto(nil, text) }

// tokenizeInto is tokenize appending to out (a recycled slice).
func tokenizeInto(out []word, text string) []word {
	if out == nil {
		out = make([]word, 0, len(text)/6+8)
	}
	sentence := 0
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size <= 1 {
			i++
			continue
		}
		if !isWordRune(r) {
			if r == '\n' && lineBreaksSentence(text, i) {
				sentence++
				i += size
				continue
			}
			if r == '.' || r == '!' || r == '?' || r == '؟' || r == '。' {
				if !(r == '.' && len(out) > 0 && out[len(out)-1].sentence == sentence && noBreakAfter(out[len(out)-1], text, i)) {
					sentence++
				}
			}
			i += size
			continue
		}
		start := i
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if isWordRune(r) {
				i += size
				continue
			}
			// keep inner apostrophes and hyphens (Qa'ida, al-Zawahiri) and
			// dots of abbreviations (U.S.)
			if (r == '\'' || r == '’' || r == '-' || r == '‘' || r == 'ʿ') && i+size < len(text) {
				nr, _ := utf8.DecodeRuneInString(text[i+size:])
				if isWordRune(nr) {
					i += size
					continue
				}
			}
			if r == '.' && i+1 < len(text) && i-start <= 2 {
				nr, nsize := utf8.DecodeRuneInString(text[i+1:])
				if unicode.IsUpper(nr) && i+1+nsize < len(text) && text[i+1+nsize] == '.' {
					i++
					continue
				}
			}
			break
		}
		w := text[start:i]
		// U.S. → the dots are part of the abbreviation
		if i < len(text) && text[i] == '.' && strings.Contains(w, ".") {
			i++
		}
		end := i
		for _, suf := range []string{"'s", "’s", "'", "’"} {
			if strings.HasSuffix(w, suf) && len(w) > len(suf)+1 {
				w = w[:len(w)-len(suf)]
				break
			}
		}
		out = appendWord(out, w, start, sentence)
		_ = end
	}
	return out
}

// lineBreaksSentence: a newline ends a sentence when a blank line follows
// (a paragraph break, "\n\n" or "\r\n\r\n") or when the line it ends is
// short, as headlines, datelines and captions are.
func lineBreaksSentence(text string, i int) bool {
	j := i + 1
	for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
		j++
	}
	if j >= len(text) || text[j] == '\n' {
		return true
	}
	start := strings.LastIndexByte(text[:i], '\n') + 1
	line := strings.TrimSpace(text[start:i])
	return line != "" && len(line) < 100
}

func isWordRune(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == 0x200C
}

// noBreakAfter reports whether the dot at i follows an abbreviation or an
// initial rather than ending a sentence.
func noBreakAfter(prev word, text string, i int) bool {
	if prev.end != i && !(prev.end < i && strings.TrimSpace(text[prev.end:i]) == "") {
		return false
	}
	// a dot between digits (8.5.2026, 3.5 million) ends no sentence
	if prev.end == i && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' && allDigits(prev.lower) {
		return true
	}
	if abbreviations[prev.lower] || len([]rune(prev.text)) == 1 || strings.Contains(prev.text, ".") {
		return true
	}
	return false
}

// asciiLower lower-cases an ASCII word and drops dots and apostrophes.
func asciiLower(text string) string {
	clean := true
	for i := 0; i < len(text); i++ {
		if c := text[i]; c >= 'A' && c <= 'Z' || c == '.' || c == '\'' {
			clean = false
			break
		}
	}
	if clean {
		return text
	}
	b := make([]byte, 0, len(text))
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c == '.' || c == '\'':
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func newWord(text string, start, end, sentence int) word {
	w := word{text: text, start: start, end: end, sentence: sentence}
	r, _ := utf8.DecodeRuneInString(text)
	w.cap = unicode.IsUpper(r)
	// al-Zawahiri, el-Sisi: a lower-case article before a capitalised name
	if i := strings.IndexByte(text, '-'); !w.cap && i > 0 && i <= 3 && i+1 < len(text) {
		r2, _ := utf8.DecodeRuneInString(text[i+1:])
		w.cap = unicode.IsUpper(r2)
	}
	// "latin" stands for a script with letter case (Latin, Cyrillic,
	// Greek, Armenian), where names are capitalised.
	w.latin = r < 0x250 || unicode.IsUpper(r) || unicode.IsLower(r)
	ascii := true
	w.allCaps = true
	for _, c := range text {
		if c >= 0x80 {
			ascii = false
		}
		if unicode.IsLetter(c) && !unicode.IsUpper(c) {
			w.allCaps = false
		}
	}
	if ascii {
		w.lower = asciiLower(text)
	} else {
		w.lower = strings.ReplaceAll(names.Fold(text), " ", "")
	}
	if w.cap || !w.latin {
		if !strings.ContainsAny(text, "-'’") && ascii && !names.IsCompound(w.lower) {
			w.key = names.Key(w.lower) // keys stays nil: the key is the only one
		} else {
			// hyphenated, compound (Sirajuddin) or transliterated: let
			// the name parser split it
			for _, t := range names.Parse(text).Tokens {
				w.keys = append(w.keys, t.Key)
				if len(t.Key) > len(w.key) {
					w.key = t.Key
				}
			}
		}
	}
	return w
}

// runeOffsets maps byte offsets to character (rune) offsets. Only a few
// offsets are asked for (mentions, places, evidence), so they are counted
// on demand; ASCII text needs no counting at all.
type runeOffsets struct {
	text         string
	ascii        bool
	lastB, lastR int // the last offset converted, to count onward from it
}

func newRuneOffsets(text string) *runeOffsets {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			ascii = false
			break
		}
	}
	return &runeOffsets{text: text, ascii: ascii}
}

func (r *runeOffsets) at(b int) int {
	if r.ascii {
		return b
	}
	if b < r.lastB {
		r.lastB, r.lastR = 0, 0
	}
	r.lastR += utf8.RuneCountInString(r.text[r.lastB:b])
	r.lastB = b
	return r.lastR
}

// partKeys are the keys of the word's parts (just its key for a plain word).
func (w *word) partKeys() []string {
	if w.keys == nil && w.key != "" {
		return []string{w.key}
	}
	return w.keys
}
