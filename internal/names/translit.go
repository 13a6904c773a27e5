package names

import (
	"slices"
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
	"github.com/mozillazg/go-unidecode"
)

// arabicLatin romanises Arabic-script letters, Persian, Pashto and Urdu
// included. Short vowels are unwritten in these scripts, so the output is a
// consonant frame ("qasm slymany"); the phonetic key absorbs the missing
// vowels when it meets a Latin spelling.
var arabicLatin = map[rune]string{
	'ا': "a", 'أ': "a", 'إ': "i", 'آ': "a", 'ٱ': "a", 'ء': "", 'ئ': "y", 'ؤ': "w",
	'ب': "b", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh", 'د': "d", 'ذ': "dh",
	'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "d", 'ط': "t", 'ظ': "z",
	'ع': "", 'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k", 'ل': "l", 'م': "m", 'ن': "n",
	'ه': "h", 'ة': "a", 'و': "w", 'ي': "y", 'ى': "a",
	// Persian
	'پ': "p", 'چ': "ch", 'ژ': "zh", 'گ': "g", 'ک': "k", 'ی': "y", 'ۀ': "a", 'ە': "a",
	// Pashto
	'ټ': "t", 'ډ': "d", 'ړ': "r", 'ږ': "zh", 'ښ': "sh", 'ګ': "g", 'ڼ': "n", 'ۍ': "y", 'ې': "y", 'ځ': "z", 'څ': "s",
	// Urdu
	'ٹ': "t", 'ڈ': "d", 'ڑ': "r", 'ں': "n", 'ھ': "h", 'ہ': "h", 'ے': "y", 'ۓ': "y",
	// Arabic-Indic digits
	'٠': "0", '١': "1", '٢': "2", '٣': "3", '٤': "4", '٥': "5", '٦': "6", '٧': "7", '٨': "8", '٩': "9",
	'۰': "0", '۱': "1", '۲': "2", '۳': "3", '۴': "4", '۵': "5", '۶': "6", '۷': "7", '۸': "8", '۹': "9",
}

// CyrillicStandard selects a romanisation of Cyrillic.
type CyrillicStandard int

const (
	// BGN is BGN/PCGN, the form of most English-language press and lists.
	BGN CyrillicStandard = iota
	// ICAO is the Doc 9303 passport form used in machine-readable zones.
	ICAO
	// ISO9 is the scholarly ISO 9 / GOST 7.79 form, diacritics folded.
	ISO9
)

var cyrillicBGN = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u", 'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj",
	'ћ': "c", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz", 'қ': "k", 'ғ': "gh", 'ұ': "u", 'ү': "u",
	'ң': "ng", 'һ': "h", 'ө': "o", 'ә': "a",
}

var cyrillicICAO = map[rune]string{'ё': "e", 'й': "i", 'х': "kh", 'ю': "iu", 'я': "ia", 'ъ': "ie", 'ц': "ts", 'щ': "shch"}

var cyrillicISO9 = map[rune]string{'ё': "e", 'ж': "z", 'й': "j", 'х': "h", 'ц': "c", 'ч': "c", 'ш': "s", 'щ': "sc", 'ю': "ju", 'я': "ja", 'ы': "y", 'э': "e"}

// TransliterateCyrillic romanises Cyrillic text in the given standard;
// other characters pass through.
func TransliterateCyrillic(s string, std CyrillicStandard) string {
	var b strings.Builder
	prevVowelOrStart := true
	for _, r := range s {
		lr := unicode.ToLower(r)
		out, ok := cyrillicBGN[lr]
		if !ok {
			b.WriteRune(r)
			prevVowelOrStart = !unicode.IsLetter(r)
			continue
		}
		switch std {
		case ICAO:
			if o, ok := cyrillicICAO[lr]; ok {
				out = o
			}
		case ISO9:
			if o, ok := cyrillicISO9[lr]; ok {
				out = o
			}
		default:
			// BGN writes е as "ye" at the start of a word and after vowels.
			if lr == 'е' && prevVowelOrStart {
				out = "ye"
			}
		}
		prevVowelOrStart = strings.ContainsRune("аеёиоуыэюяіїє", lr)
		b.WriteString(out)
	}
	return b.String()
}

// Hangul romanisation tables, Revised Romanization (RR) and McCune–Reischauer
// (MR, breves folded), indexed by the jamo positions of a precomposed syllable.
var (
	rrInitial = []string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	rrMedial  = []string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	rrFinal   = []string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
	mrInitial = []string{"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t", "p", "h"}
	mrMedial  = []string{"a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"}
)

// koreanSurnames are the customary spellings of common surnames, which
// neither system produces ("Kim", not "Gim").
var koreanSurnames = map[rune]string{
	'김': "kim", '이': "lee", '리': "ri", '박': "park", '최': "choe", '정': "jong", '강': "kang",
	'조': "cho", '윤': "yun", '장': "jang", '임': "lim", '한': "han", '오': "oh", '서': "so",
	'신': "shin", '권': "kwon", '황': "hwang", '안': "ahn", '송': "song", '류': "ryu", '홍': "hong",
	'전': "jon", '고': "ko", '문': "mun", '양': "yang", '손': "son", '배': "pae", '백': "paek", '허': "ho",
	'남': "nam", '심': "sim", '노': "no", '하': "ha", '곽': "kwak", '성': "song", '차': "cha", '주': "ju",
	'우': "u", '구': "ku", '민': "min", '유': "yu", '나': "na", '진': "jin", '지': "ji", '엄': "om",
	'채': "chae", '원': "won", '천': "chon", '방': "pang", '공': "kong", '현': "hyon", '함': "ham",
	'변': "pyon", '염': "yom", '여': "yo", '추': "chu", '도': "to", '소': "so", '석': "sok", '선': "son",
	'설': "sol", '마': "ma", '길': "kil", '연': "yon", '위': "wi", '표': "pyo", '명': "myong", '기': "ki",
}

// KoreanStyle selects a Hangul romanisation.
type KoreanStyle int

const (
	RevisedRomanization KoreanStyle = iota
	McCuneReischauer
	// DPRK is McCune–Reischauer as North Korea and the sanctions lists
	// write it: j for ㅈ (Kim Jong Un, not Kim Chong Un).
	DPRK
)

// dprkInitial is mrInitial with j for ㅈ and ㅉ.
var dprkInitial = func() []string {
	t := slices.Clone(mrInitial)
	t[12], t[13] = "j", "jj"
	return t
}()

// RomanizeHangul writes each syllable as its own token, the family name in
// its customary spelling, so "김정은" becomes "kim jeong eun" (RR) or
// "kim chong un" (MR); lists split given names the same way (KIM JONG UN).
func RomanizeHangul(s string, style KoreanStyle) string {
	var b strings.Builder
	startOfWord := true
	for _, r := range s {
		if r < 0xAC00 || r > 0xD7A3 {
			b.WriteRune(r)
			startOfWord = !unicode.IsLetter(r)
			continue
		}
		if !startOfWord {
			b.WriteByte(' ')
		}
		if sn, ok := koreanSurnames[r]; ok && startOfWord {
			b.WriteString(sn)
			startOfWord = false
			continue
		}
		startOfWord = false
		idx := int(r - 0xAC00)
		ini, med, fin := idx/(21*28), (idx%(21*28))/28, idx%28
		switch style {
		case McCuneReischauer:
			b.WriteString(mrInitial[ini] + mrMedial[med] + rrFinal[fin])
		case DPRK:
			b.WriteString(dprkInitial[ini] + mrMedial[med] + rrFinal[fin])
		default:
			b.WriteString(rrInitial[ini] + rrMedial[med] + rrFinal[fin])
		}
	}
	return b.String()
}

var pinyinArgs = pinyin.NewArgs()

// romanizeHan writes Chinese characters in pinyin, one token per syllable.
func romanizeHan(run []rune) string {
	syl := pinyin.LazyPinyin(string(run), pinyinArgs)
	return strings.Join(syl, " ")
}

// transliterate turns every non-Latin letter of s into Latin letters,
// leaving Latin text (and punctuation) as it is.
func transliterate(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r < 0x250 || unicode.Is(unicode.Latin, r):
			b.WriteRune(r)
		case r >= 0x0600 && r <= 0x06FF || r >= 0x0750 && r <= 0x077F || r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF:
			wordStart := i == 0 || !isArabicLetter(rs[i-1])
			if w, n, ok := arabicWord(rs[i:], wordStart); ok {
				b.WriteString(w)
				i += n - 1
				continue
			}
			if wordStart && (r == 'ا' || r == 'أ') && i+2 < len(rs) && rs[i+1] == 'ل' && isArabicLetter(rs[i+2]) {
				b.WriteString("al-") // the article, hyphenated as Latin lists write it
				i++
				if i+1 < len(rs) && rs[i+1] == 'ع' {
					b.WriteString("a") // al-Ubaydi: ayn opens the word
					i++
				}
				continue
			}
			var next rune
			if i+1 < len(rs) && isArabicLetter(rs[i+1]) {
				next = rs[i+1]
			}
			if out, ok := arabicVowelLetter(r, wordStart, next); ok {
				b.WriteString(out)
			} else if out, ok := arabicLatin[r]; ok {
				b.WriteString(out)
			} else if r == 0x0640 || (r >= 0x064B && r <= 0x065F) || r == 0x0670 {
				// tatweel and harakat carry no letters
			} else if f := foldPresentation(r); r >= 0xFB50 && f != string(r) {
				// presentation forms: fold to the base letter first
				b.WriteString(transliterate(f))
			} else if !unicode.IsLetter(r) {
				b.WriteByte(' ')
			}
		case r == 0x200C || r == 0x200D || r == 0x200F || r == 0x200E:
			// zero-width (non-)joiners and direction marks
		case unicode.Is(unicode.Cyrillic, r):
			j := i
			for j < len(rs) && (unicode.Is(unicode.Cyrillic, rs[j])) {
				j++
			}
			b.WriteString(TransliterateCyrillic(string(rs[i:j]), BGN))
			i = j - 1
		case r >= 0xAC00 && r <= 0xD7A3:
			j := i
			for j < len(rs) && rs[j] >= 0xAC00 && rs[j] <= 0xD7A3 {
				j++
			}
			// the Korean names on sanctions lists are North Korean
			b.WriteString(RomanizeHangul(string(rs[i:j]), DPRK))
			i = j - 1
		case unicode.Is(unicode.Han, r):
			j := i
			for j < len(rs) && unicode.Is(unicode.Han, rs[j]) {
				j++
			}
			b.WriteString(" " + romanizeHan(rs[i:j]) + " ")
			i = j - 1
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			// Greek, Hebrew, Armenian, Georgian, kana and the rest.
			b.WriteString(unidecode.Unidecode(string(r)))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldPresentation maps Arabic presentation forms to base letters via
// compatibility decomposition (NFKC does this; done per rune here).
func foldPresentation(r rune) string {
	return nfkc(string(r))
}

func isArabicLetter(r rune) bool {
	return (r >= 0x0620 && r <= 0x064A) || (r >= 0x066E && r <= 0x06D3) || r == 0x0640 || (r >= 0x064B && r <= 0x065F)
}

// arabicVowelLetter renders the letters that stand for vowels inside a word
// (و as u, ي/ی as i) and for consonants at its start (w, y) or before a
// long vowel (Yahya, Zakarya, Jawad: the letter carries the vowel that
// follows it); ع at the start of a word is written "a" as in Abd, Ali,
// Omar. next is the following letter of the word, 0 at its end.
func arabicVowelLetter(r rune, wordStart bool, next rune) (string, bool) {
	beforeVowel := next == 'ا' || next == 'ى' || next == 'آ' || next == 'ة'
	switch r {
	case 'و':
		if wordStart || beforeVowel {
			return "w", true
		}
		return "u", true
	case 'ي', 'ی', 'ى', 'ې', 'ۍ', 'ے':
		if wordStart {
			return "y", true
		}
		if r == 'ى' {
			return "a", true
		}
		if beforeVowel {
			return "y", true
		}
		return "i", true
	case 'ع':
		// at the start as in Abd, Ali, Omar; inside a word too, where it
		// keeps apart the letters around it (معمر, Muammar, is m-m-r,
		// not a doubled m)
		return "a", true
	case 'ه', 'ة':
		if next == 0 && !wordStart {
			return "a", true // word-final: Akhundzada, Hamza
		}
	}
	return "", false
}

// arabicWords are whole words whose usual Latin form the letters alone do
// not give: the second parts of theophoric names (…ullah, …uddin).
var arabicWords = map[string]string{
	"الله": "allah", "الدين": "din", "الدین": "din",
}

func arabicWord(rs []rune, wordStart bool) (string, int, bool) {
	if !wordStart {
		return "", 0, false
	}
	n := 0
	for n < len(rs) && isArabicLetter(rs[n]) {
		n++
	}
	if w, ok := arabicWords[string(rs[:n])]; ok {
		return w, n, true
	}
	return "", 0, false
}
