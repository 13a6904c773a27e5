package scan

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vigilhq/vigil/internal/names"
)

// The scanner's word lists live in lexicon/<language>.txt, one file per
// language, in each language's own script (see lexicon/README.md for the
// format). They are folded at load into the form the tokenizer gives a
// word (lower case, other scripts romanised by the names package) and
// merged into the sets below, which the scanner reads whatever the
// article's language: news quotes and names cross languages.
//
//go:embed lexicon/*.txt
var lexiconFiles embed.FS

var (
	// presenceCues are words that report a person present in, or
	// travelling to, a place.
	presenceCues = map[string]bool{}
	// directObject verbs take the place right after them ("visited Moscow").
	directObject = map[string]bool{}
	// nounCues name a journey; the place follows at once ("trip to
	// Moscow"), or the noun is about travel in general ("trip abroad
	// since … in Kabul").
	nounCues = map[string]bool{}
	// journeyVerbs name a movement whose origin ("from Doha") the
	// traveller was in as well.
	journeyVerbs = map[string]bool{}
	// hostCues report the subject as the guest of someone in a place
	// ("received Sirajuddin Haqqani … in Abu Dhabi"): the subject is
	// their object, named right after them.
	hostCues = map[string]bool{}
	// scriptHostCues are host verbs of verb-first languages: the host
	// follows the verb and the guest comes later ("استقبل رئيس الإمارات …
	// سراج الدين حقاني").
	scriptHostCues = map[string]bool{}
	// weakCues need a preposition and a nearby place; "was" alone is too
	// common to stand for presence unless "in <place>" follows at once.
	weakCues = map[string]bool{}
	// prepositions introduce the place of a presence cue.
	prepositions = map[string]bool{}
	// modal words before a cue make the trip hypothetical.
	modal = map[string]bool{}
	// negations before or just after a cue cancel the trip.
	negations = map[string]bool{}
	// afterCue words right after a cue cancel it ("was denied entry";
	// verb-final languages put negation and tense after the verb).
	afterCue = map[string]bool{}
	// exemptionWords and grantWords make a sentence that reports a
	// travel-ban exemption granted.
	exemptionWords = map[string]bool{}
	grantWords     = map[string]bool{}
	// hedges lower the confidence of a trip.
	hedges = map[string]bool{}
	// conjunctions join places or persons of one journey.
	conjunctions = map[string]bool{}
	// collectiveNouns after a surname make it name a group, not a person.
	collectiveNouns = map[string]bool{}
	// ageWords give a person's age with a number: after it ("53 ans",
	// "(53 عاما)") or written on to it ("48-year-old", "71-jährige",
	// "48enne").
	ageWords = map[string]bool{}
	// pronouns can stand for the person last named; pronounGender gives
	// the gender one agrees with, as lists write it.
	pronouns      = map[string]bool{}
	pronounGender = map[string]string{}
	// stopwords are never part of a name and are ignored when comparing
	// an article with a subject's designations. Scripts without capitals
	// cannot show that a word is no name, so their lists hold common news
	// words too.
	stopwords = map[string]bool{}
	// functionWords are each language's commonest words, for telling
	// Latin-script languages apart.
	functionWords = map[string]map[string]bool{}

	// articles may stand between a preposition and its place ("to the
	// Kremlin", "à la Havane").
	articles = map[string]bool{}
	// postpositions follow their place, written on to it: Turkish case
	// endings after the apostrophe (Tahran'da) and Korean particles
	// (평양에서), which the tokenizer splits off.
	postpositions = map[string]bool{}
	// suffixes are the other endings the tokenizer splits off a Turkish
	// proper noun's apostrophe (Süleymani'nin).
	suffixes = map[string]bool{}
	// joinedPrepositions are written on to their place (Arabic بموسكو
	// "in Moscow", لبغداد "to Baghdad"); they are prepositions too.
	joinedPrepositions = map[string]bool{}
	// elisions are the articles and prepositions French and Italian write
	// on to the next word with an apostrophe (l'Iran, d'Abeïbara,
	// dell'Italia); the tokenizer splits them off.
	elisions = map[string]bool{}
	// knownWords holds every word of the lists, folded: the tokenizer
	// never splits one.
	knownWords = map[string]bool{}
	// hanWords are the lists' words in Chinese characters, as written: the
	// tokenizer cuts runs of Han text at them.
	hanWords   = map[string]bool{}
	hanMaxRune = 1
	// hangulWords and hangulParticles are the Korean list words and
	// particles as written, so the tokenizer tells them without folding.
	hangulWords     = map[string]bool{}
	hangulParticles = map[string]bool{}
	// nativeDateUnits are the CJK date units as written (年, 월).
	nativeDateUnits = map[string]bool{}
	// transportCues report a person carried somewhere by someone else:
	// the traveller is their object ("the plane carried Aweys back to
	// Somalia"), unless a passive auxiliary comes before ("was flown").
	transportCues = map[string]bool{}
	passiveAux    = map[string]bool{}
	// relativeNouns after a possessive name someone other than the
	// pronoun's person ("his son travelled").
	relativeNouns = map[string]bool{}
	// delegationWords make the persons a sentence names members of one
	// party travelling together.
	delegationWords = map[string]bool{}
	// originPrepositions name where a journey started, transitPrepositions
	// the places it passed through: the traveller was in both.
	originPrepositions  = map[string]bool{}
	transitPrepositions = map[string]bool{}
	// residenceCues report a stay rather than a journey: a date after
	// "since" dates its start.
	residenceCues = map[string]bool{}
	// pronounLanguages: the languages a word is a pronoun in (Russian
	// "on" is an English preposition).
	pronounLanguages = map[string]map[string]bool{}
	// placeFrame words stand between a preposition and a place's name
	// ("in the southern Iraqi city of Fallujah").
	placeFrame = map[string]bool{}
	// homeWords after a journey verb send the traveller to their own
	// country ("returned home"); placeAnaphors stand for the country
	// named last ("returned to the country").
	homeWords     = map[string]bool{}
	placeAnaphors = map[string]bool{}
	// captionWords mark a photo caption, which puts the person shown in
	// the place it names without a verb of travel.
	captionWords = map[string]bool{}
	// relativePronouns open a clause whose dates are not the main verb's
	// ("X, who was ousted in 2013, has returned").
	relativePronouns = map[string]bool{}
	// sectionLanguages: the languages a word of a section belongs to,
	// for the sections whose words must be read in their own language
	// (Portuguese "no" is no English negation).
	sectionLanguages = map[string]map[string]map[string]bool{"modal": {}, "negation": {}, "after-cue": {}}
	// adverbs may stand between a weak cue and its preposition ("is
	// currently in"); words ending in -ly count too.
	adverbs = map[string]bool{}
	// reportingVerbs say who told the news: a date right after one dates
	// the telling ("officials said on Tuesday"), not the journey.
	reportingVerbs = map[string]bool{}
	// lexiconLanguages are the languages that have word lists.
	lexiconLanguages = map[string]bool{}

	// Dates.
	months            = map[string]time.Month{}
	monthPhrases      = map[string]time.Month{} // two words ("كانون الثاني"), folded, joined by a space
	solarMonths       = map[string]int{}        // months of the Solar Hijri calendar
	solarYearWords    = map[string]bool{}       // "year", "solar" beside a bare Solar Hijri year
	capitalisedOnly   = map[string]bool{}       // month words that are ordinary words too (may, march)
	weekdays          = map[string]time.Weekday{}
	relativeDays      = map[string]int{} // yesterday -1, today 0
	monthPrepositions = map[string]bool{}
	// monthPostpositions follow a bare month to the same end (Turkish
	// "Temmuz ayında", in the month of July).
	monthPostpositions = map[string]bool{}
	// periodModifiers (last -1, this 0) and periodUnits (week, month,
	// year) make relative periods in either order ("last week", "la
	// semaine dernière"); relativePeriods are one-word ones (上周, 지난달).
	periodModifiers = map[string]int{}
	periodUnits     = map[string]string{}
	relativePeriods = map[string]relativePeriod{}
	// dateUnits mark the parts of numeric CJK dates (2026年5月8日, 2026년
	// 5월 8일): year, month, day.
	dateUnits = map[string]string{}
	// sinceWords before a date make it start or end a stay ("since
	// 2013"); laterWords before a cue make the dates before it another
	// journey's ("and later moved to").
	sinceWords = map[string]bool{}
	laterWords = map[string]bool{}
	// dateConnectors stand between the parts of a date ("5 de mayo de 2026").
	dateConnectors = map[string]bool{}
)

// relativePeriod is a week, month or year counted from publication
// (offset -1 the last one, 0 the current one).
type relativePeriod struct {
	offset int
	unit   string
}

// hanCutSections are the sections whose one-character Chinese words cut
// Chinese text (在北京, 他将前往). Other single characters (的, 和, 及)
// are parts of too many names and places (的黎波里, 共和国, 埃及).
var hanCutSections = map[string]bool{"preposition": true, "pronoun": true, "modal": true, "negation": true,
	"presence": true, "direct": true, "origin-preposition": true}

// lexiconSets maps a section of the word lists to the set it fills.
var lexiconSets = map[string]map[string]bool{
	"presence": presenceCues, "direct": directObject, "journey-noun": nounCues, "journey-verb": journeyVerbs,
	"host": hostCues, "host-first": scriptHostCues, "weak": weakCues, "preposition": prepositions,
	"modal": modal, "negation": negations, "after-cue": afterCue, "exemption": exemptionWords, "grant": grantWords,
	"hedge": hedges, "conjunction": conjunctions, "collective": collectiveNouns, "pronoun": pronouns,
	"stopword": stopwords, "month-preposition": monthPrepositions, "month-postposition": monthPostpositions, "article": articles,
	"postposition": postpositions, "suffix": suffixes, "elision": elisions, "joined-preposition": joinedPrepositions, "capitalised": capitalisedOnly,
	"date-connector": dateConnectors, "solar-year": solarYearWords, "since": sinceWords, "later": laterWords,
	"transport": transportCues, "passive": passiveAux, "relative-noun": relativeNouns, "delegation": delegationWords,
	"origin-preposition": originPrepositions, "transit-preposition": transitPrepositions, "residence": residenceCues,
	"age":         ageWords,
	"place-frame": placeFrame, "home": homeWords, "place-anaphor": placeAnaphors, "caption": captionWords, "relative-pronoun": relativePronouns, "adverb": adverbs, "reporting": reportingVerbs,
}

func init() {
	if err := loadLexicons(lexiconFiles); err != nil {
		panic(err) // the files are embedded: a bad one fails every test
	}
	indexFunctionWords()
}

// foldWord folds a word as the tokenizer folds article text.
func foldWord(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return strings.ReplaceAll(names.Fold(w), " ", "")
		}
	}
	return asciiLower(w)
}

// ownWord: the word belongs to the section in the article's language, or
// the language has no lists of its own.
func ownWord(section, w, lang string) bool {
	return !lexiconLanguages[lang] || sectionLanguages[section][w][lang]
}

func isFolded(f string) bool {
	return f != "" && strings.Trim(f, "abcdefghijklmnopqrstuvwxyz0123456789-") == ""
}

func isCJK(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// loadLexicons reads every lexicon/*.txt file of fsys into the sets.
func loadLexicons(fsys fs.FS) error {
	files, err := fs.Glob(fsys, "lexicon/*.txt")
	if err != nil {
		return err
	}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return err
		}
		lang := strings.TrimSuffix(path.Base(f), ".txt")
		lexiconLanguages[lang] = true
		if err := loadLexicon(lang, string(data)); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	return nil
}

// loadLexicon adds one language's word lists to the sets.
func loadLexicon(lang, data string) error {
	section, arg := "", ""
	endings := map[string][]string{} // [endings NAME] of this file
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section, arg, _ = strings.Cut(strings.TrimSpace(line[1:len(line)-1]), " ")
			arg = strings.TrimSpace(arg)
			continue
		}
		for _, w := range strings.Fields(line) {
			if section == "endings" {
				endings[arg] = append(endings[arg], w)
				continue
			}
			forms := []string{w}
			if stem, name, ok := strings.Cut(w, "+"); ok {
				if len(endings[name]) == 0 {
					return fmt.Errorf("line %d: %q: no [endings %s] before it", n+1, w, name)
				}
				forms = nil
				for _, e := range endings[name] {
					forms = append(forms, stem+e)
				}
			}
			for _, f := range forms {
				if err := addWord(lang, section, arg, f); err != nil {
					return fmt.Errorf("line %d: %w", n+1, err)
				}
			}
		}
	}
	return nil
}

func addWord(lang, section, arg, w string) error {
	if strings.Contains(w, "_") {
		// a phrase: only month names come in two words
		a, b, _ := strings.Cut(w, "_")
		fa, fb := foldWord(a), foldWord(b)
		if section != "month" || !isFolded(fa) || !isFolded(fb) || strings.Contains(b, "_") {
			return fmt.Errorf("%q: only [month] takes two-word names", w)
		}
		m, err := strconv.Atoi(arg)
		if err != nil || m < 1 || m > 12 {
			return fmt.Errorf("[month %s]: want a number from 1 to 12", arg)
		}
		monthPhrases[fa+" "+fb] = time.Month(m)
		knownWords[fa], knownWords[fb] = true, true
		return nil
	}
	f := foldWord(w)
	if !isFolded(f) {
		return fmt.Errorf("%q is not a word", w)
	}
	if hasHan(w) && (utf8.RuneCountInString(w) > 1 || hanCutSections[section]) {
		hanWords[w] = true
		hanMaxRune = max(hanMaxRune, utf8.RuneCountInString(w))
	}
	knownWords[f] = true
	if isCJK(w) && !hasHan(w) {
		hangulWords[w] = true
		if section == "postposition" {
			hangulParticles[w] = true
		}
	}
	if section == "date-unit" {
		nativeDateUnits[w] = true
	}
	if section == "stopword" && utf8.RuneCountInString(w) == 1 && isCJK(w) {
		// One Chinese character or Korean syllable romanises to a syllable
		// names are made of (su, ri, ming): it cuts Chinese text but is no
		// stopword.
		return nil
	}
	num := func(lo, hi int) (int, error) {
		v, err := strconv.Atoi(arg)
		if err != nil || v < lo || v > hi {
			return 0, fmt.Errorf("[%s %s]: want a number from %d to %d", section, arg, lo, hi)
		}
		return v, nil
	}
	switch section {
	case "month":
		m, err := num(1, 12)
		if err == nil {
			months[f] = time.Month(m)
		}
		return err
	case "weekday":
		d, err := num(0, 6)
		if err == nil {
			weekdays[f] = time.Weekday(d)
		}
		return err
	case "relative-day":
		d, err := num(-7, 7)
		if err == nil {
			relativeDays[f] = d
		}
		return err
	case "solar-month":
		m, err := num(1, 12)
		if err == nil {
			solarMonths[f] = m
		}
		return err
	case "relative-period":
		switch arg {
		case "past":
			periodModifiers[f] = -1
		case "current":
			periodModifiers[f] = 0
		default:
			return fmt.Errorf("[relative-period %s]: want past or current", arg)
		}
		return nil
	case "period", "date-unit":
		if arg != "week" && arg != "month" && arg != "year" && arg != "day" || section == "period" && arg == "day" {
			return fmt.Errorf("[%s %s]: unknown unit", section, arg)
		}
		if section == "period" {
			periodUnits[f] = arg
		} else {
			dateUnits[f] = arg
		}
		return nil
	case "relative":
		when, unit, _ := strings.Cut(arg, " ")
		off := map[string]int{"past": -1, "current": 0}
		o, ok := off[when]
		if !ok || unit != "week" && unit != "month" && unit != "year" {
			return fmt.Errorf("[relative %s]: want past or current, then week, month or year", arg)
		}
		relativePeriods[f] = relativePeriod{o, unit}
		return nil
	case "function":
		if functionWords[lang] == nil {
			functionWords[lang] = map[string]bool{}
		}
		functionWords[lang][f] = true
		return nil
	case "pronoun":
		if g, ok := pronounGender[f]; arg != "" && (!ok || g == arg) {
			pronounGender[f] = arg
		} else if pronouns[f] {
			// 他 and 她 both read "ta": a form two genders share has none
			pronounGender[f] = ""
		}
		if pronounLanguages[f] == nil {
			pronounLanguages[f] = map[string]bool{}
		}
		pronounLanguages[f][lang] = true
	}
	if byWord, ok := sectionLanguages[section]; ok {
		if byWord[f] == nil {
			byWord[f] = map[string]bool{}
		}
		byWord[f][lang] = true
	}
	set, ok := lexiconSets[section]
	if !ok {
		return fmt.Errorf("unknown section [%s]", section)
	}
	set[f] = true
	return nil
}
