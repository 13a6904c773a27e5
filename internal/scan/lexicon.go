package scan

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

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
	// lexiconLanguages are the languages that have word lists.
	lexiconLanguages = map[string]bool{}

	// Dates.
	months            = map[string]time.Month{}
	weekdays          = map[string]time.Weekday{}
	relativeDays      = map[string]int{} // yesterday -1, today 0
	monthPrepositions = map[string]bool{}
)

// lexiconSets maps a section of the word lists to the set it fills.
var lexiconSets = map[string]map[string]bool{
	"presence": presenceCues, "direct": directObject, "journey-noun": nounCues, "journey-verb": journeyVerbs,
	"host": hostCues, "host-first": scriptHostCues, "weak": weakCues, "preposition": prepositions,
	"modal": modal, "negation": negations, "after-cue": afterCue, "exemption": exemptionWords, "grant": grantWords,
	"hedge": hedges, "conjunction": conjunctions, "collective": collectiveNouns, "pronoun": pronouns,
	"stopword": stopwords, "month-preposition": monthPrepositions,
	"transport": transportCues, "passive": passiveAux, "relative-noun": relativeNouns, "delegation": delegationWords,
	"origin-preposition": originPrepositions, "transit-preposition": transitPrepositions, "residence": residenceCues,
}

func init() {
	if err := loadLexicons(lexiconFiles); err != nil {
		panic(err) // the files are embedded: a bad one fails every test
	}
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
			if err := addWord(lang, section, arg, w); err != nil {
				return fmt.Errorf("line %d: %w", n+1, err)
			}
		}
	}
	return nil
}

func addWord(lang, section, arg, w string) error {
	f := foldWord(w)
	if strings.Trim(f, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" || f == "" {
		return fmt.Errorf("%q is not a word", w)
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
	case "function":
		if functionWords[lang] == nil {
			functionWords[lang] = map[string]bool{}
		}
		functionWords[lang][f] = true
		return nil
	case "pronoun":
		if arg != "" {
			pronounGender[f] = arg
		}
		if pronounLanguages[f] == nil {
			pronounLanguages[f] = map[string]bool{}
		}
		pronounLanguages[f][lang] = true
	}
	set, ok := lexiconSets[section]
	if !ok {
		return fmt.Errorf("unknown section [%s]", section)
	}
	set[f] = true
	return nil
}
