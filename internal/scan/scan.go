// Package scan reads news articles and finds the listed people in them,
// the places they were reported in and when, and gives each trip its
// travel verdict. It does in one pass over the text what an analyst does by
// hand: recognise the person under a variant spelling, tell them apart from
// a same-named listed person by the article's context, find where and when
// they travelled, and check the ban that applied.
package scan

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
	"github.com/vigilhq/vigil/internal/places"
	"github.com/vigilhq/vigil/internal/rules"
	"github.com/vigilhq/vigil/internal/screening"
)

// Article is the input of a scan.
type Article struct {
	Text      string
	Title     string
	URL       string
	Language  string     // ISO 639-1, detected when empty
	Published *time.Time // publication date, when known
}

// Mention is one place in the text where a subject is named.
type Mention struct {
	Text       string  `json:"text"`
	Start      int     `json:"start"` // character (rune) offsets into the text
	End        int     `json:"end"`
	Confidence float64 `json:"confidence"`
	Via        string  `json:"via"` // name, surname, pronoun
}

// SubjectReport is a listed subject found in the article.
type SubjectReport struct {
	ID         lists.SubjectID   `json:"id"`
	Name       string            `json:"name"`
	Confidence float64           `json:"confidence"`
	Mentions   []Mention         `json:"mentions"`
	Why        []string          `json:"why"`
	SameAs     []lists.SubjectID `json:"same_as,omitempty"` // the same person on other lists
	Rejected   []Alternative     `json:"rejected,omitempty"`
}

// Alternative is a same-named subject the article ruled out, and why.
type Alternative struct {
	ID      lists.SubjectID `json:"id"`
	Name    string          `json:"name"`
	Context float64         `json:"context"`
	Reason  string          `json:"reason,omitempty"`
}

// PlaceMention is a place named in the text.
type PlaceMention struct {
	Text    string `json:"text"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Name    string `json:"name"`
	Country string `json:"country"`
	Kind    string `json:"kind"`
}

// Evidence quotes the sentence that reports a trip.
type Evidence struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Trip is a reported presence of a listed subject in a place.
type Trip struct {
	ID            lists.SubjectID `json:"id"`
	Name          string          `json:"name"`
	Place         string          `json:"place"`
	Country       string          `json:"country"`
	Date          *string         `json:"date"` // YYYY-MM-DD, YYYY-MM, YYYY or null
	DatePrecision string          `json:"date_precision"`
	Verdict       rules.Verdict   `json:"verdict,omitempty"`
	Reasons       []string        `json:"reasons"`
	Confidence    float64         `json:"confidence"`
	Evidence      Evidence        `json:"evidence"`
	Cue           string          `json:"cue"`
	sentence      int             // the evidence's sentence
}

// Result is the stable JSON contract of `vigil scan --json`.
type Result struct {
	Title     string  `json:"title,omitempty"`
	URL       string  `json:"url,omitempty"`
	Published *string `json:"published"`
	Language  string  `json:"language"`
	// Subjects are the listed persons the article names; Organisations
	// the listed entities and groups (Al-Qaida, the Houthis), which bear
	// no travel ban and make no trips but tell an analyst what the story
	// is about.
	Subjects      []SubjectReport `json:"subjects"`
	Organisations []SubjectReport `json:"organisations"`
	Trips         []Trip          `json:"trips"`
	Places        []PlaceMention  `json:"places"`
}

// Scanner holds the lists' names and the gazetteer; build one per list
// version and reuse it for every article (it is safe for concurrent use).
type Scanner struct {
	ix       *screening.Index
	subjects map[lists.SubjectID]*lists.Subject
	nameKeys map[string]bool
	// nameTexts are listed name words as written, for words whose key is
	// too short to say much (Aweys → S).
	nameTexts map[string]bool
	// keyPairs holds every pair of keys that occur together in one listed
	// name, and singles the keys of one-word listed names: a span is only
	// screened when it could match (the scan's cheap first filter).
	keyPairs map[[2]string]bool
	// singles holds the folded text of one-word listed names, and
	// organisations' names written as one word (alshabaab)
	singles    map[string]bool
	orgPhrases map[string]bool // sorted keys of organisation names
	// unBornIn holds the UN's persons by year of birth, to find the UN
	// record of a person another list's record matched best.
	unBornIn  map[string][]*lists.Subject
	unRecords sync.Map // SubjectID → *lists.Subject (nil: none), unRecord's answers
	// arabicNameWords are the words of listed persons' names in Arabic
	// script, normalised (arabicLetters).
	arabicNameWords map[string]bool
	gaz             *places.Gazetteer
	// Checker, when set, gives every trip its travel verdict.
	Checker *rules.Checker
	ctxKeys sync.Map // SubjectID → map[string]float64
	// anchorWeight is the rarity a word needs to start a name search:
	// anchorMinWeight, lowered for small lists whose IDFs are all small.
	anchorWeight float32
}

// New builds a scanner over the subjects (the screening index must be built
// from the same subjects).
func New(ix *screening.Index, subjects []*lists.Subject, gaz *places.Gazetteer) *Scanner {
	s := &Scanner{ix: ix, subjects: make(map[lists.SubjectID]*lists.Subject, len(subjects)), nameKeys: map[string]bool{}, nameTexts: map[string]bool{}, keyPairs: map[[2]string]bool{}, singles: map[string]bool{}, orgPhrases: map[string]bool{}, gaz: gaz}
	s.anchorWeight = min(anchorMinWeight, 0.5*ix.MaxKeyWeight())
	s.unBornIn = map[string][]*lists.Subject{}
	s.arabicNameWords = map[string]bool{}
	for _, sub := range subjects {
		s.subjects[sub.ID] = sub
		if sub.Source == lists.SourceUN && sub.Kind == lists.KindPerson {
			for _, d := range sub.BirthDates {
				if len(d.Date) >= 4 && !slices.Contains(s.unBornIn[d.Date[:4]], sub) {
					s.unBornIn[d.Date[:4]] = append(s.unBornIn[d.Date[:4]], sub)
				}
			}
		}
		for _, n := range sub.Names {
			toks := names.Parse(n.Full).Tokens
			// a one-word name found alone: not the list's low-quality
			// aliases (John, Muslim), which news uses for anyone
			if len(toks) == 1 && len(toks[0].Text) >= 4 && n.Role != lists.RoleWeakAlias {
				s.singles[toks[0].Text] = true
			}
			if sub.Kind != lists.KindPerson {
				// organisations are named whole: remember the phrase,
				// and the name written as one word (Al-Shabaab)
				if len(toks) <= maxSpan {
					s.orgPhrases[sortedKeys(toks)] = true
				}
				if w := joinedWord(names.Fold(n.Full)); len(w) >= 5 {
					s.singles[w] = true
				}
				continue
			}
			for x := range toks {
				for y := range toks {
					if x != y {
						s.keyPairs[[2]string{toks[x].Key, toks[y].Key}] = true
					}
				}
			}
			for _, t := range toks {
				if len(t.Key) >= 2 {
					s.nameKeys[t.Key] = true
				}
				// all words as written: short ones too (the syllables of
				// Ri Su Yong, Kim Jong Un)
				s.nameTexts[t.Text] = true
			}
			// names in Arabic script, word by word, to take apart a name
			// written without spaces (شیرمحمدعباس)
			if n.Script == "Arabic" {
				for _, f := range strings.Fields(arabicLetters(n.Full)) {
					if utf8.RuneCountInString(f) >= 2 {
						s.arabicNameWords[f] = true
					}
				}
			}
			// and the short words parsing sets aside (the Tuareg "ag" of
			// Iyad Ag Ghali reads as a company's AG)
			for _, f := range strings.Fields(names.Fold(n.Full)) {
				if len(f) <= 3 {
					s.nameTexts[f] = true
				}
			}
		}
	}
	return s
}

// wordPool recycles word slices between scans (articles are scanned by
// the thousand; the slices are the scan's largest allocation).
var wordPool sync.Pool

var debugSpans = os.Getenv("VIGIL_DEBUG_SPANS") != ""

const (
	anchorMinWeight = 2.5 // rarity a word needs to start a name search
	mentionMin      = 0.6 // screening score for a full-name mention (the learned model's scale)
	maxSpan         = 6   // words in a name
)

// span is a run of words that names one subject.
type span struct {
	a, b     int // words[a:b]
	subject  lists.SubjectID
	score    float64
	via      string
	sentence int
}

// Scan analyses one article.
func (s *Scanner) Scan(ctx context.Context, art Article) (*Result, error) {
	text := art.Text
	buf, _ := wordPool.Get().(*[]word)
	if buf == nil {
		buf = new([]word)
	}
	words := s.splitJoinedNames(text, tokenizeInto((*buf)[:0], text))
	defer func() {
		clear(words) // drop references to the text before pooling
		*buf = words[:0]
		wordPool.Put(buf)
	}()
	offs := newRuneOffsets(text)
	res := &Result{Title: art.Title, URL: art.URL, Language: art.Language, Subjects: []SubjectReport{}, Organisations: []SubjectReport{}, Trips: []Trip{}, Places: []PlaceMention{}}
	if res.Language == "" {
		res.Language = detectLanguage(text, words)
	}
	if art.Published != nil {
		p := art.Published.Format(time.DateOnly)
		res.Published = &p
	}
	// the article's context is read only when a name needs it
	var articleKeys, articleCountries map[string]bool
	context := func() (map[string]bool, map[string]bool) {
		if articleKeys == nil {
			articleKeys, articleCountries = s.articleContext(words)
		}
		return articleKeys, articleCountries
	}

	// 1–2. Who the article names (mentions.go).
	spans, reports, inSpan := s.findMentions(text, words, offs, res.Language, art.Published, context)
	res.Subjects, res.Organisations = s.subjectReports(reports)

	// 3. Places.
	_, countries := context()
	placeAt := s.findPlaces(text, words, inSpan, countries)
	for _, p := range placeAt {
		res.Places = append(res.Places, PlaceMention{Text: text[p.start:p.end], Start: offs.at(p.start), End: offs.at(p.end), Name: p.place.Name, Country: p.place.Country, Kind: string(p.place.Kind)})
	}

	// 4. Trips.
	var exemptions []reportedExemption
	published := art.Published
	if published == nil {
		published = articleDate(text, words) // a date line at the top, never the crawl's date
	}
	res.Trips, exemptions = s.findTrips(text, words, offs, spans, placeAt, reports, published, res.Language)
	res.Subjects, res.Trips = s.unTwins(res.Subjects, res.Trips)
	if s.Checker != nil {
		for i := range res.Trips {
			if err := s.verdict(ctx, &res.Trips[i], published); err != nil {
				return nil, err
			}
		}
		applyReportedExemptions(res.Trips, exemptions)
		twinVerdicts(res.Subjects, res.Trips)
	}
	return res, nil
}

// verdictWeight orders verdicts by what they say of the person: a ban
// broken under any listing is a violation, an exemption or the person's
// own country settle it, then doubt, then no ban.
var verdictWeight = map[rules.Verdict]int{rules.Violation: 5, rules.Exempt: 4, rules.OwnCountry: 3, rules.Unclear: 2, rules.NotBanned: 1}

// twinVerdicts gives a person listed under two UN regimes one verdict per
// trip: the weightier of the two listings' (Aweys travelled in 2007 under
// the Al-Qaida ban, before his Somalia listing).
func twinVerdicts(subjects []SubjectReport, trips []Trip) {
	twins := func(a, b lists.SubjectID) bool {
		for _, r := range subjects {
			if r.ID == a && slices.Contains(r.SameAs, b) {
				return true
			}
		}
		return false
	}
	for i := range trips {
		for j := range trips {
			x, y := &trips[i], &trips[j]
			if x.ID == y.ID || x.Country != y.Country || x.Evidence.Start != y.Evidence.Start || verdictWeight[x.Verdict] <= verdictWeight[y.Verdict] || !twins(x.ID, y.ID) {
				continue
			}
			y.Verdict = x.Verdict
			y.Reasons = append([]string{fmt.Sprintf("the same person is listed as %s, whose listing gives %s", x.ID, x.Verdict)}, y.Reasons...)
		}
	}
}

// unTwins reports a person the UN lists under two regimes (Aweys under
// Al-Qaida's and Somalia's) under both references: each carries its own
// travel ban, so each trip is judged under both.
func (s *Scanner) unTwins(subjects []SubjectReport, trips []Trip) ([]SubjectReport, []Trip) {
	out := subjects
	for _, r := range subjects {
		if !strings.HasPrefix(string(r.ID), "un:") {
			continue
		}
		for _, id := range r.SameAs {
			twin := s.subjects[id]
			if twin == nil || twin.Source != lists.SourceUN || slices.ContainsFunc(out, func(o SubjectReport) bool { return o.ID == id }) {
				continue
			}
			t := r
			t.ID, t.Name = id, twin.PrimaryName()
			t.SameAs = append([]lists.SubjectID{r.ID}, slices.DeleteFunc(slices.Clone(r.SameAs), func(x lists.SubjectID) bool { return x == id })...)
			t.Why = append(slices.Clone(r.Why), fmt.Sprintf("the same person as %s, listed under another UN regime", r.ID))
			out = append(out, t)
			for _, tr := range trips {
				if tr.ID == r.ID {
					tr.ID, tr.Name, tr.Reasons = id, t.Name, []string{}
					trips = append(trips, tr)
				}
			}
		}
	}
	return out, trips
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
