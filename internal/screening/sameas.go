package screening

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
)

// Counterpart is a subject of another list that is probably the same real
// person or organisation as the one shown. It is shown with its evidence
// and never merged: the lists stay separate records.
type Counterpart struct {
	ID     lists.SubjectID `json:"id"`
	Source lists.Source    `json:"source"`
	Name   string          `json:"name"`
	Kind   lists.Kind      `json:"kind"`
	// Basis is "stated" when one of the two entries names the other (a UN
	// reference, an OFSI group ID), else "probable".
	Basis     string   `json:"basis"`
	NameScore float64  `json:"name_score"`
	Evidence  []string `json:"evidence"`
	// identified: stated, a shared document, the same full date of birth,
	// or an identical name no one else bears (a person's with the year of
	// birth or nationality in agreement) — enough for screening to report
	// the counterpart of a match as a match.
	identified bool
}

// Thresholds for a probable counterpart. A shared document number is an
// identifier; a date of birth alone is shared by thousands, so it must
// come with a name strong enough to screen as a match on its own.
const (
	sameDocName     = 0.80 // name score with a shared document
	sameDayDOBName  = 0.90 // name score with the same full date of birth
	sameYearDOBName = 0.95 // name score with the same year of birth only
	minDocLength    = 5    // shorter numbers ("044") are not identifiers
)

// Counterparts finds the subjects of other sources in the index that are
// the same as s: stated cross-references both ways, shared identity
// documents, or the same date of birth with a strong name match. A nil
// subject (one Subject did not find) has none.
func (ix *Index) Counterparts(s *lists.Subject) []Counterpart {
	if s == nil {
		return nil
	}
	return ix.counterparts(s, true)
}

// counterparts finds the counterparts of s. Thorough, it screens s's names
// to find namesakes born the same year; otherwise it looks up only what
// identifies a counterpart (references, documents, the full date of
// birth, an identical name no one else bears) in the index — what screening
// needs, in a fraction of the time.
func (ix *Index) counterparts(s *lists.Subject, thorough bool) []Counterpart {
	found := map[int32]*Counterpart{}
	var order []int32
	get := func(si int32) *Counterpart {
		if c, ok := found[si]; ok {
			return c
		}
		o := ix.subject(si)
		c := &Counterpart{ID: o.ID, Source: o.Source, Name: o.PrimaryName(), Kind: o.Kind, Basis: "probable"}
		found[si] = c
		order = append(order, si)
		return c
	}
	// Stated cross-references, in either direction.
	for _, l := range s.Links {
		if si := ix.position(l.Target); l.Relation == "same_as" && si >= 0 && ix.info(si).source != s.Source {
			c := get(si)
			c.Basis = "stated"
			c.Evidence = append(c.Evidence, fmt.Sprintf("the %s entry names %s as the same subject", s.Source, l.Target))
		}
	}
	for _, si := range ix.sameAsRefs.get(string(s.ID)) {
		if o := ix.subject(si); o.Source != s.Source {
			c := get(si)
			c.Basis = "stated"
			c.Evidence = append(c.Evidence, fmt.Sprintf("the %s entry names %s as the same subject", o.Source, s.ID))
		}
	}
	// Shared documents.
	docs := map[int32][]string{}
	for _, d := range s.Documents {
		n := NormalizeDocument(d.Number)
		if len(n) < minDocLength {
			continue
		}
		for _, si := range ix.byDoc.get(n) {
			if o := ix.subject(si); o.Source != s.Source && !slices.Contains(docs[si], n) {
				docs[si] = append(docs[si], n)
			}
		}
	}
	// Name matches, for the date-of-birth test and to score every candidate.
	best := map[int32]Comparison{}
	var others []lists.Source
	for _, src := range lists.KnownSources {
		if src != s.Source {
			others = append(others, src)
		}
	}
	for i, n := range s.Names {
		if i >= 12 || n.Role == lists.RoleWeakAlias || !thorough {
			continue
		}
		for _, m := range ix.ScreenWith(Query{Name: n.Full, Kind: s.Kind, Sources: others, Threshold: sameDocName, Limit: 10}, Options{ExplainTop: 10, NoCounterparts: true}) {
			si := ix.position(m.ID)
			if si < 0 {
				continue
			}
			if m.Explanation.NameScore > best[si].Score {
				best[si] = Comparison{NameA: n.Full, NameB: m.Explanation.MatchedName, Score: m.Explanation.NameScore}
			}
		}
	}
	// Subjects sharing a document, and unless thorough (whose screening
	// found them by name) those born the same day or, for organisations,
	// bearing the same name: their names are compared pairwise.
	var compare []int32
	for si := range docs {
		compare = append(compare, si)
	}
	if !thorough {
		for _, d := range s.BirthDates {
			if d.Precision == lists.PrecisionDay {
				for _, si := range ix.byBirth.get(d.Date) {
					if ix.info(si).source != s.Source {
						compare = append(compare, si)
					}
				}
			}
		}
		compare = append(compare, ix.sameNameSubjects(s)...)
	}
	for _, si := range compare {
		if _, ok := best[si]; !ok {
			best[si] = ix.bestNamePair(s, ix.subject(si))
		}
	}
	for si, cmp := range best {
		o := ix.subject(si)
		dob, day := sharedBirthDate(s.BirthDates, o.BirthDates)
		_, stated := found[si]
		identified := true
		byName := false
		switch {
		case stated:
		case len(docs[si]) > 0 && cmp.Score >= sameDocName:
		case dob != "" && day && cmp.Score >= sameDayDOBName:
		case o.Kind == s.Kind && sameName(cmp.NameA, cmp.NameB) && ix.soleHolders(cmp.NameA, s.Source, o.Source) &&
			(s.Kind != lists.KindPerson || dob != "" || sharedNationality(s, o) != "" && (len(s.BirthDates) == 0 || len(o.BirthDates) == 0)):
			// A name no one else on either list bears (an organisation's
			// other branches differ by a word). A person's must come with
			// the year of birth or, where a list states none, the
			// nationality in agreement: the real name on one list as an
			// alias on the other (AL-ADL, Sayf is an alias of UN QDi.001).
			byName = true
		case dob != "" && !day && cmp.Score >= sameYearDOBName:
			identified = false
		default:
			continue
		}
		c := get(si)
		c.identified = c.identified || identified
		switch {
		case byName && s.Kind == lists.KindPerson:
			c.Evidence = append(c.Evidence, "a full name no one else on either list bears")
			if n := sharedNationality(s, o); n != "" {
				c.Evidence = append(c.Evidence, "same nationality "+n)
			}
		case byName:
			c.Evidence = append(c.Evidence, "an organisation of the same kind and name")
		}
		c.NameScore = round(cmp.Score)
		for _, d := range docs[si] {
			c.Evidence = append(c.Evidence, "same document number "+d)
		}
		if dob != "" {
			c.Evidence = append(c.Evidence, dob)
		}
		if cmp.Score > 0 {
			c.Evidence = append(c.Evidence, fmt.Sprintf("name %q matches %q (%.2f)", cmp.NameA, cmp.NameB, cmp.Score))
		}
	}
	// Stated counterparts never screened by name still get a name score.
	out := make([]Counterpart, 0, len(order))
	for _, si := range order {
		c := found[si]
		c.identified = c.identified || c.Basis == "stated"
		if c.NameScore == 0 {
			cmp := ix.bestNamePair(s, ix.subject(si))
			c.NameScore = round(max(cmp.Score, 0))
			if cmp.Score >= sameDocName {
				c.Evidence = append(c.Evidence, fmt.Sprintf("name %q matches %q (%.2f)", cmp.NameA, cmp.NameB, cmp.Score))
			} else {
				c.Evidence = append(c.Evidence, fmt.Sprintf("names differ: the closest pair is %q and %q (%.2f); check the reference", cmp.NameA, cmp.NameB, c.NameScore))
			}
		}
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Counterpart) int {
		if a.Basis != b.Basis {
			return strings.Compare(b.Basis, a.Basis) // stated first
		}
		if a.NameScore != b.NameScore {
			if a.NameScore > b.NameScore {
				return -1
			}
			return 1
		}
		return strings.Compare(string(a.ID), string(b.ID))
	})
	return out
}

// sameName reports whether two names have the same words, two at least,
// in any order once folded: how an organisation is known to be on two
// lists when nothing else is shared (its branches differ by a word).
func sameName(a, b string) bool {
	return len(strings.Fields(names.Fold(a))) >= 2 && spelling(a) == spelling(b)
}

// soleHolders reports whether exactly one subject of source a and one of
// source b bear the name, in any word order.
func (ix *Index) soleHolders(name string, a, b lists.Source) bool {
	na, nb := 0, 0
	for _, si := range ix.holders(name) {
		switch ix.info(si).source {
		case a:
			na++
		case b:
			nb++
		}
	}
	return na == 1 && nb == 1
}

// holders are the subjects with a name of the same words as name.
func (ix *Index) holders(name string) []int32 {
	return ix.bySpelling.get(spelling(name))
}

// sameNameSubjects are the subjects of other sources that bear one of the
// names of s: candidate counterparts by name alone.
func (ix *Index) sameNameSubjects(s *lists.Subject) []int32 {
	var out []int32
	for i, n := range s.Names {
		if i >= 12 || n.Role == lists.RoleWeakAlias {
			continue
		}
		for _, si := range ix.holders(n.Full) {
			if ix.info(si).source != s.Source && !slices.Contains(out, si) {
				out = append(out, si)
			}
		}
	}
	return out
}

// Identified are the counterparts of the subject with that ID that
// identify it (stated, a shared document, the same full date of birth, a
// name no one else bears), found by index lookups and cached: cheap
// enough to ask for every match.
func (ix *Index) Identified(id lists.SubjectID) []Counterpart {
	si := ix.position(id)
	if si < 0 {
		return nil
	}
	var out []Counterpart
	for _, c := range ix.counterpartsOf(si) {
		if c.identified {
			out = append(out, c)
		}
	}
	return out
}

// counterpartsOf is Counterparts of the subject at position si, cached.
func (ix *Index) counterpartsOf(si int32) []Counterpart {
	if c, ok := ix.sameAs.Load(si); ok {
		return c.([]Counterpart)
	}
	c := ix.counterparts(ix.subject(si), false)
	ix.sameAs.Store(si, c)
	return c
}

// group makes the same subject on several lists one result: each match
// at or above the threshold, best first, takes the identified
// counterparts of its subject as its Records — the matches they had of
// their own, or their identity with the match's score. A record is in one
// result only.
func (ix *Index) group(q Query, out []Match, threshold float64) []Match {
	if threshold < 0 {
		threshold = ix.model.Threshold
	}
	taken := map[lists.SubjectID]bool{}
	grouped := out[:0:0]
	for _, m := range out {
		if taken[m.ID] {
			continue
		}
		taken[m.ID] = true
		si := ix.position(m.ID)
		if m.Score < threshold || si < 0 {
			grouped = append(grouped, m)
			continue
		}
		for _, c := range ix.counterpartsOf(si) {
			if !c.identified || taken[c.ID] || len(q.Sources) > 0 && !slices.Contains(q.Sources, c.Source) {
				continue
			}
			taken[c.ID] = true
			r := Record{Identity: identityOf(ix.subject(ix.position(c.ID))), Score: round(m.Score - 0.001), Basis: c.Basis, Evidence: c.Evidence}
			if j := slices.IndexFunc(out, func(o Match) bool { return o.ID == c.ID }); j >= 0 {
				r.NameScore = out[j].Score // its own name matched too
			}
			m.Records = append(m.Records, r)
		}
		grouped = append(grouped, m)
	}
	return grouped
}

// position finds a subject's place in the index, -1 when absent.
func (ix *Index) position(id lists.SubjectID) int32 {
	return int32(ix.ids.find(string(id)))
}

// bestNamePair compares the first names of two subjects pairwise.
func (ix *Index) bestNamePair(a, b *lists.Subject) Comparison {
	if ai, bi := ix.position(a.ID), ix.position(b.ID); ai >= 0 && bi >= 0 && ix.records[ai].Load() == a {
		return ix.bestEntryPair(ai, bi)
	}
	var best Comparison
	if len(a.Names) > 0 && len(b.Names) > 0 {
		best = Comparison{NameA: a.Names[0].Full, NameB: b.Names[0].Full, Score: -1}
	}
	for i, na := range a.Names {
		for j, nb := range b.Names {
			if i >= 6 || j >= 6 {
				continue
			}
			if c := ix.Compare(na.Full, nb.Full, a.Kind); c.Score > best.Score {
				best = Comparison{NameA: na.Full, NameB: nb.Full, Score: c.Score}
			}
		}
	}
	return best
}

// bestEntryPair is bestNamePair for two subjects of the index, from the
// names it has parsed already.
func (ix *Index) bestEntryPair(ai, bi int32) Comparison {
	a, b := ix.info(ai), ix.info(bi)
	sa, sb := ix.subject(ai), ix.subject(bi)
	best := Comparison{NameA: sa.PrimaryName(), NameB: sb.PrimaryName(), Score: -1}
	q := Query{Kind: a.kind}
	bestAlike := false
	for i := a.first; i < a.end && i < a.first+6; i++ {
		ea := ix.entry(i)
		if ea.nickname != "" {
			continue
		}
		for j := b.first; j < b.end && j < b.first+6; j++ {
			eb := ix.entry(j)
			if eb.nickname != "" {
				continue
			}
			sc, _ := ix.score(q, &ea.parsed, ea.weights, ea.joinKey, eb, false)
			// on a tie, the names spelt alike are the pair shown
			alike := a.spellings[ea.name] == b.spellings[eb.name]
			if sc > best.Score || sc == best.Score && alike && !bestAlike {
				best = Comparison{NameA: sa.Names[ea.name].Full, NameB: sb.Names[eb.name].Full, Score: sc}
				bestAlike = alike
			}
		}
	}
	return best
}

// sharedBirthDate finds a birth date both records state: a full date
// (day is true), else a year that both give or that one's range holds.
// sharedNationality is a nationality or citizenship both subjects have, or "".
func sharedNationality(a, b *lists.Subject) string {
	for _, x := range slices.Concat(a.Nationalities, a.Citizenships) {
		if slices.Contains(b.Nationalities, x) || slices.Contains(b.Citizenships, x) {
			return x
		}
	}
	return ""
}

func sharedBirthDate(a, b []lists.BirthDate) (string, bool) {
	for _, x := range a {
		for _, y := range b {
			if x.Precision == lists.PrecisionDay && y.Precision == lists.PrecisionDay && x.Date == y.Date {
				return "same date of birth " + x.Date, true
			}
		}
	}
	years := func(d lists.BirthDate) (int, int) {
		if d.Precision == lists.PrecisionRange {
			return d.FromYear, d.ToYear
		}
		if len(d.Date) >= 4 {
			y, _, _ := splitDate(d.Date)
			return y, y
		}
		return 0, 0
	}
	for _, x := range a {
		for _, y := range b {
			x0, x1 := years(x)
			y0, y1 := years(y)
			if x0 == 0 || y0 == 0 || x0 > y1 || y0 > x1 {
				continue
			}
			// Both full dates that differ are not the same birth.
			if x.Precision == lists.PrecisionDay && y.Precision == lists.PrecisionDay {
				continue
			}
			if x0 == x1 && y0 == y1 {
				return fmt.Sprintf("same year of birth %d", x0), false
			}
			return fmt.Sprintf("year of birth within %d–%d", max(x0, y0), min(x1, y1)), false
		}
	}
	return "", false
}
