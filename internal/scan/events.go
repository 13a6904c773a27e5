package scan

import (
	"slices"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/places"
)

// The event stage reads each sentence for cues that report a presence or
// a journey, the place each cue points at, and who made it: a person
// named in the sentence, or a pronoun standing for one named before.
// Persons joined to the traveller ("X and Y flew", "he and Y returned")
// and the members of a delegation travelled with them.

// actor is a person a sentence speaks of: named there, or a pronoun
// standing for a person named in it or shortly before.
type actor struct {
	a, b    int // words[a:b]
	subject lists.SubjectID
	score   float64
	pronoun bool
}

// antecedents remembers the persons named so far, most recent last, and
// the sentence each was last named in, so a pronoun can be resolved.
type antecedents struct {
	recent []lists.SubjectID
	seen   map[lists.SubjectID]int
}

func (r *antecedents) named(id lists.SubjectID, sentence int) {
	r.recent = append(slices.DeleteFunc(r.recent, func(x lists.SubjectID) bool { return x == id }), id)
	r.seen[id] = sentence
}

// resolve gives the person a pronoun of that gender stands for: the last
// one named within the two sentences before, agreeing in gender when the
// list states it.
func (s *Scanner) resolve(r *antecedents, gender string, sentence int) (lists.SubjectID, bool) {
	for k := len(r.recent) - 1; k >= 0; k-- {
		id := r.recent[k]
		if sentence-r.seen[id] > 2 {
			return "", false
		}
		if g := s.subjects[id].Gender; gender == "" || g == "" || g == gender {
			return id, true
		}
	}
	return "", false
}

// sentenceActors lists the persons of words[from:to] in text order:
// person spans, and pronouns resolved against what came before. A
// possessive before a relative ("his son", "her deputy") names someone
// else and is no actor.
func (s *Scanner) sentenceActors(words []word, from, to int, subs []span, lang string, ante *antecedents, reports map[lists.SubjectID]*SubjectReport) []actor {
	var out []actor
	k := 0
	for i := from; i < to; i++ {
		for k < len(subs) && subs[k].a < i {
			k++
		}
		if k < len(subs) && subs[k].a == i {
			sp := subs[k]
			if sub := s.subjects[sp.subject]; sub != nil && sub.Kind == lists.KindPerson && !attributive(words, sp) {
				out = append(out, actor{a: sp.a, b: sp.b, subject: sp.subject, score: sp.score})
				ante.named(sp.subject, words[i].sentence)
			}
			i = sp.b - 1
			continue
		}
		w := words[i].lower
		if !isPronoun(w, lang) || i+1 < to && relativeNouns[words[i+1].lower] {
			continue
		}
		if id, ok := s.resolve(ante, pronounGender[w], words[i].sentence); ok {
			out = append(out, actor{a: i, b: i + 1, subject: id, score: 0.8 * reports[id].Confidence, pronoun: true})
			ante.named(id, words[i].sentence) // a chain of pronouns keeps its person in view
		}
	}
	return out
}

// isPronoun: a personal pronoun of the article's language (Russian "on"
// is English "on", French "il" is no English word); in a language without
// word lists, any.
func isPronoun(w, lang string) bool {
	if !pronouns[w] {
		return false
	}
	if !lexiconLanguages[lang] {
		return true
	}
	return pronounLanguages[w][lang]
}

// traveller picks, among the sentence's actors, who made the journey the
// cue c reports to the place p: the object of a host or transport verb,
// else the nearest actor before the cue that is not set off in an
// appositive, else the first one after it.
func (s *Scanner) traveller(text string, words []word, actors []actor, subs []span, c int, p placeSpan) (actor, bool) {
	cue := words[c].lower
	switch {
	case hostCues[cue]:
		for _, x := range actors {
			if x.a > c && (x.a <= c+3 || scriptHostCues[cue]) && !x.pronoun {
				return x, true
			}
		}
		return actor{}, false
	case transportCues[cue] && !(c > 0 && passiveAux[words[c-1].lower]):
		// "the plane carried Aweys back to Somalia"
		for _, x := range actors {
			if x.a > c && x.b <= p.a {
				return x, true
			}
		}
		return actor{}, false
	}
	best, bestD := actor{}, -1
	for _, x := range actors {
		if x.a <= p.a && p.a < x.b {
			continue
		}
		if !x.pronoun && inAppositive(text, words, subs, span{a: x.a, b: x.b, subject: x.subject}, c) {
			continue // "Aisha Gaddafi, the daughter of … Muammar Gaddafi, travelled"
		}
		d := c - x.b
		if d < 0 {
			d = x.a - c + 100 // after the cue: a weaker link
		}
		if bestD < 0 || d < bestD {
			best, bestD = x, d
		}
	}
	return best, bestD >= 0
}

// joinedActors are the actors joined to x by "and" or commas, before or
// after it ("Baradar and Muttaqi flew", "he and Moughnieh returned").
func joinedActors(text string, words []word, actors []actor, x actor) []actor {
	joined := func(l, r actor) bool { // l right before r, joined
		if l.b > r.a || l.b >= len(words) {
			return false
		}
		between := strings.TrimSpace(text[words[l.b-1].end:words[r.a].start])
		if r.a == l.b {
			return between == ","
		}
		return r.a == l.b+1 && conjunctions[words[l.b].lower] && (between == words[l.b].text || between == ", "+words[l.b].text || between == ","+words[l.b].text)
	}
	var out []actor
	for _, left := range []bool{true, false} {
		for cur, changed := x, true; changed; {
			changed = false
			for _, o := range actors {
				if o.subject != x.subject && (left && joined(o, cur) || !left && joined(cur, o)) && !slices.Contains(out, o) {
					out, cur, changed = append(out, o), o, true
					break
				}
			}
		}
	}
	return out
}

// findTrips reads each sentence for a presence or journey cue, the place
// it points at and the person who made it; dates come from the same
// sentence.
func (s *Scanner) findTrips(text string, words []word, offs *runeOffsets, spans []span, placeAt []placeSpan, reports map[lists.SubjectID]*SubjectReport, published *time.Time, lang string) ([]Trip, []reportedExemption) {
	var exemptions []reportedExemption
	bySentence := map[int][]span{}
	for _, sp := range spans {
		bySentence[sp.sentence] = append(bySentence[sp.sentence], sp)
	}
	placesBySentence := map[int][]placeSpan{}
	for _, p := range placeAt {
		placesBySentence[words[p.a].sentence] = append(placesBySentence[words[p.a].sentence], p)
	}
	var trips, groups []Trip
	ante := &antecedents{seen: map[lists.SubjectID]int{}}
	actorsBySentence := map[int][]actor{}
	starts := sentenceStarts(words)
	for si := 0; len(words) > 0 && si <= words[len(words)-1].sentence; si++ {
		from, to := starts[si], starts[si+1]
		if from == to {
			continue
		}
		subs := bySentence[si]
		actors := s.sentenceActors(words, from, to, subs, lang, ante, reports)
		if len(actors) == 0 {
			// "a Taliban delegation travelled to Tehran": the journey of a
			// party whose members a later sentence names
			if g, ok := groupJourney(text, words, placesBySentence[si], from, to, published, lang); ok {
				g.sentence = si
				g.Evidence = evidence(text, words, offs, from, to)
				groups = append(groups, g)
			}
			continue
		}
		actorsBySentence[si] = actors
		if grantsExemption(words[from:to]) {
			x := reportedExemption{subject: actors[0].subject, at: offs.at(words[from].start), text: text[words[from].start:words[to-1].end]}
			for _, p := range placesBySentence[si] {
				x.countries = append(x.countries, p.place.Country)
			}
			exemptions = append(exemptions, x)
		}
		ps := placesBySentence[si]
		dates := findDates(text, words, from, to, published, lang)
		hedged := slices.ContainsFunc(words[from:to], func(w word) bool { return hedges[w.lower] })
		// each place of the sentence makes one trip at most ("flew to
		// Moscow last week, and visited Islamabad in August")
		var placed []string
		caption := isCaption(text, words, from, to)
		for c := from; c < to; c++ {
			cue := words[c].lower
			if !presenceCues[cue] && !transportCues[cue] && !(caption && c == from) {
				continue
			}
			var p placeSpan
			var ok bool
			implied := ""
			if caption && c == from {
				// a photo caption shows the person in the place it names
				p, ok = captionPlace(text, words, ps, actors)
				cue = "caption"
			} else if p, ok = pickPlace(text, words, ps, c, to); !ok || slices.Contains(placed, p.place.Name) {
				// "Qatar, which he entered from Pakistan"
				p, implied, ok = impliedPlace(text, words, ps, placeAt, c, to)
			}
			if !ok || cancelled(words, from, c, lang) || slices.Contains(placed, p.place.Name) && implied == "" {
				continue
			}
			x, ok := s.traveller(text, words, actors, subs, c, p)
			if caption && c == from {
				x, ok = actors[0], !actors[0].pronoun
			}
			if !ok {
				continue
			}
			if implied == "home" {
				// "returned home": to the country of their nationality
				sub := s.subjects[x.subject]
				if len(sub.Nationalities) == 0 || slices.Contains(placed, country.Name(sub.Nationalities[0])) {
					continue
				}
				cc := sub.Nationalities[0]
				p.place = places.Place{Name: country.Name(cc), Country: cc, Kind: places.KindCountry}
			}
			conf := x.score
			if weakCues[cue] {
				conf *= 0.9
			}
			if hedged {
				conf *= 0.6
			}
			t := Trip{ID: x.subject, Name: reports[x.subject].Name, Place: p.place.Name, Country: p.place.Country, Confidence: round(conf), Cue: cue,
				Evidence: evidence(text, words, offs, from, to), Reasons: []string{}, sentence: si}
			if d, ok := nearestDate(text, words, dates, c, p.a); ok {
				v := d.Value
				t.Date, t.DatePrecision = &v, d.Precision
			} else {
				t.DatePrecision = "unknown"
			}
			first := len(trips)
			trips = append(trips, t)
			placed = append(placed, p.place.Name)
			also := func(q placeSpan, conf float64) {
				if !slices.Contains(placed, q.place.Name) {
					tq := t
					tq.Place, tq.Country, tq.Confidence = q.place.Name, q.place.Country, round(conf)
					trips = append(trips, tq)
					placed = append(placed, q.place.Name)
				}
			}
			// "returned to Kabul from Doha", "fled to Cameroon via the
			// Congo": he was in Doha and the Congo too
			for _, q := range route(words, ps, c, to) {
				also(q, 0.9*t.Confidence)
			}
			// places joined to it ("to Uganda and Rwanda in 2019") are
			// the same journey
			for _, q := range coordinated(text, words, ps, p) {
				also(q, t.Confidence)
			}
			// persons joined to the traveller made the same journey
			for _, o := range joinedActors(text, words, actors, x) {
				for _, tr := range trips[first:] {
					if tr.ID != x.subject {
						continue
					}
					tr.ID, tr.Name, tr.Confidence = o.subject, reports[o.subject].Name, round(min(tr.Confidence, o.score))
					trips = append(trips, tr)
				}
			}
		}
	}
	trips = append(trips, delegationTrips(words, starts, actorsBySentence, trips, groups, reports)...)
	return mergeTrips(trips, published), exemptions
}

// delegationTrips: the persons a sentence names as members of a
// delegation, an entourage or a party travelling with someone ("Muttaqi
// leads a delegation comprising X and Y", "accompanied by X") made the
// journey of the member whose trip is reported in that sentence or the
// nearest one before or after it.
func delegationTrips(words []word, starts []int, actorsBySentence map[int][]actor, trips, groups []Trip, reports map[lists.SubjectID]*SubjectReport) []Trip {
	var out []Trip
	for si, actors := range actorsBySentence {
		at := slices.IndexFunc(words[starts[si]:starts[si+1]], func(w word) bool { return delegationWords[w.lower] })
		if at < 0 {
			continue
		}
		at += starts[si]
		inGroup := func(id lists.SubjectID) bool {
			return slices.ContainsFunc(actors, func(x actor) bool { return x.subject == id })
		}
		// the group's journey: its trips reported nearest this sentence
		bestD, bestStart := -1, 0
		for _, t := range trips {
			if !inGroup(t.ID) {
				continue
			}
			d := abs(t.sentence - si)
			if d <= 3 && (bestD < 0 || d < bestD) {
				bestD, bestStart = d, t.Evidence.Start
			}
		}
		journey := trips
		if bestD < 0 {
			// no member's own trip: the party's journey told without them
			for _, g := range groups {
				if d := abs(g.sentence - si); d <= 3 && (bestD < 0 || d < bestD) {
					bestD, bestStart = d, g.Evidence.Start
				}
			}
			journey = groups
		}
		if bestD < 0 {
			continue
		}
		for _, x := range actors {
			if x.pronoun || x.a < at && !slices.ContainsFunc(actors, func(y actor) bool { return y.a > at }) {
				continue
			}
			for _, t := range journey {
				if t.Evidence.Start != bestStart || t.ID == x.subject || t.ID != "" && !inGroup(t.ID) || slices.ContainsFunc(trips, func(u Trip) bool { return u.ID == x.subject && u.Country == t.Country }) {
					continue
				}
				t.ID, t.Name, t.Confidence = x.subject, reports[x.subject].Name, round(min(t.Confidence, 0.9*x.score))
				t.Reasons = []string{}
				out = append(out, t)
			}
		}
	}
	slices.SortFunc(out, func(a, b Trip) int { return a.Evidence.Start - b.Evidence.Start })
	return out
}

// impliedPlace finds the place a cue names without naming it: the origin
// of a journey whose destination is not given ("Lebanon, which he entered
// from Syria"), the traveller's own country ("returned home"; the caller
// fills it in), or the country the article named last ("returned to the
// country").
func impliedPlace(text string, words []word, ps, all []placeSpan, c, end int) (placeSpan, string, bool) {
	if r := route(words, ps, c, end); len(r) > 0 && journeyVerbs[words[c].lower] {
		return r[0], "route", true
	}
	for i := c + 1; i < min(end, c+4); i++ {
		switch w := words[i].lower; {
		case homeWords[w] && journeyVerbs[words[c].lower]:
			return placeSpan{a: i, b: i + 1}, "home", true
		case placeAnaphors[w] && i >= 2 && words[i-1].lower == "the" && prepositions[words[i-2].lower]:
			for k := len(all) - 1; k >= 0; k-- {
				if q := all[k]; q.a < i && q.place.Kind == places.KindCountry && !possessive(text, words, q) {
					return placeSpan{a: i, b: i + 1, place: q.place}, "anaphor", true
				}
			}
			return placeSpan{}, "", false
		}
	}
	return placeSpan{}, "", false
}

// captionPlace: the place a photo caption puts its first person in — the
// first place after them governed by a preposition or set off by a comma
// ("X gestures during a march, in Port-au-Prince, Haiti, September 19").
func captionPlace(text string, words []word, ps []placeSpan, actors []actor) (placeSpan, bool) {
	if len(actors) == 0 {
		return placeSpan{}, false
	}
	for _, p := range ps {
		if p.a < actors[0].b || possessive(text, words, p) {
			continue
		}
		if prep, _ := placePreposition(words, p); prepositions[prep] {
			return p, true
		}
	}
	return placeSpan{}, false
}

// isCaption: the sentence is a photo caption — a caption word in it or in
// the rest of its line ("… in Kabul, March 3, 2026. REUTERS/File Photo").
func isCaption(text string, words []word, from, to int) bool {
	end := to
	for end < len(words) && !strings.Contains(text[words[end-1].end:words[end].start], "\n") {
		end++
	}
	return slices.ContainsFunc(words[from:end], func(w word) bool { return captionWords[w.lower] })
}

// attributive: a surname used as a modifier ("the Qadhafi compound", "the
// Haqqani network") names a thing, not the person who acts.
// So is one right after a group noun, as languages that put adjectives
// after nouns write it ("الوفد الحوثي", the Houthi delegation).
func attributive(words []word, sp span) bool {
	if sp.via != "surname" || sp.a == 0 || words[sp.a-1].sentence != words[sp.a].sentence {
		return false
	}
	if before := words[sp.a-1].lower; delegationWords[before] || collectiveNouns[before] {
		return true
	}
	return articles[words[sp.a-1].lower] && sp.b < len(words) &&
		words[sp.b].latin && !words[sp.b].cap && words[sp.b].sentence == words[sp.a].sentence
}

// evidence quotes words[from:to] with the sentence's closing punctuation.
func evidence(text string, words []word, offs *runeOffsets, from, to int) Evidence {
	from0, to0 := words[from].start, words[to-1].end
	for to0 < len(text) && strings.ContainsRune(".!?؟", rune(text[to0])) {
		to0++
	}
	return Evidence{Text: text[from0:to0], Start: offs.at(from0), End: offs.at(to0)}
}

// groupJourney reads a sentence that names no person for a delegation's
// journey ("a delegation of the group travelled to Tehran"): a delegation
// word, a cue and the place it points at. The trip has no subject yet.
func groupJourney(text string, words []word, ps []placeSpan, from, to int, published *time.Time, lang string) (Trip, bool) {
	if len(ps) == 0 || !slices.ContainsFunc(words[from:to], func(w word) bool { return delegationWords[w.lower] }) {
		return Trip{}, false
	}
	for c := from; c < to; c++ {
		if !presenceCues[words[c].lower] || cancelled(words, from, c, lang) {
			continue
		}
		p, ok := pickPlace(text, words, ps, c, to)
		if !ok {
			continue
		}
		t := Trip{Place: p.place.Name, Country: p.place.Country, Confidence: 0.7, Cue: words[c].lower, Reasons: []string{}, DatePrecision: "unknown"}
		if d, ok := nearestDate(text, words, findDates(text, words, from, to, published, lang), c, p.a); ok {
			v := d.Value
			t.Date, t.DatePrecision = &v, d.Precision
		}
		return t, true
	}
	return Trip{}, false
}
