package screening

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
)

// Query is one screening request. Only Name is required.
type Query struct {
	Name        string         `json:"name"`
	DOB         string         `json:"dob,omitempty"`         // YYYY, YYYY-MM or YYYY-MM-DD
	Nationality string         `json:"nationality,omitempty"` // ISO alpha-2
	Document    string         `json:"document,omitempty"`
	Kind        lists.Kind     `json:"kind,omitempty"`
	Sources     []lists.Source `json:"sources,omitempty"`
	Threshold   float64        `json:"threshold"`
	Limit       int            `json:"limit"`
}

// Options tune how a query is searched, for callers that screen spans of
// text rather than names a user typed (the article scanner) or compare
// listed names among themselves (counterparts). The zero value is what
// Screen uses.
type Options struct {
	// Candidates bounds the names scored in full (default 30); the article
	// scanner, which looks for near-exact names, asks for fewer.
	Candidates int
	// ExplainTop, when positive, explains only the best matches (the
	// others come with score and identity only): the scanner needs the
	// explanation of its best candidate alone.
	ExplainTop int
	// Exact skips the typo variants of keys when looking for candidates
	// (the scanner reads names as written; screening users mistype).
	Exact bool
	// NoCounterparts asks for the subjects whose names matched only,
	// without the counterparts on other lists that screening adds (the
	// scanner reports those itself, and Counterparts looks for them).
	NoCounterparts bool
}

// Match is one listed subject that matched, with the reasons, and what an
// analyst needs beside the name to decide: dates of birth, nationalities,
// the listing's designation. The same subject's records on other lists
// come with it (Records) rather than as matches of their own.
type Match struct {
	ID       lists.SubjectID `json:"id"`
	Source   lists.Source    `json:"source"`
	Name     string          `json:"name"` // primary name
	Kind     lists.Kind      `json:"kind"`
	Programs []string        `json:"programs,omitempty"`
	// DOB, Nationalities and Designations are as in Identity.
	DOB           []string    `json:"dob,omitempty"`
	Nationalities []string    `json:"nationalities,omitempty"`
	Designations  []string    `json:"designations,omitempty"`
	Score         float64     `json:"score"`
	Explanation   Explanation `json:"explanation"`
	// Records are the same subject on other lists (identified counterparts:
	// a stated reference, a document, a date of birth and name …), each
	// with its own identity and the evidence that it is the same.
	Records   []Record `json:"records,omitempty"`
	asWritten bool     // the matched name has the query's words, as spelt
}

// Identity is a listed record as a result shows it.
type Identity struct {
	ID       lists.SubjectID `json:"id"`
	Source   lists.Source    `json:"source"`
	Name     string          `json:"name"` // primary name
	Kind     lists.Kind      `json:"kind"`
	Programs []string        `json:"programs,omitempty"`
	// DOB are the listed dates of birth as the source states them
	// (1957-03-11, 1957, 1955–1960).
	DOB           []string `json:"dob,omitempty"`
	Nationalities []string `json:"nationalities,omitempty"`
	// Designations are what the listing says the subject is or does
	// ("Commander of Quds Force").
	Designations []string `json:"designations,omitempty"`
}

// Record is another list's record of a matched subject.
type Record struct {
	Identity
	// Score is the match's, a thousandth less: the same subject, the
	// record whose name matched first.
	Score float64 `json:"score"`
	// NameScore is the record's own score for the query, when its name
	// was among the candidates.
	NameScore float64  `json:"name_score,omitempty"`
	Basis     string   `json:"basis"` // stated or probable
	Evidence  []string `json:"evidence"`
}

// matchOf is a match of subject s.
func matchOf(s *lists.Subject, score float64) Match {
	id := identityOf(s)
	return Match{ID: id.ID, Source: id.Source, Name: id.Name, Kind: id.Kind, Programs: id.Programs, DOB: id.DOB,
		Nationalities: id.Nationalities, Designations: id.Designations, Score: score}
}

// identityOf is how a result shows a subject.
func identityOf(s *lists.Subject) Identity {
	id := Identity{ID: s.ID, Source: s.Source, Name: s.PrimaryName(), Kind: s.Kind, Programs: s.Programs,
		Nationalities: s.Nationalities, Designations: s.Designations}
	for _, d := range s.BirthDates {
		switch {
		case d.Precision == lists.PrecisionRange:
			id.DOB = append(id.DOB, fmt.Sprintf("%d–%d", d.FromYear, d.ToYear))
		case d.Date != "":
			id.DOB = append(id.DOB, d.Date)
		case d.Text != "":
			id.DOB = append(id.DOB, d.Text)
		}
	}
	return id
}

// Explanation says how a score came about.
type Explanation struct {
	MatchedName     string         `json:"matched_name"`
	MatchedRole     lists.NameRole `json:"matched_role"`
	NameScore       float64        `json:"name_score"`
	Method          string         `json:"method"` // "tokens" or "joined"
	Pairs           []TokenPair    `json:"pairs"`
	UnmatchedQuery  []string       `json:"unmatched_query"`
	UnmatchedListed []string       `json:"unmatched_listed"`
	QueryTitles     []string       `json:"query_titles,omitempty"`
	// Features are the name model's inputs that were not zero, the
	// strongest effect first (log-odds; docs/screening.md lists them).
	Features    []FeatureEffect `json:"features"`
	Adjustments []Evidence      `json:"adjustments"`
	Score       float64         `json:"score"`
}

// TokenPair is one aligned query token and listed token.
type TokenPair struct {
	Query      string  `json:"query"`
	Listed     string  `json:"listed"`
	Similarity float64 `json:"similarity"`
	Method     string  `json:"method"` // exact, phonetic, fuzzy, initial
	Weight     float64 `json:"weight"` // rarity of the query token (IDF)
}

// Evidence is one adjustment to the name score.
type Evidence struct {
	Kind    string  `json:"kind"`    // dob, nationality, document, kind, title, same_as
	Outcome string  `json:"outcome"` // match, partial, mismatch, decisive, info
	Detail  string  `json:"detail"`
	LogOdds float64 `json:"log_odds"` // added to the name model's log-odds
	Effect  float64 `json:"effect"`   // the change it made to the score
}

// scratch holds per-query buffers, pooled to keep screening allocation-light.
type scratch struct {
	cands   []int32
	acc     []float32
	prio    []float32
	touched []int32
}

var scratchPool sync.Pool

func (ix *Index) putScratch(sc *scratch) {
	for _, e := range sc.touched {
		sc.acc[e] = 0
	}
	sc.touched = sc.touched[:0]
	scratchPool.Put(sc)
}

func (ix *Index) getScratch() *scratch {
	if s, ok := scratchPool.Get().(*scratch); ok && len(s.acc) == ix.numEntries() {
		return s
	}
	return &scratch{acc: make([]float32, ix.numEntries())}
}

// candidatesPerQuery bounds how many indexed names are scored in full.
const candidatesPerQuery = 30

// rareKeyPostings: keys with fewer postings than this get typo lookups.
const rareKeyPostings = 8

// variantPostings: longer postings of a variant spelling are not looked up.
const variantPostings = 20

// variantKeyPostings: a query word whose own key has this many postings or
// more is taken as written; its variants are not looked up.
const variantKeyPostings = 60

// longPostings: a query word whose key more indexed names share than this
// brings no candidates of its own when a rarer word of the query brings
// some: it adds its weight to theirs, found by binary search in its
// posting (postings are sorted). A list of OpenSanctions' size holds tens
// of thousands of Mohammads, and reading all of them for every query
// that has one costs milliseconds. A query of common words only starts
// from the names holding two of them. The real lists Vigil reads, all
// imported together, have none this long (their longest, Mohammad's,
// holds about 3,600 names), so their results are the same either way.
const longPostings = 4096

// commonPostings: in Exact mode, keys with more postings than this do not
// bring candidates (they still count in scoring).
const commonPostings = 400

// topK reorders ids (with their priorities) so that the k highest come
// first, by quickselect, and returns them.
func topK(ids []int32, prio []float32, k int) []int32 {
	lo, hi := 0, len(ids)-1
	for lo < hi {
		p := prio[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for prio[i] > p {
				i++
			}
			for prio[j] < p {
				j--
			}
			if i <= j {
				ids[i], ids[j] = ids[j], ids[i]
				prio[i], prio[j] = prio[j], prio[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return ids[:k]
		}
	}
	return ids[:k]
}

// Screen returns the subjects matching q at or above its threshold, best
// first. A zero Threshold means DefaultThreshold; a negative one returns
// every candidate.
func (ix *Index) Screen(q Query) []Match { return ix.ScreenWith(q, Options{}) }

// ScreenWith is Screen with the search tuned by o.
func (ix *Index) ScreenWith(q Query, o Options) []Match {
	// "NAME A; NAME B" lists alternative names: each is screened and a
	// subject keeps its best score.
	if strings.Contains(q.Name, ";") {
		best := map[lists.SubjectID]Match{}
		for _, part := range strings.Split(q.Name, ";") {
			if strings.TrimSpace(part) == "" {
				continue
			}
			sub := q
			sub.Name = part
			for _, m := range ix.screenOne(sub, o) {
				if old, ok := best[m.ID]; !ok || m.Score > old.Score {
					best[m.ID] = m
				}
			}
		}
		out := make([]Match, 0, len(best))
		for _, m := range best {
			out = append(out, m)
		}
		return sortAndLimit(out, q.Limit)
	}
	return ix.screenOne(q, o)
}

func sortAndLimit(out []Match, limit int) []Match {
	if limit <= 0 {
		limit = 10
	}
	slices.SortFunc(out, func(a, b Match) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		// On a tie the better name leads (evidence can lift a weaker name
		// to the ceiling), then a name written as the query writes it
		// (Abdur Rehman before Abdul Rehman for "REHMAN, Abdur"), then the
		// UN record, the legal source of the measures.
		if c := cmp.Compare(b.Explanation.NameScore, a.Explanation.NameScore); c != 0 {
			return c
		}
		if a.asWritten != b.asWritten {
			if a.asWritten {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(sourceRank(a.Source), sourceRank(b.Source)); c != 0 {
			return c
		}
		return strings.Compare(string(a.ID), string(b.ID))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// parsedQuery is a query's name as screening reads it.
type parsedQuery struct {
	qp      names.Parsed
	qw      []float32 // the words' weights
	joinKey string    // the key of the whole name without spaces
}

func (ix *Index) parseQuery(name string) parsedQuery {
	qp := names.Parse(name)
	if len(qp.Tokens) > maxTokens {
		qp.Tokens = qp.Tokens[:maxTokens]
	}
	qw := make([]float32, len(qp.Tokens))
	for i, t := range qp.Tokens {
		qw[i] = ix.weight(t)
	}
	pq := parsedQuery{qp: qp, qw: qw}
	if len(qp.Tokens) > 0 {
		pq.joinKey = names.Key(qp.Joined())
	}
	return pq
}

// candidates finds the indexed names worth scoring in full for a query:
// those sharing its words' keys (and, for rare words, keys a typo away),
// its words run together or apart, or its whole name without spaces; the
// best by matched weight when there are many. The result lives in sc.
func (ix *Index) candidates(pq *parsedQuery, o Options, sc *scratch) []int32 {
	qp, qw := pq.qp, pq.qw
	add := func(posting []int32, w float32) {
		for _, e := range posting {
			if sc.acc[e] == 0 {
				sc.touched = append(sc.touched, e)
			}
			sc.acc[e] += w
		}
	}
	var long [maxTokens]bool // words whose postings are too long to read
	nLong, nShort := 0, 0
	for i, t := range qp.Tokens {
		switch {
		case t.Initial() || t.Key == "":
		case len(ix.byKey.get(t.Key)) > longPostings:
			long[i] = true
			nLong++
		default:
			nShort++
		}
	}
	for i, t := range qp.Tokens {
		if t.Initial() || t.Key == "" || long[i] {
			continue
		}
		w := qw[i]
		exact := ix.byKey.get(t.Key)
		if o.Exact && len(exact) > commonPostings && len(qp.Tokens) > 1 {
			continue // a common word: the other words find the candidates
		}
		add(exact, w)
		add(ix.byText.get(t.Text), 0.3*w)
		// One-letter variants of the key catch typos. They are looked up
		// only for keys the lists hardly know, where a typo is likely and
		// the postings are short.
		switch {
		case o.Exact:
		case len(t.Key) >= 4 && len(exact) < rareKeyPostings:
			add(ix.byDel.get(t.Key), 0.7*w)
			for _, d := range deletions(t.Key) {
				add(ix.byKey.get(d), 0.6*w)
				add(ix.byDel.get(d), 0.5*w)
			}
		case len(t.Key) >= 3 && len(qp.Tokens) == 1:
			// a one-word name has no other word to find it by: a letter
			// it lacks (Sepri for Sepriv) is looked up whatever the key
			add(ix.byDel.get(t.Key), 0.7*w)
		}
	}
	// Words run together or apart, and articles joined to a word, on
	// either side: the spellings the keys above cannot meet.
	// Only rare spellings are looked up: a common one would crowd out the
	// candidates the keys found.
	addRare := func(posting []int32, w float32) {
		if len(posting) <= variantPostings || len(qp.Tokens) == 1 {
			add(posting, w) // a one-word query has no other word to find candidates
		}
	}
	var textBuf, keyBuf [64]byte        // keys built without allocating
	keyOf := func(a, b string) []byte { // the key of a and b run together
		return names.AppendKey(keyBuf[:0], append(append(textBuf[:0], a...), b...))
	}
	for i, t := range qp.Tokens {
		if o.Exact || t.Initial() || t.Key == "" {
			continue
		}
		// Two words written as one by the lists (Xiao Hong = Xiaohong):
		// looked up even for common syllables, the pair being rare; a
		// common longer word is no syllable.
		common := len(ix.byKey.get(t.Key)) >= variantKeyPostings && len(qp.Tokens) > 1
		if i+1 < len(qp.Tokens) && !qp.Tokens[i+1].Initial() && (!common || len(t.Text) <= 4) {
			addRare(ix.byKey.getBytes(keyOf(t.Text, qp.Tokens[i+1].Text)), 0.6*(qw[i]+qw[i+1]))
		}
		// a word the lists know well is no variant
		if common {
			continue
		}
		w := 0.6 * qw[i]
		addRare(ix.byVariant.get(t.Key), w)
		if t.Bare != "" {
			addRare(ix.byKey.get(t.BareKey), 0.95*qw[i]) // the same word, article apart
		}
	}
	if joinKey := pq.joinKey; joinKey != "" {
		var total float32
		for _, w := range qw {
			total += w
		}
		add(ix.byJoin.get(joinKey), total)
	}
	maxCands := candidatesPerQuery
	if o.Candidates > 0 {
		maxCands = o.Candidates
	}
	var initials uint32
	for _, t := range qp.Tokens {
		if t.Initial() {
			initials |= letterBit(t.Text)
		}
	}
	// best keeps the k best of cands by matched weight, preferring names
	// with less left over; a selection, not a full sort, since postings
	// can be long.
	best := func(cands []int32, k int) []int32 {
		if len(cands) <= k {
			return cands
		}
		sc.prio = sc.prio[:0]
		for _, e := range cands {
			// "El Hassan, G. M.": among the many Hassans, those whose other
			// words start with the initials come first.
			sc.prio = append(sc.prio, sc.acc[e]-0.15*ix.totals[e]+2*float32(bits.OnesCount32(ix.letters[e]&initials)))
		}
		sc.cands = append(sc.cands[:0], cands...)
		return topK(sc.cands, sc.prio, k)
	}
	cands := sc.touched
	if nLong > 0 {
		seed := nShort == 0 || len(sc.touched) == 0
		cands = ix.addLongWords(pq, long[:len(qp.Tokens)], seed, sc, add, func(cands []int32) []int32 { return best(cands, 4*maxCands) })
	}
	return best(cands, maxCands)
}

// addLongWords adds the weight of the query's words with long postings
// to the best candidates found so far (shortlist chooses them), and
// returns those. With seed (no word of the query is rare, or the rare
// ones found nothing), the names holding two of the long words are
// candidates too, each pair of the three rarest (all holders of the long
// word, when there is one).
func (ix *Index) addLongWords(pq *parsedQuery, long []bool, seed bool, sc *scratch, add func([]int32, float32), shortlist func([]int32) []int32) []int32 {
	qp, qw := pq.qp, pq.qw
	var seeded [maxTokens]bool // words whose exact weight the seed holds
	if seed {
		// the long words, shortest posting first (three at most)
		var ws []int
		for i := range long {
			if long[i] {
				ws = append(ws, i)
			}
		}
		slices.SortStableFunc(ws, func(a, b int) int {
			return cmp.Compare(len(ix.byKey.get(qp.Tokens[a].Key)), len(ix.byKey.get(qp.Tokens[b].Key)))
		})
		ws = ws[:min(len(ws), 3)]
		if len(ws) == 1 {
			add(ix.byKey.get(qp.Tokens[ws[0]].Key), qw[ws[0]])
			seeded[ws[0]] = true
		}
		// Several: the names holding two of them, each pair of the three
		// rarest. None holding two, no name is a candidate: every one
		// would leave a common query word unmatched.
		for x, a := range ws {
			for _, b := range ws[x+1:] {
				sc.cands = intersect(sc.cands[:0], ix.byKey.get(qp.Tokens[a].Key), ix.byKey.get(qp.Tokens[b].Key))
				if len(sc.cands) > 0 {
					add(sc.cands, qw[a]+qw[b])
					seeded[a], seeded[b] = true, true
				}
			}
		}
	}
	cands := shortlist(sc.touched)
	for i, t := range qp.Tokens {
		if !long[i] {
			continue
		}
		exact, text := ix.byKey.get(t.Key), ix.byText.get(t.Text)
		for _, e := range cands {
			if !seeded[i] && contains(exact, e) {
				sc.acc[e] += qw[i]
			}
			if contains(text, e) {
				sc.acc[e] += 0.3 * qw[i]
			}
		}
	}
	return cands
}

func (ix *Index) screenOne(q Query, o Options) []Match {
	threshold := q.Threshold
	if threshold == 0 {
		threshold = ix.model.Threshold
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	pq := ix.parseQuery(q.Name)
	qp, qw, joinKey := pq.qp, pq.qw, pq.joinKey
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	cands := ix.candidates(&pq, o, sc)
	// Documents are decisive: their subjects are always candidates.
	var docSubjects []int32
	if d := NormalizeDocument(q.Document); len(d) >= 5 {
		docSubjects = ix.byDoc.get(d)
	}
	type bestEntry struct {
		score float64
		entry int32
	}
	// The best entry of each subject; candidates are few (at most
	// candidatesPerQuery), so a slice searched in place beats a map.
	best := make([]bestEntry, 0, len(cands))
	bestOf := func(si int32) int {
		for i, b := range best {
			if ix.entry(b.entry).subject == si {
				return i
			}
		}
		return -1
	}
	var spelt uint64 // the query's words, to break ties between a subject's names
	alike := func(ei int32) bool {
		e := ix.entry(ei)
		if spelt == 0 {
			spelt = spelling(q.Name)
		}
		return e.nickname == "" && ix.info(e.subject).spellings[e.name] == spelt
	}
	consider := func(ei int32) {
		e := ix.entry(ei)
		sc, _ := ix.score(q, &qp, qw, joinKey, e, false)
		switch i := bestOf(e.subject); {
		case i < 0:
			best = append(best, bestEntry{sc, ei})
		case sc > best[i].score, sc == best[i].score && !alike(best[i].entry) && alike(ei):
			best[i] = bestEntry{sc, ei}
		}
	}
	for _, ei := range cands {
		if len(q.Sources) > 0 && !slices.Contains(q.Sources, ix.info(ix.entry(ei).subject).source) {
			continue
		}
		consider(ei)
	}
	for _, si := range docSubjects {
		subj := ix.subject(si)
		if len(q.Sources) > 0 && !slices.Contains(q.Sources, subj.Source) {
			continue
		}
		if bestOf(si) >= 0 {
			continue
		}
		// score against the primary name so the explanation shows it
		if info := ix.info(si); info.first < info.end {
			consider(info.first)
		}
	}
	kept := make([]bestEntry, 0, 16)
	for _, b := range best {
		if threshold < 0 || b.score >= threshold {
			kept = append(kept, b)
		}
	}
	// Explain only what will be returned.
	slices.SortFunc(kept, func(a, b bestEntry) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.entry, b.entry)
	})
	if len(kept) > 4*limit {
		kept = kept[:4*limit] // ties are ordered by source below
	}
	out := make([]Match, 0, len(kept))
	for i, b := range kept {
		e := ix.entry(b.entry)
		if o.ExplainTop > 0 && i >= o.ExplainTop {
			subj := ix.subject(e.subject)
			out = append(out, matchOf(subj, round(b.score)))
			continue
		}
		_, m := ix.score(q, &qp, qw, joinKey, e, true)
		out = append(out, *m)
	}
	ix.markAsWritten(q.Name, out)
	out = sortAndLimit(out, len(out))
	if !o.NoCounterparts {
		out = ix.group(q, out, threshold)
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// score rates one candidate name: the learned model over the alignment's
// features, then the evidence the query supplies (date of birth,
// nationality, documents) in log-odds. With explain false it only computes
// the score (no allocation), which is all the candidate pass needs; the
// kept matches are scored again with explain true.
func (ix *Index) score(q Query, qp *names.Parsed, qw []float32, joinKey string, e *entry, explain bool) (float64, *Match) {
	var a alignment
	ix.align(qp, qw, joinKey, e, &a)
	var f features
	ix.features(&a, qp, e, &f)
	z := ix.model.logit(&f)
	nameScore := sigmoid(z)
	var evs []Evidence
	if explain {
		evs = make([]Evidence, 0, 4)
	}
	decisive := false
	for _, ev := range ix.evidence(q, qp.Titles, e.subject) {
		if ev.Outcome == "decisive" {
			decisive = true
		} else {
			before := sigmoid(z)
			z += ev.LogOdds
			ev.Effect = round(sigmoid(z) - before)
		}
		if explain {
			evs = append(evs, ev)
		}
	}
	score := sigmoid(z)
	if decisive {
		score = max(score, decisiveScore)
	}
	score = round(score)
	if !explain {
		return score, nil
	}
	subj := ix.subject(e.subject)
	ex := ix.explain(&a, qp, e, &f, subj)
	ex.Adjustments = evs
	ex.NameScore = round(nameScore)
	ex.Score = score
	m := matchOf(subj, score)
	m.Explanation = ex
	return score, &m
}

func round(f float64) float64 { return math.Round(f*1000) / 1000 }

// Result is the answer to one screening query: the stable JSON contract of
// `vigil screen --json` and the HTTP API.
type Result struct {
	Query    Query           `json:"query"`
	Matches  []Match         `json:"matches"`
	Versions []lists.Version `json:"versions"`
}

// ValidateDate accepts "", YYYY, YYYY-MM or YYYY-MM-DD with a real date.
func ValidateDate(s string) error {
	if s == "" {
		return nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(s) == len(layout) {
			if _, err := time.Parse(layout, s); err == nil {
				return nil
			}
		}
	}
	return fmt.Errorf("%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s)
}

// words counts the written words of a parsed name: the parts of a split
// compound (Nasr Allah) are one.
func words(ts []names.Token) int {
	n := 0
	for _, t := range ts {
		if !t.Bound {
			n++
		}
	}
	return n
}

func hasInitial(ts []names.Token) bool {
	for _, t := range ts {
		if t.Initial() {
			return true
		}
	}
	return false
}

// acronymRun finds unmatched consecutive words whose initials spell acr
// (three letters or more), prepositions allowed within: it returns their
// range [i, k), or k = 0.
func acronymRun(acr string, ts []names.Token, used []bool) (int, int) {
	if len(acr) < 3 || len(acr) > 8 || len(ts) < len(acr) {
		return 0, 0
	}
	for i := range ts {
		if used[i] || acronymSkips[ts[i].Text] || ts[i].Text[0] != acr[0] {
			continue
		}
		n, k := 0, i
		for ; k < len(ts) && n < len(acr) && !used[k]; k++ {
			if acronymSkips[ts[k].Text] {
				continue
			}
			if ts[k].Text[0] != acr[n] {
				break
			}
			n++
		}
		if n == len(acr) {
			return i, k
		}
	}
	return 0, 0
}

func countFalse(bs []bool) int {
	n := 0
	for _, b := range bs {
		if !b {
			n++
		}
	}
	return n
}

// acronymSkips are the small words an acronym leaves out (Parse has
// dropped of, the, and already).
var acronymSkips = map[string]bool{"in": true, "for": true, "on": true, "at": true, "to": true}

func tokenTexts(ts []names.Token) string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Text
	}
	return strings.Join(out, " ")
}

// markAsWritten marks, among matches tied on score, those whose subject
// has a name with the query's words as spelt, for sortAndLimit to rank
// first.
func (ix *Index) markAsWritten(query string, out []Match) {
	slices.SortFunc(out, func(a, b Match) int { return cmp.Compare(b.Score, a.Score) })
	var h uint64
	for i := range out {
		if !(i > 0 && out[i-1].Score == out[i].Score || i+1 < len(out) && out[i+1].Score == out[i].Score) {
			continue
		}
		if h == 0 {
			h = spelling(query)
		}
		if si := ix.position(out[i].ID); si >= 0 {
			out[i].asWritten = slices.Contains(ix.info(si).spellings, h)
		}
	}
}

// givenNameConflict reports whether query word i is unmatched within the
// query's given name (its first word and the words bound to it, as in Abd
// al-Malik) while a word of the listed given name is unmatched too. An
// initial covers the words bound to the one it stands for.
func givenNameConflict(qt, lt []names.Token, usedQ, usedL, initialOn []bool, i int) bool {
	if qt[i].Initial() || !inGivenName(qt, i) {
		return false
	}
	for j := range lt {
		if !inGivenName(lt, j) {
			return false
		}
		if !usedL[j] && !lt[j].Optional && !(j > 0 && initialOn[j-1]) {
			return true
		}
	}
	return false
}

// inGivenName reports whether token i is the first word of the name or
// bound to it.
func inGivenName(ts []names.Token, i int) bool {
	for ; i > 0; i-- {
		if !ts[i].Bound {
			return false
		}
	}
	return true
}

// repeatsMatched reports whether token i repeats a matched token (the second
// Mubarak of "Mubarak Mushakhas Sanad Mubarak").
func repeatsMatched(ts []names.Token, used []bool, i int) bool {
	for j := range ts {
		if j != i && used[j] && ts[j].Text == ts[i].Text {
			return true
		}
	}
	return false
}

func sourceRank(s lists.Source) int {
	if i := slices.Index(lists.KnownSources, s); i >= 0 {
		return i
	}
	return len(lists.KnownSources)
}
