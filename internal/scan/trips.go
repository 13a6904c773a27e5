package scan

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/rules"
)

// inAppositive reports whether the person span sp stands in a clause set
// off by commas after another person named before it, the clause ending
// before the cue c: the sentence is about the person named first.
func inAppositive(text string, words []word, subs []span, sp span, c int) bool {
	if sp.b > c {
		return false
	}
	commaAfter := func(i int) bool { // a comma between words[i] and words[i+1]
		return i+1 < len(words) && strings.Contains(text[words[i].end:words[i+1].start], ",")
	}
	closed := false
	for i := sp.b - 1; i < c; i++ {
		closed = closed || commaAfter(i)
	}
	if !closed {
		return false
	}
	for _, o := range subs {
		if o.b <= sp.a && o.subject != sp.subject && commaAfter(o.b-1) {
			return true
		}
	}
	return false
}

// reportedExemption is a sentence reporting that a listed person was
// granted an exemption from the travel ban, with the countries it names.
type reportedExemption struct {
	subject   lists.SubjectID
	at        int // rune offset of the sentence
	text      string
	countries []string
}

// grantsExemption: the sentence says an exemption or waiver was granted
// ("the committee granted him a temporary exemption"), not refused or
// merely requested.
func grantsExemption(ws []word) bool {
	if !slices.ContainsFunc(ws, func(w word) bool { return exemptionWords[w.lower] }) {
		return false // most sentences: one lookup a word
	}
	exemption, granted := false, false
	for _, w := range ws {
		switch {
		case negations[w.lower]:
			return false
		case exemptionWords[w.lower]:
			exemption = true
		case grantWords[w.lower]:
			granted = true
		}
	}
	return exemption && granted
}

// applyReportedExemptions turns a violation into an exemption when the
// article reports one for that person: for the trips to the countries the
// report names, else for the trip reported nearest to it. The verdict
// says it comes from the article, not from Vigil's exemption register.
func applyReportedExemptions(trips []Trip, exemptions []reportedExemption) {
	for _, x := range exemptions {
		nearest, dist := -1, 0
		for i, t := range trips {
			// A trip the exemption registers already cover is a candidate
			// too: the report most likely names that exemption.
			if t.ID != x.subject || (t.Verdict != rules.Violation && t.Verdict != rules.Exempt) {
				continue
			}
			if len(x.countries) > 0 {
				if slices.Contains(x.countries, t.Country) {
					markReportedExemption(&trips[i], x)
				}
				continue
			}
			if d := abs(t.Evidence.Start - x.at); nearest < 0 || d < dist {
				nearest, dist = i, d
			}
		}
		if len(x.countries) == 0 && nearest >= 0 {
			markReportedExemption(&trips[nearest], x)
		}
	}
}

func markReportedExemption(t *Trip, x reportedExemption) {
	if t.Verdict == rules.Exempt {
		return // a registered exemption already covers it, with its source
	}
	t.Verdict = rules.Exempt
	t.Reasons = append([]string{fmt.Sprintf("the article reports an exemption: %q (not in Vigil's exemption register; record it with 'vigil exemptions add' once confirmed)", x.text)}, t.Reasons...)
}

// sentenceStarts gives the index of each sentence's first word (a
// sentence without words starts where the next one does), plus len(words).
func sentenceStarts(words []word) []int {
	n := 0
	if len(words) > 0 {
		n = words[len(words)-1].sentence + 1
	}
	starts := make([]int, n+1)
	si := 0
	for i, w := range words {
		for si <= w.sentence {
			starts[si] = i
			si++
		}
	}
	for ; si <= n; si++ {
		starts[si] = len(words)
	}
	return starts
}

// pickPlace finds the place a cue points at: the direct object of a visit
// verb, or a place after a preposition within reach of the cue ("visit to
// Moscow", "met … in Tehran", "was in Moscow", "near the Iraqi city of
// Fallujah"). A place in the genitive ("Congo's government") owns
// something and locates no one.
func pickPlace(text string, words []word, ps []placeSpan, c, end int) (placeSpan, bool) {
	cue := words[c].lower
	reach := 12
	switch {
	case weakCues[cue], nounCues[cue]:
		reach = 3
	case hostCues[cue]:
		reach = 16 // received X, his title, at the palace in Abu Dhabi
	}
	for _, p := range ps {
		if p.a <= c || possessive(text, words, p) {
			continue
		}
		if directObject[cue] && (p.a == c+1 || p.a == c+2 && articles[words[c+1].lower]) {
			return p, true
		}
		// the preposition within reach; the place after it, behind its
		// frame ("était dans la région de Sebha")
		prep, at := placePreposition(words, p)
		if !prepositions[prep] || at <= c || at >= c+reach {
			continue
		}
		if weakCues[cue] && at > c+1 && !(at == c+2 && adverb(words[c+1])) {
			continue // "was in Moscow", "was reportedly in Moscow"; not "was conveyed to Kabul"
		}
		return p, true
	}
	// Verb-final sentences (Persian "به مسکو سفر کرد") and fronted places
	// ("In Moscow, he met …"): a place with its preposition shortly before.
	if weakCues[cue] || nounCues[cue] || hostCues[cue] {
		return placeSpan{}, false
	}
	for i := len(ps) - 1; i >= 0; i-- {
		p := ps[i]
		if p.b > c || c-p.b > 6 || p.a == 0 || possessive(text, words, p) {
			continue
		}
		if prep, _ := placePreposition(words, p); prepositions[prep] || postpositionAfter(words, p) {
			return p, true
		}
	}
	return placeSpan{}, false
}

// adverb: an adverb between a weak cue and its preposition ("was
// reportedly in", "is currently in").
func adverb(w word) bool {
	return hedges[w.lower] || adverbs[w.lower] || strings.HasSuffix(w.lower, "ly") && len(w.lower) > 4
}

// placePreposition finds the word that governs a place, reading back over
// articles and the words that frame a place's name ("in the southern
// Iraqi city of Fallujah", "à la Havane"), and its index.
func placePreposition(words []word, p placeSpan) (string, int) {
	if w := words[p.a]; p.start > w.start && p.start < w.end {
		// a preposition written on to the place (Arabic بموسكو, لبغداد)
		if pre := foldWord(w.text[:p.start-w.start]); joinedPrepositions[pre] {
			return pre, p.a
		}
	}
	i := p.a - 1
	for n := 0; i > 0 && n < 5; n++ {
		w := words[i].lower
		if _, demonym := country.DemonymFolded(w); !placeFrame[w] && !demonym && !articles[w] {
			break
		}
		i--
	}
	if i < 0 {
		return "", -1
	}
	if !prepositions[words[i].lower] && prepositions[words[p.a-1].lower] {
		return words[p.a-1].lower, p.a - 1 // an article that is a preposition too
	}
	return words[i].lower, i
}

// possessive: the place is in the genitive ("Congo's government"), unless
// what it owns is a place itself ("Afghanistan's Khost province", "Iran's
// capital").
func possessive(text string, words []word, p placeSpan) bool {
	end := words[p.b-1].end
	rest := text[end:min(len(text), end+4)]
	if !strings.HasPrefix(rest, "'s") && !strings.HasPrefix(rest, "’s") {
		return false
	}
	return p.b >= len(words) || !words[p.b].cap && !placeFrame[words[p.b].lower]
}

// postpositionAfter: a case ending or particle written on to the place
// follows it (Tahran'da, 평양에서), as verb-final languages put it.
func postpositionAfter(words []word, p placeSpan) bool {
	return p.b < len(words) && postpositions[words[p.b].lower] && words[p.b].start-words[p.b-1].end <= len("’")
}

// cancelled: a negation or modal verb shortly before the cue ("planned to
// visit", "was denied entry", "did not travel"), or a negation right after.
// Only the article's language's words count: Portuguese "no Brasil" is
// no English "no".
func cancelled(words []word, from, c int, lang string) bool {
	for i := max(from, c-5); i < c; i++ {
		if w := words[i].lower; modal[w] && ownWord("modal", w, lang) || negations[w] && ownWord("negation", w, lang) {
			return true
		}
	}
	for i := c + 1; i < min(len(words), c+3); i++ {
		if w := words[i].lower; afterCue[w] && ownWord("after-cue", w, lang) {
			return true
		}
	}
	return false
}

// nearestDate picks the date closest to the cue or the place, preferring
// one in the same clause (no comma between): "Bozize, who has lived there
// since 2023, flew to Conakry on Monday" dates the flight Monday. A date
// after since or until starts or ends a state and dates no journey, but
// it dates a residence ("has lived in Oman since 2013").
func nearestDate(text string, words []word, dates []DateRef, c, p int) (DateRef, bool) {
	best, bd, found := DateRef{}, 0, false
	// "fled to Chad in 2021 and later moved to …": the date before
	// "later" is another journey's
	later := c > 0 && laterWords[words[c-1].lower]
	residence := residenceCues[words[c].lower]
	for _, d := range dates {
		since := d.Word > 0 && sinceWords[words[d.Word-1].lower]
		if since && !residence || later && d.Word < c {
			continue
		}
		dist := min(abs(d.Word-c), abs(d.Word-p))
		if since {
			dist -= 10 // "has lived in Oman since 2013": the stay began then
		}
		if d.Word > 0 && slices.ContainsFunc(words[max(0, d.Word-3):d.Word], func(w word) bool { return reportingVerbs[w.lower] }) {
			dist += 30 // "officials said on Tuesday": the report's date
		}
		if inDateline(text, words, d) {
			if residence {
				continue // a stay is not dated by the day it was reported
			}
			dist += 30 // the report's date: the journey's only when nothing else is
		}
		if d.Word < c && slices.ContainsFunc(words[max(0, d.Word-12):d.Word], func(w word) bool { return relativePronouns[w.lower] && w.sentence == words[c].sentence }) {
			continue // "X, who was ousted in 2013, has returned": the clause's date
		}
		lo, hi := min(d.Word, c), max(d.Word, c)
		if hi < len(words) && strings.Contains(text[words[lo].end:words[hi].start], ",") {
			dist += 20
		}
		if !found || dist < bd {
			best, bd, found = d, dist, true
		}
	}
	return best, found
}

// route finds the places a journey verb says the traveller came from or
// passed through ("returned to Kabul from Doha", "arrived from Tehran",
// "fled to Cameroon via the Congo"), within reach of the cue.
func route(words []word, ps []placeSpan, c, end int) []placeSpan {
	var out []placeSpan
	for _, p := range ps {
		if p.a <= c || p.a > c+10 || p.a >= end {
			continue
		}
		prep := words[p.a-1].lower
		if p.a-2 > c && articles[prep] {
			prep = words[p.a-2].lower
		}
		if transitPrepositions[prep] || originPrepositions[prep] && journeyVerbs[words[c].lower] {
			out = append(out, p)
		}
	}
	return out
}

// coordinated are the places joined to p by "and", "or" or commas.
func coordinated(text string, words []word, ps []placeSpan, p placeSpan) []placeSpan {
	var out []placeSpan
	last := p
	for _, q := range ps {
		if q.a < last.b {
			continue
		}
		between := strings.TrimSpace(text[words[last.b-1].end:words[q.a].start])
		if q.a != last.b && !(q.a == last.b+1 && conjunctions[words[last.b].lower]) {
			break
		}
		if q.a == last.b && between != "," {
			break
		}
		out = append(out, q)
		last = q
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// mergeTrips keeps one trip per subject, country and date, and folds an
// undated report into a recent dated trip of the same subject to the same
// place (news repeats the trip it is about). Without a publication date an
// undated report stays separate: it may be another trip.
func mergeTrips(in []Trip, published *time.Time) []Trip {
	out := []Trip{}
	key := func(t Trip) string {
		d := ""
		if t.Date != nil {
			d = *t.Date
		}
		return string(t.ID) + "|" + t.Country + "|" + d
	}
	seen := map[string]int{}
	for _, t := range in {
		if t.Date == nil {
			continue
		}
		if i, ok := seen[key(t)]; ok {
			out[i].Confidence = max(out[i].Confidence, t.Confidence)
			continue
		}
		seen[key(t)] = len(out)
		out = append(out, t)
	}
	for _, t := range in {
		if t.Date != nil {
			continue
		}
		merged := false
		for i := range out {
			if out[i].ID == t.ID && out[i].Country == t.Country && out[i].Date != nil && recent(*out[i].Date, published) {
				out[i].Confidence = max(out[i].Confidence, t.Confidence)
				merged = true
				break
			}
		}
		if !merged {
			if i, ok := seen[key(t)]; ok {
				out[i].Confidence = max(out[i].Confidence, t.Confidence)
				continue
			}
			seen[key(t)] = len(out)
			out = append(out, t)
		}
	}
	return out
}

// verdict attaches the travel verdict. An undated trip is checked over the
// plausible window: news reports recent journeys, so the two years before
// the publication date (or today), from the listing if that is later.
func (s *Scanner) verdict(ctx context.Context, t *Trip, published *time.Time) error {
	trip := rules.Trip{Subject: t.ID, To: t.Country}
	if t.Date != nil {
		p, err := rules.ParsePeriod(*t.Date)
		if err != nil {
			return err
		}
		trip.Date = p
	} else {
		end := time.Now().UTC().Truncate(24 * time.Hour)
		if published != nil {
			end = *published
		}
		start := end.AddDate(-recentYears, 0, 0)
		if sub := s.subjects[t.ID]; sub != nil && sub.ListedOn != "" {
			if l, err := time.Parse(time.DateOnly, sub.ListedOn); err == nil && l.Before(end) && l.After(start) {
				start = l
			}
		}
		trip.Date = rules.Period{Start: start, End: end, Precision: "window", Text: start.Format(time.DateOnly) + "/" + end.Format(time.DateOnly)}
	}
	v, err := s.Checker.Check(ctx, trip)
	if err != nil {
		return err
	}
	t.Verdict = v.Verdict
	if t.Date == nil {
		t.Reasons = append(t.Reasons, fmt.Sprintf("the date of the trip is unknown; checked over the plausible window %s", trip.Date.Text))
	}
	for _, r := range v.Reasons {
		t.Reasons = append(t.Reasons, r.Text)
	}
	return nil
}

// recentYears is how far back an undated journey in the news plausibly
// lies.
const recentYears = 2

// recent: the date falls within two months before publication.
func recent(date string, published *time.Time) bool {
	if published == nil {
		return false
	}
	p, err := rules.ParsePeriod(date)
	if err != nil {
		return false
	}
	return !p.End.Before(published.AddDate(0, -2, 0)) && !p.Start.After(*published)
}

// inDateline: the date opens a paragraph before the dash or the agency's
// name that ends a dateline ("BANGUI, 12 mars (Agence) - …").
func inDateline(text string, words []word, d DateRef) bool {
	start := words[d.Word].start
	line := strings.LastIndexByte(text[:start], '\n') + 1
	if start-line > 40 {
		return false
	}
	end := start + len(d.Text)
	rest := text[min(end, len(text)):min(end+24, len(text))]
	if i := strings.IndexByte(rest, ')'); i >= 0 && strings.HasPrefix(strings.TrimSpace(rest), "(") {
		rest = rest[i+1:]
	}
	rest = strings.TrimLeft(rest, " ,")
	return strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, ":")
}
