// Package scan reads news articles and finds the listed people in them,
// the places they were reported in and when, and gives each trip its
// travel verdict. It does in one pass over the text what an analyst does by
// hand: recognise the person under a variant spelling, tell them apart from
// a same-named listed person by the article's context, find where and when
// they travelled, and check the ban that applied.
package scan

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vigilhq/vigil/internal/country"
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

// Alternative is a same-named subject the context ruled out.
type Alternative struct {
	ID      lists.SubjectID `json:"id"`
	Name    string          `json:"name"`
	Context float64         `json:"context"`
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
}

// Result is the stable JSON contract of `vigil scan --json`.
type Result struct {
	Title     string          `json:"title,omitempty"`
	URL       string          `json:"url,omitempty"`
	Published *string         `json:"published"`
	Language  string          `json:"language"`
	Subjects  []SubjectReport `json:"subjects"`
	Trips     []Trip          `json:"trips"`
	Places    []PlaceMention  `json:"places"`
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
	keyPairs   map[[2]string]bool
	singles    map[string]bool // folded text of one-word listed names
	orgPhrases map[string]bool // sorted keys of organisation names
	gaz        *places.Gazetteer
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
	for _, sub := range subjects {
		s.subjects[sub.ID] = sub
		for _, n := range sub.Names {
			toks := names.Parse(n.Full).Tokens
			if len(toks) == 1 && len(toks[0].Text) >= 4 {
				s.singles[toks[0].Text] = true
			}
			if sub.Kind != lists.KindPerson {
				// organisations are named whole: remember the phrase
				if len(toks) <= maxSpan {
					s.orgPhrases[sortedKeys(toks)] = true
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
	words := tokenizeInto((*buf)[:0], text)
	defer func() {
		clear(words) // drop references to the text before pooling
		*buf = words[:0]
		wordPool.Put(buf)
	}()
	offs := newRuneOffsets(text)
	res := &Result{Title: art.Title, URL: art.URL, Language: art.Language, Subjects: []SubjectReport{}, Trips: []Trip{}, Places: []PlaceMention{}}
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

	// 1. Full-name mentions.
	var spans []span
	reports := map[lists.SubjectID]*SubjectReport{}
	inSpan := make([]bool, len(words))
	screened := map[string][]screening.Match{} // articles repeat names
	type decision struct {
		best     screening.Match
		why      []string
		rejected []Alternative
		sameAs   []lists.SubjectID
	}
	decided := map[string]decision{}
	for i := 0; i < len(words); i++ {
		if inSpan[i] || !s.isAnchor(&words[i]) && !s.pairAnchor(text, words, i) {
			continue
		}
		a, b := s.grow(text, words, i)
		for a < i && (inSpan[a] || words[a].latin && !words[a].cap && names.IsParticle(words[a].lower)) {
			a++ // a name found already ("Baradar and Muttaqi"), or the "and" after it
		}
		for b-1 > i && inSpan[b-1] {
			b--
		}
		if !s.couldMatch(words, a, b) || s.isPlace(words, a, b) {
			continue
		}
		m, cands, ok := s.matchSpan(text, words, &a, &b, screened)
		if !ok {
			// "Revolutionary Guard Gen. Qassem Soleimani": retry with the
			// words after the last title, then with the last two or three.
			for _, k := range retryStarts(words, a, b, i) {
				if !s.couldMatch(words, k, b) {
					continue
				}
				a2, b2 := k, b
				if m, cands, ok = s.matchSpan(text, words, &a2, &b2, screened); ok {
					a, b = a2, b2
					break
				}
			}
			if !ok {
				continue
			}
		}
		q := text[words[a].start:words[b-1].end]
		d, seen := decided[q]
		if !seen {
			keys, countries := context()
			d.best, d.why, d.rejected, d.sameAs = s.disambiguate(cands, keys, countries)
			decided[q] = d
		}
		best, why, rejected, sameAs := d.best, d.why, d.rejected, d.sameAs
		for j := a; j < b; j++ {
			inSpan[j] = true
		}
		sp := span{a: a, b: b, subject: best.ID, score: m, via: "name", sentence: words[a].sentence}
		spans = append(spans, sp)
		r := reports[best.ID]
		if r == nil {
			r = &SubjectReport{ID: best.ID, Name: best.Name, Why: why, SameAs: sameAs, Rejected: rejected}
			reports[best.ID] = r
		}
		r.Confidence = max(r.Confidence, m)
		r.Mentions = append(r.Mentions, Mention{Text: text[words[a].start:words[b-1].end], Start: offs.at(words[a].start), End: offs.at(words[b-1].end), Confidence: round(m), Via: "name"})
		i = max(i, b-1)
	}
	// 2. Later surname-only mentions: a capitalised word that was part of a
	// person's full-name mention refers to that person — the one named
	// last before it (Sirajuddin Haqqani, then Haqqani, then his father
	// Jalaluddin Haqqani), or, in a headline, the one named first after.
	type named struct {
		at      int
		subject lists.SubjectID
	}
	written := map[string][]named{}
	for _, sp := range spans { // in text order
		if sub := s.subjects[sp.subject]; sub == nil || sub.Kind != lists.KindPerson {
			continue
		}
		for j := sp.a; j < sp.b; j++ {
			if w := words[j]; w.key != "" && len(w.lower) >= 4 && !names.IsTitle(w.lower) && !names.IsParticle(w.lower) {
				written[w.lower] = append(written[w.lower], named{sp.a, sp.subject})
			}
		}
	}
	for i := range words {
		w := words[i]
		if inSpan[i] || (w.latin && !w.cap) {
			continue
		}
		ns, ok := written[w.lower]
		if !ok || i+1 < len(words) && collectiveNouns[words[i+1].lower] {
			continue // "the Gaddafi family", "the Haqqani network": no one person
		}
		id := ns[0].subject
		for _, n := range ns {
			if n.at < i {
				id = n.subject
			}
		}
		r := reports[id]
		inSpan[i] = true
		conf := round(0.9 * r.Confidence)
		spans = append(spans, span{a: i, b: i + 1, subject: id, score: conf, via: "surname", sentence: w.sentence})
		r.Mentions = append(r.Mentions, Mention{Text: w.text, Start: offs.at(w.start), End: offs.at(w.end), Confidence: conf, Via: "surname"})
	}
	slices.SortFunc(spans, func(x, y span) int { return cmp.Compare(x.a, y.a) })
	for _, r := range reports {
		slices.SortFunc(r.Mentions, func(x, y Mention) int { return cmp.Compare(x.Start, y.Start) })
		r.Confidence = round(r.Confidence)
		res.Subjects = append(res.Subjects, *r)
	}
	slices.SortFunc(res.Subjects, func(x, y SubjectReport) int { return cmp.Compare(x.Mentions[0].Start, y.Mentions[0].Start) })

	// 3. Places.
	_, countries := context()
	placeAt := s.findPlaces(text, words, inSpan, countries)
	for _, p := range placeAt {
		res.Places = append(res.Places, PlaceMention{Text: text[p.start:p.end], Start: offs.at(p.start), End: offs.at(p.end), Name: p.place.Name, Country: p.place.Country, Kind: string(p.place.Kind)})
	}

	// 4. Trips.
	var exemptions []reportedExemption
	res.Trips, exemptions = s.findTrips(text, words, offs, spans, placeAt, reports, art.Published)
	if s.Checker != nil {
		for i := range res.Trips {
			if err := s.verdict(ctx, &res.Trips[i], art.Published); err != nil {
				return nil, err
			}
		}
		applyReportedExemptions(res.Trips, exemptions)
	}
	return res, nil
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// pairAnchor: two capitalised words side by side that occur together in a
// listed person's name start a name search even when each is common (Ri
// Su Yong: Korean names are made of short, frequent syllables).
func (s *Scanner) pairAnchor(text string, words []word, i int) bool {
	if i+1 >= len(words) || !words[i].cap || !words[i+1].cap || words[i].sentence != words[i+1].sentence {
		return false
	}
	x, y := words[i].lower, words[i+1].lower
	if min(len(x), len(y)) > 3 || stopwords[x] || stopwords[y] || !s.nameTexts[x] || !s.nameTexts[y] || !adjacent(text, words[i], words[i+1]) {
		return false // a syllable of three letters at most: Ri Su, Kim Jong
	}
	for _, k := range words[i].partKeys() {
		for _, l := range words[i+1].partKeys() {
			if s.keyPairs[[2]string{k, l}] {
				return true
			}
		}
	}
	return false
}

func (s *Scanner) isAnchor(w *word) bool {
	// cheapest tests first: most words are not rare name words
	if len(w.key) < 2 || w.latin && (!w.cap || len(w.lower) < 3) || !s.nameKeys[w.key] || s.ix.KeyWeight(w.key) < s.anchorWeight {
		return false
	}
	if stopwords[w.lower] || names.IsTitle(w.lower) {
		return false
	}
	if _, ok := country.DemonymFolded(w.lower); ok {
		return false // "Kenyan" is not a name
	}
	return len(s.gaz.Lookup(w.lower)) == 0 // "Moscow" is a place; a name next to it still anchors
}

// namePart says whether a word can belong to a name next to an anchor.
func (s *Scanner) namePart(w word) bool {
	if names.IsParticle(w.lower) || names.IsTitle(w.lower) {
		return true
	}
	if w.latin && !w.cap {
		return false
	}
	if stopwords[w.lower] {
		return false
	}
	if s.nameTexts[w.lower] {
		return true
	}
	if w.keys == nil {
		return w.key != "" && s.nameKeys[w.key]
	}
	for _, k := range w.keys {
		if s.nameKeys[k] {
			return true
		}
	}
	return false
}

// grow extends an anchor to the run of name words around it.
func (s *Scanner) grow(text string, words []word, i int) (int, int) {
	a, b := i, i+1
	for a > 0 && words[a-1].sentence == words[i].sentence && b-a < maxSpan && s.namePart(words[a-1]) && adjacent(text, words[a-1], words[a]) {
		a--
	}
	for b < len(words) && words[b].sentence == words[i].sentence && b-a < maxSpan && s.namePart(words[b]) && adjacent(text, words[b-1], words[b]) {
		b++
	}
	// titles and particles do not end a name; lower-case particles (of,
	// the, de) do not start one
	for b-1 > i && (names.IsTitle(words[b-1].lower) || names.IsParticle(words[b-1].lower)) {
		b--
	}
	for a < i && words[a].latin && !words[a].cap && names.IsParticle(words[a].lower) {
		a++
	}
	return a, b
}

// isPlace: the span is exactly a country or city name.
func (s *Scanner) isPlace(words []word, a, b int) bool {
	parts := make([]string, 0, b-a)
	for _, w := range words[a:b] {
		parts = append(parts, w.lower)
	}
	return len(s.gaz.Lookup(strings.Join(parts, " "))) > 0
}

// couldMatch: two words of the span occur together in a listed person's
// name, part of the span is a listed organisation's whole name, or the span
// holds a one-word listed name. Only such spans are screened.
func (s *Scanner) couldMatch(words []word, a, b int) bool {
	var keys []string
	for _, w := range words[a:b] {
		if s.singles[strings.ReplaceAll(w.lower, "-", "")] {
			return true
		}
		keys = append(keys, w.partKeys()...)
	}
	for x, k := range keys {
		for _, l := range keys[x+1:] {
			if s.keyPairs[[2]string{k, l}] {
				return true
			}
		}
	}
	if b-a < 2 {
		return false
	}
	for x := a; x < b; x++ {
		var sub []string
		for y := x; y < b; y++ {
			sub = append(sub, words[y].partKeys()...)
			if len(sub) > 1 && s.orgPhrases[sortedStrings(sub)] {
				return true
			}
		}
	}
	return false
}

// retryStarts lists the shorter span after the last title that still holds
// the anchor i.
func retryStarts(words []word, a, b, i int) []int {
	var out []int
	for k := b - 1; k > a; k-- {
		if names.IsTitle(words[k-1].lower) && k <= i {
			out = append(out, k)
			break
		}
	}
	return out
}

// adjacent: only spaces (or a hyphen or a dot, as in "Gen. Qassem")
// between two words; a comma or a dash ends a name.
func adjacent(text string, x, y word) bool {
	if y.start-x.end > 3 {
		return false
	}
	return strings.Trim(text[x.end:y.start], " .-\u00a0") == ""
}

// matchSpan screens the span and returns the best score and the candidates
// within reach of it. Words the best match leaves unexplained at the edges
// are trimmed and the span screened again.
func (s *Scanner) matchSpan(text string, words []word, a, b *int, cache map[string][]screening.Match) (float64, []screening.Match, bool) {
	for attempt := 0; attempt < 2; attempt++ {
		q := text[words[*a].start:words[*b-1].end]
		ms, ok := cache[q]
		if !ok {
			if debugSpans {
				fmt.Fprintf(os.Stderr, "screen %q\n", q)
			}
			ms = s.ix.ScreenWith(screening.Query{Name: q, Threshold: 0.1, Limit: 4}, screening.Options{Candidates: 10, Exact: true, ExplainTop: 1, NoCounterparts: true})
			cache[q] = ms
		}
		if len(ms) == 0 {
			return 0, nil, false
		}
		top := ms[0]
		unexplained := func(w word) bool {
			if len(top.Explanation.UnmatchedQuery) == 0 {
				return false
			}
			if slices.Contains(top.Explanation.UnmatchedQuery, strings.ReplaceAll(names.Fold(w.text), " ", "")) {
				return true
			}
			// a word of another script is explained in its Latin reading
			ts := names.Parse(w.text).Tokens
			return len(ts) == 1 && slices.Contains(top.Explanation.UnmatchedQuery, ts[0].Text)
		}
		na, nb := *a, *b
		for na < nb && unexplained(words[na]) {
			na++
			// and a lower-case particle left at the start ("Mutassim and
			// Saif al-Arab" → "Saif al-Arab")
			for na < nb && words[na].latin && !words[na].cap && names.IsParticle(words[na].lower) {
				na++
			}
		}
		for nb > na && unexplained(words[nb-1]) {
			nb--
			// and a lower-case particle left at the end ("Abdul Ghani
			// Baradar and Amir Khan Muttaqi" → "Abdul Ghani Baradar")
			for nb > na && words[nb-1].latin && !words[nb-1].cap && names.IsParticle(words[nb-1].lower) {
				nb--
			}
		}
		if (na != *a || nb != *b) && nb > na && attempt == 0 {
			*a, *b = na, nb
			continue
		}
		matched := 0
		for _, p := range top.Explanation.Pairs {
			if p.Method != "title" && p.Method != "covered by initial" && p.Method != "legal form" {
				matched++
			}
		}
		// a full name has two matched words, or is a one-word listed name;
		// an organisation must be named whole ("Special Forces" is not
		// "Iran's Counter-Terror Special Forces")
		listedWords := matched + len(top.Explanation.UnmatchedListed)
		if top.Score < mentionMin || (matched < 2 && listedWords > 1) {
			return 0, nil, false
		}
		if top.Kind != lists.KindPerson {
			if len(top.Explanation.UnmatchedListed) > 0 {
				return 0, nil, false
			}
			for _, p := range top.Explanation.Pairs {
				if p.Similarity < 0.95 {
					return 0, nil, false // organisations are named exactly
				}
			}
		}
		// a country or city name is a place, not a listed subject
		if len(s.gaz.Lookup(names.Fold(q))) > 0 {
			return 0, nil, false
		}
		var cands []screening.Match
		for _, m := range ms {
			if m.Score >= top.Score-0.03 {
				cands = append(cands, m)
			}
		}
		return top.Score, cands, true
	}
	return 0, nil, false
}

// articleContext collects the article's content-word keys and the
// countries it names or whose demonyms it uses.
func (s *Scanner) articleContext(words []word) (map[string]bool, map[string]bool) {
	keys := make(map[string]bool, len(words)/2)
	countries := map[string]bool{}
	for _, w := range words {
		if len(w.lower) < 4 || !w.cap && len(w.lower) < 6 || stopwords[w.lower] {
			continue
		}
		if w.key != "" {
			keys[w.key] = true
		} else {
			keys[names.Key(w.lower)] = true
		}
		if !w.cap {
			continue
		}
		if cc, ok := country.DemonymFolded(w.lower); ok {
			countries[cc] = true
		}
		for _, p := range s.gaz.Lookup(w.lower) {
			if p.Kind == places.KindCountry {
				countries[p.Country] = true
			}
		}
	}
	return keys, countries
}

// contextKeys are the words of a subject's record other than its names:
// designations and titles weigh double, remarks and programs single.
func (s *Scanner) contextKeys(id lists.SubjectID) map[string]float64 {
	if v, ok := s.ctxKeys.Load(id); ok {
		return v.(map[string]float64)
	}
	sub := s.subjects[id]
	out := map[string]float64{}
	if sub != nil {
		nameKeys := map[string]bool{}
		for _, n := range sub.Names {
			for _, t := range names.Parse(n.Full).Tokens {
				nameKeys[t.Key] = true
			}
		}
		addText := func(t string, w float64) {
			for _, f := range strings.Fields(names.Fold(t)) {
				if len(f) < 4 || stopwords[f] {
					continue
				}
				k := names.Key(f)
				if len(k) < 2 || nameKeys[k] {
					continue
				}
				out[k] = max(out[k], w)
			}
		}
		for _, d := range append(slices.Clone(sub.Designations), sub.Titles...) {
			addText(d, 2)
		}
		addText(sub.Remarks, 1)
		for _, p := range sub.Programs {
			addText(p, 1)
		}
	}
	s.ctxKeys.Store(id, out)
	return out
}

// disambiguate picks among same-named candidates by the article's context:
// words shared with the subject's designations and remarks, nationality,
// and (on a tie) the UN record, the legal source of the measures.
func (s *Scanner) disambiguate(cands []screening.Match, articleKeys, articleCountries map[string]bool) (screening.Match, []string, []Alternative, []lists.SubjectID) {
	type scored struct {
		m      screening.Match
		ctx    float64
		shared []string
	}
	var all []scored
	for _, c := range cands {
		sc := scored{m: c}
		for k, w := range s.contextKeys(c.ID) {
			if articleKeys[k] {
				sc.ctx += w
				sc.shared = append(sc.shared, k)
			}
		}
		if sub := s.subjects[c.ID]; sub != nil {
			for _, cc := range slices.Concat(sub.Nationalities, sub.Citizenships) {
				if articleCountries[cc] {
					sc.ctx += 1
				}
			}
		}
		all = append(all, sc)
	}
	slices.SortStableFunc(all, func(x, y scored) int {
		if c := cmp.Compare(y.ctx+10*y.m.Score, x.ctx+10*x.m.Score); c != 0 {
			return c
		}
		if x.m.Source != y.m.Source {
			if x.m.Source == lists.SourceUN {
				return -1
			}
			if y.m.Source == lists.SourceUN {
				return 1
			}
		}
		return 0
	})
	// The same person on several lists is reported under the UN record,
	// the legal source of the travel ban, with the others as same_as —
	// whether or not the UN spelling was among the candidates (Aisha
	// Gaddafi matches OFAC's QADHAFI, Ayesha best).
	if all[0].m.Source != lists.SourceUN {
		switched := false
		for i, o := range all[1:] {
			if o.m.Source == lists.SourceUN && samePerson(s.subjects[all[0].m.ID], s.subjects[o.m.ID]) {
				all[0], all[i+1] = all[i+1], all[0]
				switched = true
				break
			}
		}
		for _, c := range s.ix.Identified(all[0].m.ID) {
			if un := s.subjects[c.ID]; !switched && c.Source == lists.SourceUN && un != nil {
				m := all[0].m
				all = append(all, all[0])
				all[0] = scored{m: screening.Match{ID: un.ID, Source: un.Source, Name: un.PrimaryName(), Kind: un.Kind, Programs: un.Programs, Score: m.Score,
					Explanation: screening.Explanation{MatchedName: m.Explanation.MatchedName, MatchedRole: m.Explanation.MatchedRole, Method: "same_as"}}, ctx: all[0].ctx, shared: all[0].shared}
				break
			}
		}
	}
	best := all[0]
	why := []string{fmt.Sprintf("matched %q with score %.3f", best.m.Name, best.m.Score)}
	if ex := best.m.Explanation; ex.MatchedName != "" {
		why[0] = fmt.Sprintf("name %q matched %q (%s) with score %.3f", ex.MatchedName, best.m.Name, ex.MatchedRole, best.m.Score)
	}
	if len(best.shared) > 0 {
		why = append(why, fmt.Sprintf("article context agrees with the listing (designation/remarks words: %s)", strings.Join(best.shared, " ")))
	}
	var rejected []Alternative
	var sameAs []lists.SubjectID
	for _, o := range all[1:] {
		if samePerson(s.subjects[best.m.ID], s.subjects[o.m.ID]) {
			sameAs = append(sameAs, o.m.ID)
			continue
		}
		rejected = append(rejected, Alternative{ID: o.m.ID, Name: o.m.Name, Context: o.ctx})
		why = append(why, fmt.Sprintf("preferred over %s %s: context %.0f against %.0f", o.m.ID, o.m.Name, best.ctx, o.ctx))
	}
	return best.m, why, rejected, sameAs
}

// samePerson: records that cross-reference each other, or share a
// document number or an exact date of birth (the same person on two
// lists, or listed twice on one).
func samePerson(a, b *lists.Subject) bool {
	if a == nil || b == nil {
		return false
	}
	stated := func(x, y *lists.Subject) bool {
		return slices.ContainsFunc(x.Links, func(l lists.Link) bool { return l.Relation == "same_as" && l.Target == y.ID })
	}
	if stated(a, b) || stated(b, a) { // the lists cross-reference each other
		return true
	}
	for _, x := range a.Documents {
		for _, y := range b.Documents {
			if nx := screening.NormalizeDocument(x.Number); len(nx) >= 5 && nx == screening.NormalizeDocument(y.Number) {
				return true
			}
		}
	}
	for _, x := range a.BirthDates {
		for _, y := range b.BirthDates {
			// a year or month of birth must come with the same name
			if x.Date != "" && x.Date == y.Date && (x.Precision == lists.PrecisionDay || tokenSet(a.PrimaryName()) == tokenSet(b.PrimaryName())) {
				return true
			}
		}
	}
	return false
}

// tokenSet is a name's words in sorted order ("AWEYS, Hassan Dahir" and
// "HASSAN DAHIR AWEYS" agree).
func tokenSet(name string) string {
	var ts []string
	for _, t := range names.Parse(name).Tokens {
		ts = append(ts, t.Text)
	}
	slices.Sort(ts)
	return strings.Join(ts, " ")
}

func sortedKeys(toks []names.Token) string {
	ks := make([]string, len(toks))
	for i, t := range toks {
		ks[i] = t.Key
	}
	return sortedStrings(ks)
}

func sortedStrings(ks []string) string {
	ks = slices.Clone(ks)
	slices.Sort(ks)
	return strings.Join(ks, " ")
}
