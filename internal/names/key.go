package names

import (
	"strings"
	"unsafe"
)

// Key is a consonant skeleton that absorbs how Arabic and Persian names are
// transliterated: q/k/gh/g/c → K; s/th → S; z/dh/d → Z; h/kh → H;
// sh/ch/sch/tsch → X; j/dj/dsch → J; zh → Z; ph/f → F; vowels and y
// dropped; w dropped inside a word, equal to v at its start and in a German
// final -ow/-ew (so o/u, e/i and ey/ei/ai/ay need no rule); doubled
// letters collapsed. Digits are kept. Qasem, Ghasem, Kasim and Qassem
// share the key "KSM"; Soleimani, Sulaimani and Soleymani share "SLMN".
func Key(token string) string {
	var buf [64]byte
	return string(appendKey(buf[:0], token, keySkeleton))
}

// SameSounds reports whether two words differ only in how consonants are
// spelt (k/q, ch/sh, dh/d, gh/g, th/s, and a doubled letter for a digraph,
// dd/dh): the key with every vowel kept, French ou read as u, y as i, a
// final e after a consonant as mute. Kadhafi = Qadhafi = Gaddafi, Aicha =
// Aisha, Mouammar = Muammar, Oudai = Uday, Goulbouddine = Gulbuddin. A
// letter more or a different vowel is a nearer variant, not the same
// sounds (Mohamad/Mohammad, Qassem/Ghasem, Qasem/Kasim), and Yazan is not
// Adnan, though the two share a key.
func SameSounds(a, b string) bool {
	var ba, bb [64]byte
	return string(appendKey(ba[:0], a, keySounds)) == string(appendKey(bb[:0], b, keySounds)) ||
		string(appendKey(ba[:0], a, keyLetters)) == string(appendKey(bb[:0], b, keyLetters))
}

// AppendKey appends the key of a token held in bytes to dst, so that a
// caller can look up a key built from parts without allocating. The bytes
// are read in place (appendKey keeps no reference to them).
func AppendKey(dst, token []byte) []byte {
	return appendKey(dst, unsafe.String(unsafe.SliceData(token), len(token)), keySkeleton)
}

// keyMode says what appendKey writes.
type keyMode int

const (
	keySkeleton keyMode = iota // Key: consonants only, doubled ones once
	keySounds                  // vowels kept, one symbol per sound (gh = q)
	keyLetters                 // vowels kept, one symbol per letter (dh = dd)
)

// appendKey writes the key of token to out in the given mode.
func appendKey(out []byte, token string, mode keyMode) []byte {
	n := len(token)
	withVowels := mode != keySkeleton
	emit := func(c byte) {
		if !withVowels && len(out) > 0 && out[len(out)-1] == c {
			return
		}
		out = append(out, c)
	}
	for i := 0; i < n; i++ {
		start, emitted := i, len(out)
		c := token[i]
		var next byte
		if i+1 < n {
			next = token[i+1]
		}
		switch c {
		case 'w':
			// a glide inside a word (Dawood = Daud), a consonant at its
			// start, where it alternates with v (Wahidi = Vahidi), and
			// at the end of a German -ow/-ew (Patruschew = Patrushev)
			switch {
			case i == 0, i == n-1 && i > 1 && (token[i-1] == 'o' || token[i-1] == 'e') && !isVowel(token[i-2]):
				emit('V')
			case withVowels:
				emit(c)
			}
		case 'a', 'e', 'i', 'o', 'u', 'y':
			// vowels; written out, French ou is u, y is i, and a final e
			// after a consonant is mute (Goulbouddine, Oudaï)
			switch {
			case !withVowels, c == 'o' && next == 'u', c == 'e' && i == n-1 && i > 0 && !isVowel(token[i-1]):
			case c == 'y':
				emit('i')
			default:
				emit(c)
			}
		case 'k':
			if next == 'h' {
				emit('H')
				i++
			} else {
				emit('K')
			}
		case 'g':
			if next == 'h' {
				i++
			}
			emit('K')
		case 'q':
			emit('K')
		case 'c':
			switch {
			case next == 'h':
				emit('X')
				i++
			case next == 'k':
				emit('K')
				i++
			case next == 'e' || next == 'i' || next == 'y':
				emit('S')
			default:
				emit('K')
			}
		case 's':
			switch {
			case next == 'h':
				emit('X')
				i++
			case next == 'c' && i+2 < n && token[i+2] == 'h':
				emit('X')
				i += 2
			default:
				emit('S')
			}
		case 't':
			switch {
			case next == 'h':
				emit('S')
				i++
			case next == 'c' && i+2 < n && token[i+2] == 'h':
				emit('X')
				i += 2
			case next == 's' && i+3 < n && token[i+2] == 'c' && token[i+3] == 'h':
				emit('X') // German tsch (Setschin = Sechin)
				i += 3
			default:
				emit('T')
			}
		case 'd':
			switch {
			case next == 'h':
				emit('Z')
				i++
			case next == 'j':
				emit('J')
				i++
			case next == 'z' && i+2 < n && token[i+2] == 'h':
				emit('J')
				i += 2
			case next == 's' && i+3 < n && token[i+2] == 'c' && token[i+3] == 'h':
				emit('J') // German dsch (Dschalaluddin = Jalaluddin)
				i += 3
			default:
				emit('Z')
			}
		case 'z':
			if next == 'h' {
				i++ // zh: Zhang is not Jiang; Russian zh sits nearer z than j
			}
			emit('Z')
		case 'h':
			// a final h after a vowel is silent (Abdallah/Abdalla, Hamzah/Hamza)
			if i == n-1 && i > 0 && isVowel(token[i-1]) {
				continue
			}
			emit('H')
		case 'p':
			if next == 'h' {
				emit('F')
				i++
			} else {
				emit('P')
			}
		case 'x':
			emit('K')
			emit('S')
		case 'j':
			emit('J')
		case 'v':
			emit('V')
		default:
			if c >= 'a' && c <= 'z' {
				emit(c - 'a' + 'A')
			} else {
				emit(c)
			}
		}
		// a consonant spelt with more letters (dh, sch) is written once
		// per letter, so that it lines up with a doubled letter (dd)
		if mode == keyLetters && len(out) > emitted && out[len(out)-1] < 'a' {
			for range i - start {
				out = append(out, out[len(out)-1])
			}
		}
	}
	return out
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// SameKoreanSyllable reports whether a Korean syllable written in Revised
// Romanization (eo, eu; initial g, d, b) is the other written as
// McCune–Reischauer without breves, as North Korean names on the lists are
// (Yeo = Yo, Jeong = Jong, Eun = Un, Byeong = Pyong, Seo = So). The RR
// vowels mark the word; a word without them is left to other rules.
func SameKoreanSyllable(a, b string) bool {
	if !strings.Contains(a, "eo") && !strings.Contains(a, "eu") && !strings.Contains(b, "eo") && !strings.Contains(b, "eu") {
		return false
	}
	var ba, bb [16]byte
	fa, fb := foldKorean(ba[:0], a), foldKorean(bb[:0], b)
	return len(fa) > 0 && string(fa) == string(fb)
}

// foldKorean writes an RR syllable as MR without breves; it gives up
// (nil) on words longer than its buffer.
func foldKorean(out []byte, w string) []byte {
	if len(w) > cap(out) {
		return nil
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case i == 0 && c == 'g':
			c = 'k'
		case i == 0 && c == 'd':
			c = 't'
		case i == 0 && c == 'b':
			c = 'p'
		case c == 'e' && i+1 < len(w) && (w[i+1] == 'o' || w[i+1] == 'u'):
			continue // eo = ŏ, eu = ŭ
		}
		out = append(out, c)
	}
	return out
}
