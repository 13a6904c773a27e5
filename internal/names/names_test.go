package names

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func texts(p Parsed) string {
	var out []string
	for _, t := range p.Tokens {
		out = append(out, t.Text)
	}
	return strings.Join(out, " ")
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"José  HERNÁNDEZ", "jose hernandez"},
		{"Qa‘ida ʿAbd al-Qādir", "qaida abd al qadir"},
		{"ﬁnance Straße", "finance strasse"},
		{"O'Neil-Smith", "oneil smith"},
		{"  ", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct{ in, want, titles string }{
		{"Abd al-Rahman", "abd rahman", ""},
		{"Abdulrahman", "abd rahman", ""},
		{"Abdul Rahman", "abd rahman", ""},
		{"Abdullah", "abd allah", ""},
		{"Abd Allah", "abd allah", ""},
		{"Abu Bakr", "abu bakr", ""},
		{"Abubakar", "abu bakar", ""},
		{"Saifullah", "saif allah", ""},
		{"Osama bin Laden", "osama laden", ""},
		{"AL-ZAWAHIRI, Ayman", "ayman zawahiri", ""},
		{"Major General Qassem Soleimani", "qassem soleimani", "major general"},
		{"Gen. Soleimani", "soleimani", "gen"},
		{"Sheikh Haji Mullah Maulavi Omar", "omar", "sheikh haji mullah maulavi"},
		{"Dr. Ayman", "ayman", "dr"},
		{"AL-TAI, Sultan Hashim Ahmad", "sultan hashim ahmad tai", ""}, // Sultan is a given name too
		{"BANK MELLI IRAN S.A.", "bank melli iran", ""},
		{"Husam-ud-Din", "husam din", ""},
		{"TARIQ GIDAR GROUP (TGG)", "tariq gidar tgg", ""},
		{"HAMSHO INTL GROUP", "hamsho international", ""},
		{"KISH INT'L BANK", "kish international bank", ""},
		{"NICO ENGINEERING LIMTIED", "nico engineering", ""}, // a misspelt legal form
		{"SKIRRON HPLDING SA", "skirron", ""},
		{"JOINT STOCK COMPANY EUROSIBENERGO", "eurosibenergo", ""},
		{"Grouper Holdings", "grouper", ""},                                    // the first word is never a legal form
		{"سراج‌الدین حقانی", "sraj din hqani", ""},                             // -din after a zero-width non-joiner
		{"راحت لمتد", "raht", ""},                                              // Limited written in Arabic script
		{"د حاجی بصیر او ضرجمیل کمپنی حواله", "haji bsir au drjmil hwala", ""}, // Pashto د is no initial
		{"LIMITED LIABILITY COMPANY FOREIGN ECONOMIC ASSOCIATION TECHNOPROMEXPORT", "foreign economic association technopromexport", ""},
		{"OTKRYTOE AKTSIONERNOE OBSHCHESTVO TEKHNOPROMEKSPORT", "tekhnopromeksport", ""},
		{"SEPRIV, S.A. DE C.V.", "sepriv", ""},
		{"عبد الرحمن ولد العامر", "abd rhmn aamr", ""}, // ولد (Ould) read from the script is a particle
	}
	for _, tt := range tests {
		p := Parse(tt.in)
		if got := texts(p); got != tt.want {
			t.Errorf("Parse(%q) tokens = %q, want %q", tt.in, got, tt.want)
		}
		if got := strings.Join(p.Titles, " "); got != tt.titles {
			t.Errorf("Parse(%q) titles = %q, want %q", tt.in, got, tt.titles)
		}
	}
	if p := Parse("TARIQ GIDAR GROUP (TGG)"); !p.Tokens[2].Optional || p.Tokens[0].Optional {
		t.Errorf("parenthesised token not optional: %+v", p.Tokens)
	}
	// Legal forms are kept in one spelling, so that two names can agree on
	// them however they are written.
	for _, tt := range []struct{ in, forms string }{
		{"KOTI CORP", "corporation"},
		{"Koti Corporation", "corporation"},
		{"BIO CORPLORATION", "corporation"},
		{"Technopromexport Limited Liability Company", "llc"},
		{"ZAKRYTOE AKTSIONERNOE OBSHCHESTVO ALMAZ", "zao"},
		{"Nico Ltd.", "limited"},
	} {
		if got := strings.Join(Parse(tt.in).LegalForms, " "); got != tt.forms {
			t.Errorf("Parse(%q) legal forms = %q, want %q", tt.in, got, tt.forms)
		}
	}
	if p := Parse("S.A. de C.V."); len(p.Tokens) == 0 {
		t.Error("a name of particles and legal forms lost every token")
	}
}

func TestKeyAbsorbsTransliteration(t *testing.T) {
	groups := [][]string{
		{"qasem", "ghasem", "kasim", "qassem", "gasem", "qasim"},
		{"soleimani", "sulaimani", "soleymani", "sulaymani", "suleimani"},
		{"mohammad", "muhammad", "mohamad", "muhamad"},
		{"othman", "osman", "uthman"},
		{"hamza", "hamzah"},
		{"ramazan", "ramadan", "ramadhan"},
		{"khalid", "halid"},
		{"dawood", "daud"},
		{"wahidi", "vahidi"},
		{"sechin", "setschin", "setchin"},         // German tsch, French tch
		{"jalal", "dschalal", "djalal"},           // German dsch, French dj
		{"patrushev", "patruschew", "patrouchev"}, // German sch and -ew
	}
	for _, g := range groups {
		want := Key(g[0])
		for _, w := range g[1:] {
			if got := Key(w); got != want {
				t.Errorf("Key(%q) = %q, Key(%q) = %q; want equal", w, got, g[0], want)
			}
		}
	}
	if Key("zhang") == Key("jiang") {
		t.Error("Zhang and Jiang share a key")
	}
}

// TestSpellingEquivalences: the word-pair tests that say two spellings are
// one name.
func TestSpellingEquivalences(t *testing.T) {
	same := map[string]func(a, b string) bool{"SameSounds": SameSounds, "SameKoreanSyllable": SameKoreanSyllable}
	for _, c := range []struct {
		fn, a, b string
		want     bool
	}{
		{"SameKoreanSyllable", "yeo", "yo", true},
		{"SameKoreanSyllable", "byeong", "pyong", true},
		{"SameKoreanSyllable", "eun", "un", true},
		{"SameKoreanSyllable", "seo", "so", true},
		{"SameKoreanSyllable", "jeong", "jong", true},
		{"SameKoreanSyllable", "geum", "kum", true},
		{"SameKoreanSyllable", "bin", "pin", false}, // no RR vowel: not read as Korean
		{"SameKoreanSyllable", "yeo", "ye", false},
		{"SameKoreanSyllable", "leon", "lon", true}, // the price: a short Western word may fold too
		{"SameSounds", "kadhafi", "qadhafi", true},
		{"SameSounds", "gaddafi", "qadhafi", true}, // a doubled letter for a digraph
		{"SameSounds", "qadhdhafi", "qadhafi", false},
		{"SameSounds", "qassem", "ghasem", false}, // the doubled letter is not where the digraph is
		{"SameSounds", "aicha", "aisha", true},
		{"SameSounds", "mouammar", "muammar", true},
		{"SameSounds", "ghasem", "qasem", true},
		{"SameSounds", "oudai", "uday", true},
		{"SameSounds", "goulbouddine", "gulbuddin", true},
		{"SameSounds", "rahime", "rahma", false},
		{"SameSounds", "othman", "osman", true},
		{"SameSounds", "mohamad", "mohammad", false},
		{"SameSounds", "qasem", "kasim", false},
		{"SameSounds", "yazan", "adnan", false},
		{"SameSounds", "soleimani", "sulaimani", false},
	} {
		if got := same[c.fn](c.a, c.b); got != c.want {
			t.Errorf("%s(%q, %q) = %v, want %v", c.fn, c.a, c.b, got, c.want)
		}
	}
}

func TestTransliterate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"قاسم سليماني", "qasm slimani"},
		{"قاسم سلیمانی", "qasm slimani"}, // Persian yeh
		{"عبد الرحمن", "abd rhmn"},
		{"آخوندزاده", "akhundzada"},
		{"پژمان", "pzhman"},
		{"يحيى", "yhya"},   // ي before a long vowel is the consonant
		{"جواد", "jwad"},   // so is و
		{"حقانی", "hqani"}, // final ی is the vowel
		{"Ахмед Чатаев", "akhmed chatayev"},
		{"Евгений Пригожин", "yevgeniy prigozhin"},
		{"김정은", "kim jong un"}, // written as the lists write DPRK names
		{"황병서", "hwang pyong so"},
		{"習近平", "xi jin ping"},
		{"Βλαντιμίρ", "blantimir"},
	}
	for _, tt := range tests {
		if got := texts(Parse(tt.in)); got != tt.want {
			t.Errorf("Parse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCyrillicStandards(t *testing.T) {
	tests := []struct {
		std  CyrillicStandard
		want string
	}{
		{BGN, "Yevgeniy Prigozhin"},
		{ICAO, "Evgenii Prigozhin"},
		{ISO9, "Evgenij Prigozin"},
	}
	for _, tt := range tests {
		if got := TransliterateCyrillic("Евгений Пригожин", tt.std); !strings.EqualFold(got, tt.want) {
			t.Errorf("standard %d: %q, want %q", tt.std, got, tt.want)
		}
	}
}

func TestKoreanStyles(t *testing.T) {
	if got := RomanizeHangul("김정은", RevisedRomanization); got != "kim jeong eun" {
		t.Errorf("RR = %q", got)
	}
	if got := RomanizeHangul("김정은", McCuneReischauer); got != "kim chong un" {
		t.Errorf("MR = %q", got)
	}
	if got := RomanizeHangul("최룡해", DPRK); got != "choe ryong hae" {
		t.Errorf("DPRK = %q", got)
	}
}

func TestScript(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Qasem", "Latin"}, {"قاسم", "Arabic"}, {"Пригожин", "Cyrillic"}, {"김정은", "Hangul"},
		{"習近平", "Han"}, {"ウラジーミル", "Katakana"}, {"ולדימיר", "Hebrew"}, {"123", ""},
	}
	for _, tt := range tests {
		if got := Script(tt.in); got != tt.want {
			t.Errorf("Script(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSimilarity(t *testing.T) {
	if JaroWinkler("martha", "marhta") < 0.96 || JaroWinkler("abc", "xyz") != 0 || JaroWinkler("", "") != 0 {
		t.Error("JaroWinkler gives wrong values")
	}
	tests := []struct {
		a, b string
		want int
	}{{"bank", "babk", 1}, {"ahmad", "ahmda", 1}, {"soleimani", "sulaimani", 2}, {"abc", "abcdef", 3}}
	for _, tt := range tests {
		if got := EditDistance(tt.a, tt.b, 2); got != min(tt.want, 3) {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if VowelShape("soleimani") != VowelShape("sulaimani") || VowelShape("jiang") == VowelShape("jong") {
		t.Error("VowelShape does not separate what it should")
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Qasem Soleimani", "قاسم سليماني", "김정은", "Ахмед", "S.A. de C.V.", "\xff\xfe", "ʿAbd al-Rahman (X)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Fold(s)
		if twice := Fold(once); twice != once {
			t.Fatalf("Fold not idempotent: %q → %q → %q", s, once, twice)
		}
		if !utf8.ValidString(once) {
			t.Fatalf("Fold(%q) is not valid UTF-8", s)
		}
		for _, tok := range Parse(s).Tokens {
			if tok.Text == "" {
				t.Fatalf("Parse(%q) produced an empty token", s)
			}
		}
	})
}

func TestStripJoinedArticle(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"alaqsa", "aqsa"}, {"essabar", "sabar"}, {"arrahman", "rahman"}, {"urrehman", "rehman"},
		{"abbasi", ""},                  // b is no sun letter
		{"assad", ""},                   // too short to tell
		{"elmal", "mal"}, {"elena", ""}, // al/el before a consonant, in five letters
		{"binmuhammed", "muhammed"}, {"benhassine", "hassine"},
		{"benjamin", ""}, // bin/ben only before a long name
	} {
		got, _ := StripJoinedArticle(tt.in)
		if got != tt.want {
			t.Errorf("StripJoinedArticle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsCompound(t *testing.T) {
	for _, w := range []string{"sirajuddin", "abdulrahman", "abubakar", "saifullah", "nasrallah", "jalaluddin", "abdallah"} {
		if !IsCompound(w) {
			t.Errorf("IsCompound(%q) = false", w)
		}
	}
	for _, w := range []string{"soleimani", "moscow", "abbas", "din", "baradar"} {
		if IsCompound(w) {
			t.Errorf("IsCompound(%q) = true", w)
		}
	}
	// French and o-for-u spellings split at the same place
	for w, want := range map[string]string{"goulbouddine": "goulb din", "golboddin": "golb din", "gulbuddin": "gulb din", "noureddine": "nour din"} {
		if got := strings.Join(splitCompound(w), " "); got != want {
			t.Errorf("splitCompound(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestEditDistanceBand compares the banded distance with a plain
// full-matrix one on random words.
func TestEditDistanceBand(t *testing.T) {
	full := func(a, b string) int {
		d := make([][]int, len(a)+1)
		for i := range d {
			d[i] = make([]int, len(b)+1)
			d[i][0] = i
		}
		for j := range d[0] {
			d[0][j] = j
		}
		for i := 1; i <= len(a); i++ {
			for j := 1; j <= len(b); j++ {
				cost := 1
				if a[i-1] == b[j-1] {
					cost = 0
				}
				d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
				if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
					d[i][j] = min(d[i][j], d[i-2][j-2]+1)
				}
			}
		}
		return d[len(a)][len(b)]
	}
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, 1+rng.IntN(12))
		for i := range b {
			b[i] = "abcde"[rng.IntN(5)]
		}
		return string(b)
	}
	for range 20000 {
		a, b := word(), word()
		for _, limit := range []int{1, 2, 3} {
			if got, want := EditDistance(a, b, limit), min(full(a, b), limit+1); got != want {
				t.Fatalf("EditDistance(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
			}
		}
	}
}
