// Package names turns personal and organisation names written in any
// script into comparable Latin tokens: Unicode normalisation, script
// detection, transliteration, Arabic name structure (articles, bin/ibn,
// abd- and abu- compounds), titles and legal forms, and a phonetic key that
// absorbs the ways Arabic and Persian names are transliterated.
//
// It is pure computation: no I/O, safe for concurrent use.
package names

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func nfkc(s string) string { return norm.NFKC.String(s) }

// specialLatin are letters that do not decompose into a base letter and a
// combining mark.
var specialLatin = map[rune]string{
	'ß': "ss", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th",
	'ı': "i", 'ħ': "h", 'ŀ': "l", 'ŧ': "t", 'ŋ': "ng", 'ſ': "s", 'ə': "a", 'ɨ': "i",
}

// isMark reports characters that are dropped without a word break:
// apostrophes, ayn/hamza marks and similar.
func isMark(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʿ', 'ʾ', '`', '´', 'ʼ', 'ʻ', '′', 'ʹ', '"', '“', '”':
		return true
	}
	return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Lm, r)
}

// fold lower-cases, transliterates and strips diacritics; it keeps letters,
// digits, single spaces and (when keepHyphen) hyphens.
func fold(s string, keepHyphen bool) string {
	s = transliterate(nfkc(s))
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
			space = false
		case isMark(r):
		case r == '-' && keepHyphen && !space:
			b.WriteByte('-')
		default:
			if sp, ok := specialLatin[r]; ok {
				b.WriteString(sp)
				space = false
				continue
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				// anything left unromanised: ask unidecode via transliterate
				t := transliterate(string(r))
				for _, c := range strings.ToLower(t) {
					if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
						b.WriteRune(c)
						space = false
					}
				}
				continue
			}
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	out := strings.TrimSpace(b.String())
	if keepHyphen {
		out = strings.ReplaceAll(out, "- ", " ")
		out = strings.TrimSuffix(out, "-")
	}
	return out
}

// Fold is the normalised form of a name: Latin letters and digits in lower
// case, single spaces. Fold(Fold(s)) == Fold(s).
func Fold(s string) string { return fold(s, false) }

// Token is one word of a parsed name.
type Token struct {
	Text string `json:"text"` // folded Latin
	Key  string `json:"key"`  // phonetic skeleton, see Key
	// Optional tokens (inside parentheses) cost little when unmatched.
	Optional bool `json:"optional,omitempty"`
	// Bound tokens continue the previous one (the "rahman" of Abd al-Rahman):
	// an initial standing for the compound covers them too.
	Bound bool `json:"bound,omitempty"`
	// Romanized tokens were transliterated from another script, so their
	// vowels are guesses (Arabic writes few); compare them by key.
	Romanized bool `json:"romanized,omitempty"`
	// Letters has a bit per letter a–z the word holds: two words whose
	// sets differ in more than 2·n letters are more than n edits apart,
	// which spares most edit distances (0 means not computed).
	Letters uint32 `json:"-"`
	// Bare is the word without an article written joined to it
	// (Alahmad → ahmad, Essabar → sabar), with its key; empty if none.
	Bare    string `json:"bare,omitempty"`
	BareKey string `json:"-"`
}

// StripJoinedArticle removes an Arabic article or filial particle written
// joined to a word: al-, el-, the article assimilated to a sun letter,
// which is written as that letter doubled (Essabar = as-Sabar, Arrahman =
// ar-Rahman, Ettayeb = at-Tayeb, Urrehman = ur-Rehman), and bin/ibn/ben
// before a long name (Binmuhammed, Benhassine). Words under six letters
// are left alone, but for al/el before a consonant (Elmal = el-Mal).
func StripJoinedArticle(t string) (string, bool) {
	if len(t) == 5 && (t[0] == 'a' || t[0] == 'e') && t[1] == 'l' && strings.IndexByte("aeiouyl", t[2]) < 0 {
		return t[2:], true
	}
	if len(t) < 6 {
		return "", false
	}
	if strings.HasPrefix(t, "al") || strings.HasPrefix(t, "el") {
		return t[2:], true
	}
	if len(t) >= 9 && (strings.HasPrefix(t, "bin") || strings.HasPrefix(t, "ibn") || strings.HasPrefix(t, "ben")) {
		return t[3:], true
	}
	if (t[0] == 'a' || t[0] == 'e' || t[0] == 'u') && t[1] == t[2] && strings.IndexByte("tdrzsn", t[1]) >= 0 {
		return t[2:], true
	}
	return "", false
}

// LetterSet is the set of letters a–z in w, a bit each.
func LetterSet(w string) uint32 {
	var m uint32
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'a' && c <= 'z' {
			m |= 1 << (c - 'a')
		}
	}
	return m
}

// Initial reports whether the token is a single letter.
func (t Token) Initial() bool { return len(t.Text) == 1 }

// Parsed is a name ready for matching.
type Parsed struct {
	Tokens []Token `json:"tokens"`
	// Titles and legal forms removed from the name; evidence, not name.
	Titles     []string `json:"titles,omitempty"`
	LegalForms []string `json:"legal_forms,omitempty"`
	// Particles has a bit per first letter (a–z) of the particles left
	// out as words (bin, ould, de): an initial may stand for one.
	Particles uint32 `json:"-"`
}

// Joined is the tokens' text without spaces, used to compare names whose
// word breaks differ (Abdul Rahman / Abdulrahman).
func (p Parsed) Joined() string {
	var b strings.Builder
	for _, t := range p.Tokens {
		b.WriteString(t.Text)
	}
	return b.String()
}

var articles = set("al", "el", "ad", "ar", "as", "at", "az", "ash", "an", "adh", "ul", "ud", "ur", "us", "ush", "ut", "uz", "ed", "er", "es", "et", "ez", "il")

// particles carry no identity: dropped wherever they stand.
var particles = set("al", "el", "es", "ed", "ul", "ud", "ur", "ash", "adh", "bin", "ibn", "bint", "binti", "bn", "ben", "bnt", "ould", "wuld", "walad", "uld", "wld",
	"de", "da", "del", "della", "der", "den", "van", "von", "di", "du", "dos", "das", "la", "le", "y", "of", "the", "and", "und", "et", "wa")

var abdForms = []string{"abdoul", "abdul", "abdel", "abdal", "abdur", "abdar", "abdol", "abdus", "abdou", "abdu", "abd"}

var abuForms = set("abu", "abou", "abo", "abw", "aboo", "bou")

// titles are removed from the front of a name and kept as evidence.
var titles = set("general", "gen", "maj", "major", "brigadier", "brig", "colonel", "col", "lt", "lieutenant",
	"captain", "capt", "cpt", "admiral", "adm", "marshal", "commander", "cmdr", "sergeant", "sgt",
	"sheikh", "shaikh", "sheik", "shaykh", "cheikh", "haji", "hajji", "haj", "hadji", "hajj", "alhaji", "alhaj",
	"mullah", "mulla", "mollah", "molla", "maulavi", "maulvi", "mawlawi", "moulavi", "molvi", "mawlavi", "maulana", "mawlana",
	"sardar", "mla", "shykh", "shikh", "dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "sir", "imam", "ayatollah",
	"hojatoleslam", "hojjatoleslam", "mufti", "qari", "hafiz", "engineer", "eng", "ustad", "ustadh",
	"don", "dona", "ing", "ingeniero", "lic", "licenciado", "licenciada", "sr", "sra", "srta", "senor", "senora",
	"dra", "arq", "abog", "mme", "mlle", "monsieur", "madame", "herr", "frau", "gospodin", "hon", "honorable", "excellency", "his", "her",
	"president", "vice", "prime", "minister", "king", "prince", "princess", "queen", "emir", "sheikha",
	"chairman", "senator", "governor", "ambassador", "deputy", "sayyed", "sayyid", "seyed", "seyyed", "syed", "sayed")

// legalForms are company-type words; they say little about identity.
var legalForms = set("ltd", "limited", "llc", "inc", "incorporated", "co", "company", "corp", "corporation",
	"gmbh", "sa", "sarl", "sas", "ag", "bv", "nv", "plc", "jsc", "ojsc", "cjsc", "pjsc", "ooo", "zao", "oao", "pao",
	"fze", "fzco", "fzc", "fzllc", "est", "establishment", "spa", "srl", "sl", "kg", "pte", "pvt", "private", "lp", "llp",
	"sdn", "bhd", "tov", "sal", "wll", "sae", "as", "ab", "oy", "sro", "kft", "group", "holding", "holdings", "enterprise", "enterprises",
	"joint", "stock", // joint stock company
	"cv", "rl", "spr") // Mexican S.A. de C.V., S. de R.L., S.P.R.

// orgAbbreviations are the shortened forms of words company names spell
// out elsewhere (Hamsho Intl Group = Hamsho International Group).
var orgAbbreviations = map[string]string{
	"intl": "international", "intnl": "international", "natl": "national", "assn": "association",
	"assoc": "association", "dept": "department", "govt": "government", "mgmt": "management",
	"bros": "brothers", "mfg": "manufacturing", "svcs": "services", "univ": "university",
}

// canonicalLegalForms writes the short forms of a legal form as the long
// one, so that two names that agree on their form are seen to (Koti Corp =
// Koti Corporation).
var canonicalLegalForms = map[string]string{
	"ltd": "limited", "corp": "corporation", "co": "company", "inc": "incorporated",
	"holding": "holdings", "enterprise": "enterprises", "est": "establishment",
}

// legalFormPhrases are legal forms written out, in English and in
// transliterated Russian, with the abbreviation that stands for them
// (Limited Liability Company = LLC, Otkrytoe Aktsionernoe Obshchestvo = OAO).
var legalFormPhrases = []struct {
	words []string
	form  string
}{
	{strings.Fields("limited liability company"), "llc"},
	{strings.Fields("limited liability partnership"), "llp"},
	{strings.Fields("public limited company"), "plc"},
	{strings.Fields("open joint stock company"), "ojsc"},
	{strings.Fields("closed joint stock company"), "cjsc"},
	{strings.Fields("public joint stock company"), "pjsc"},
	{strings.Fields("joint stock company"), "jsc"},
	{strings.Fields("free zone establishment"), "fze"},
	{strings.Fields("free zone company"), "fzco"},
	{strings.Fields("obshchestvo s ogranichennoy otvetstvennostyu"), "ooo"},
	{strings.Fields("obshchestvo s ogranichennoi otvetstvennostyu"), "ooo"},
	{strings.Fields("otkrytoe aktsionernoe obshchestvo"), "oao"},
	{strings.Fields("zakrytoe aktsionernoe obshchestvo"), "zao"},
	{strings.Fields("publichnoe aktsionernoe obshchestvo"), "pao"},
	{strings.Fields("aktsionernoe obshchestvo"), "ao"},
	{strings.Fields("sociedad anonima"), "sa"},
	{strings.Fields("societe anonyme"), "sa"},
}

// legalFormPhraseStarts are the first words of legalFormPhrases.
var legalFormPhraseStarts = func() map[string]bool {
	m := map[string]bool{}
	for _, ph := range legalFormPhrases {
		m[ph.words[0]] = true
	}
	return m
}()

// legalFormPhrase finds a written-out legal form at the start of words and
// returns its abbreviation and how many words it took (0 if none).
func legalFormPhrase(words []word) (string, int) {
	if !legalFormPhraseStarts[words[0].text] {
		return "", 0
	}
	for _, ph := range legalFormPhrases {
		if len(words) < len(ph.words) || words[0].text != ph.words[0] {
			continue
		}
		if slices.EqualFunc(words[:len(ph.words)], ph.words, func(w word, s string) bool { return w.text == s }) {
			return ph.form, len(ph.words)
		}
	}
	return "", 0
}

// scriptLegalForms are legal forms as read from Arabic script: Arabic and
// Persian words (شركة, شرکت, مجموعة) and English ones written in it (ليمتد,
// کمپنی), which arrive as consonant frames.
var scriptLegalForms = map[string]string{
	"shrka": "company", "shrkt": "company", "shrkh": "company", "shrkat": "company",
	"mjmua": "group", "mjmwa": "group", "grup": "group", "grwp": "group",
}

// scriptLegalFormKeys are the phonetic keys of English legal forms long
// enough to be recognised in a consonant frame (limtd, kmpni).
var scriptLegalFormKeys = map[string]string{
	Key("limited"): "limited", Key("company"): "company", Key("corporation"): "corporation", Key("holding"): "holdings",
}

// scriptLegalForm reports whether a word romanised from another script is a
// legal form, and which.
func scriptLegalForm(w string) (string, bool) {
	if f, ok := scriptLegalForms[w]; ok {
		return f, true
	}
	f, ok := scriptLegalFormKeys[Key(w)]
	return f, ok
}

// legalFormTypo finds a misspelt legal form (Limtied, Hplding): one edit
// from a legal form of five letters or more, which it returns. It is asked
// only of words after the first, so a name is never reduced to nothing.
func legalFormTypo(w string) (string, bool) {
	if len(w) < 5 {
		return "", false
	}
	for _, f := range typoLegalForms {
		if d := len(f) - len(w); d >= -1 && d <= 1 && w[0] == f[0] && EditDistance(w, f, 1) <= 1 {
			return f, true
		}
	}
	return "", false
}

// legalForm reports whether word w is a legal form, and which (canonical).
func legalForm(w string, first bool) (string, bool) {
	if !legalForms[w] {
		if first {
			return "", false
		}
		return legalFormTypo(w)
	}
	if c, ok := canonicalLegalForms[w]; ok {
		return c, true
	}
	return w, true
}

var typoLegalForms = []string{"limited", "company", "corporation", "incorporated", "holding", "holdings",
	"group", "establishment", "enterprise", "enterprises", "private"}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// word is a word of a name being parsed: optional if in parentheses, bound
// to the word before it if split from it (Abdul|Manan, Saif|Allah).
type word struct {
	text     string
	optional bool
	bound    bool
}

// Parse prepares a name for matching.
//
// Compound Arabic names are split into their parts, so that the parts can
// be aligned in any order: Abd al-Rahman, Abdul Rahman and Abdulrahman all
// become "abd rahman"; Abdullah, Abdallah and Abd Allah become "abd allah";
// Abubakr becomes "abu bakr"; Saifullah and Saif Ullah become "saif allah".
// The common parts (abd, abu, allah, din) weigh little in matching because
// they are frequent. A "FAMILY, Given" name is read as "Given FAMILY".
// Words in parentheses (acronyms, branch notes) are marked optional.
func Parse(name string) Parsed {
	var p Parsed
	romanized := Script(name) != "Latin"
	name = joinAbbreviations(name)
	if fam, given, ok := strings.Cut(name, ","); ok && !strings.Contains(given, ",") && strings.TrimSpace(given) != "" && !strings.ContainsAny(name, "()") {
		name = given + " " + fam
	}
	var words []word
	depth := 0
	for _, seg := range splitParens(name) {
		if seg == "(" {
			depth++
			continue
		}
		if seg == ")" {
			depth = max(0, depth-1)
			continue
		}
		folded := fold(seg, true)
		// "Ehsan -ullah" (from Arabic script) joins the previous word.
		folded = strings.ReplaceAll(folded, " -", "-")
		for _, w := range strings.Fields(strings.TrimPrefix(folded, "-")) {
			parts := strings.Split(w, "-")
			for i, part := range parts {
				if part == "" {
					continue
				}
				// al-Zawahiri, Zaki-ur-Rehman: hyphenated articles go.
				if len(parts) > 1 && i < len(parts)-1 && articles[part] {
					p.Particles |= LetterSet(part[:1])
					continue
				}
				words = append(words, word{part, depth > 0, false})
			}
		}
	}
	// Leading titles ("Maj. Gen.", "Sheikh"), kept as evidence.
	for len(words) > 1 && titles[words[0].text] {
		p.Titles = append(p.Titles, words[0].text)
		words = words[1:]
	}
	out := make([]word, 0, len(words)+2)
	for k := 0; k < len(words); k++ {
		if f, n := legalFormPhrase(words[k:]); n > 0 && n < len(words) {
			p.LegalForms = append(p.LegalForms, f)
			k += n - 1
			continue
		}
		w := words[k]
		t := w.text
		if particles[t] && len(words) > 1 {
			p.Particles |= LetterSet(t[:1])
			continue
		}
		if romanized && len(words) > 1 {
			if len(t) == 1 {
				continue // Arabic script has no initials: a one-letter word is a particle (Pashto د)
			}
			if f, ok := scriptLegalForm(t); ok {
				p.LegalForms = append(p.LegalForms, f)
				continue
			}
		}
		if full, ok := orgAbbreviations[t]; ok && len(words) > 1 {
			t = full
		}
		if f, ok := legalForm(t, len(out) == 0); ok && len(words) > 1 {
			p.LegalForms = append(p.LegalForms, f)
			continue
		}
		// The word after a standalone Abd or Abu belongs to it (Abdul Manan).
		bindNext := len(out) > 0 && (out[len(out)-1].text == "abd" || out[len(out)-1].text == "abu")
		parts := splitCompound(t)
		if romanized && len(parts) == 1 && len(t) >= 6 && strings.HasSuffix(t, "din") {
			// a frame read from the script with -din joined by a
			// zero-width non-joiner (سراج‌الدین = srajdin)
			parts = []string{t[:len(t)-3], "din"}
		}
		for i, part := range parts {
			out = append(out, word{part, w.optional, i > 0 || bindNext})
		}
	}
	if len(out) == 0 { // a name made only of particles: keep them
		out = words
	}
	p.Tokens = make([]Token, 0, len(out))
	for _, w := range out {
		t := Token{Text: w.text, Key: Key(w.text), Optional: w.optional, Bound: w.bound, Romanized: romanized, Letters: LetterSet(w.text)}
		if bare, ok := StripJoinedArticle(w.text); ok {
			t.Bare, t.BareKey = bare, Key(bare)
		}
		p.Tokens = append(p.Tokens, t)
	}
	return p
}

// splitParens cuts s into text segments and "(" / ")" markers; square
// brackets count as parentheses.
func splitParens(s string) []string {
	var out []string
	last := 0
	for i, r := range s {
		switch r {
		case '(', '[', ')', ']':
			out = append(out, s[last:i])
			if r == '(' || r == '[' {
				out = append(out, "(")
			} else {
				out = append(out, ")")
			}
			last = i + 1
		}
	}
	return append(out, s[last:])
}

var allahForms = set("allah", "ullah", "ulla", "alla", "lah", "llah", "ollah", "olla", "ala", "illah")

// dinSuffixes, longest first, with the French forms (Goulbouddine,
// Nourredine) and o for u (Golboddin).
var dinSuffixes = []string{"ouddine", "uddine", "uddeen", "eddine", "oudine", "uddin", "eddin", "oddin", "addin", "aldin", "uldin", "udin", "adin", "din"}

var allahSuffixes = []string{"ullah", "ollah", "allah", "ulla", "olla", "alla"}

// IsCompound reports whether a folded word is an abd-, abu-, -ullah or
// -uddin compound that Parse splits (Sirajuddin = siraj din).
func IsCompound(word string) bool {
	n := len(word)
	if n < 5 {
		return false
	}
	// every compound form starts with "ab" or ends in one of these
	switch end := word[n-3:]; {
	case strings.HasPrefix(word, "ab"), end == "din", end == "ine", end == "een", end == "lah", end == "lla", end == "ala":
		return len(splitCompound(word)) > 1
	}
	return false
}

// splitCompound splits abd-, abu- and -ullah/-uddin compounds.
func splitCompound(t string) []string {
	for _, f := range abdForms {
		if t == f {
			return []string{"abd"}
		}
		if strings.HasPrefix(t, f) && len(t) >= len(f)+2 {
			rest := t[len(f):]
			if allahForms[rest] {
				rest = "allah"
			}
			return []string{"abd", rest}
		}
	}
	if abuForms[t] {
		return []string{"abu"}
	}
	if strings.HasPrefix(t, "abu") && len(t) >= 7 {
		return []string{"abu", t[3:]}
	}
	if allahForms[t] {
		return []string{"allah"}
	}
	for _, suf := range allahSuffixes {
		if strings.HasSuffix(t, suf) && len(t) >= len(suf)+3 {
			return []string{t[:len(t)-len(suf)], "allah"}
		}
	}
	for _, suf := range dinSuffixes {
		if strings.HasSuffix(t, suf) && len(t) >= len(suf)+3 && suf != "din" {
			return []string{t[:len(t)-len(suf)], "din"}
		}
	}
	switch t {
	case "uddin", "udin", "eddine", "deen", "dine":
		return []string{"din"}
	}
	return []string{t}
}

// abbreviation matches dotted abbreviations such as S.A. or L.L.C.
var abbreviation = regexp.MustCompile(`(?:\b\pL\.){2,}`)

// joinAbbreviations writes dotted abbreviations as one word: "S.A." → "SA",
// "L.L.C." → "LLC", so that they are recognised as legal forms.
func joinAbbreviations(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return abbreviation.ReplaceAllStringFunc(s, func(m string) string { return strings.ReplaceAll(m, ".", "") + " " })
}

// IsTitle reports whether a folded word is a title or honorific that Parse
// removes from names (General, Sheikh, Mullah …).
func IsTitle(word string) bool { return titles[word] }

// courtesyTitles address anyone (Mr, Señora, Monsieur); the other titles
// name a rank or office that few people hold.
var courtesyTitles = set("mr", "mrs", "ms", "miss", "sir", "don", "dona", "sr", "sra", "srta", "senor", "senora",
	"mme", "mlle", "monsieur", "madame", "herr", "frau", "gospodin", "hon", "honorable", "excellency", "his", "her")

// titleAbbreviations spell out the abbreviated titles.
var titleAbbreviations = map[string]string{"gen": "general", "maj": "major", "col": "colonel", "brig": "brigadier",
	"lt": "lieutenant", "capt": "captain", "cpt": "captain", "adm": "admiral", "cmdr": "commander", "sgt": "sergeant",
	"dr": "doctor", "prof": "professor", "eng": "engineer"}

// TitleWord spells out an abbreviated title (Gen. → general), so that it
// can be found in a listed designation.
func TitleWord(t string) string {
	if full, ok := titleAbbreviations[t]; ok {
		return full
	}
	return t
}

// IsRankTitle reports whether a folded title names a rank or office
// (General, Mullah, President) rather than a courtesy (Mr).
func IsRankTitle(word string) bool { return titles[word] && !courtesyTitles[word] }

// IsArticle reports whether a folded word is an Arabic article in one of
// its spellings (al, el, ad, ur …).
func IsArticle(word string) bool { return articles[word] }

// IsParticle reports whether a folded word is a name particle (al, bin …).
func IsParticle(word string) bool {
	return particles[word] || abuForms[word] || word == "abd" || word == "abdul" || word == "abdel"
}
