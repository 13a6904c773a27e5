package scan

import (
	"cmp"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
	"github.com/vigilhq/vigil/internal/places"
	"github.com/vigilhq/vigil/internal/screening"
)

// findMentions finds who the article names: full names screened against
// the lists (step 1), then the later mentions of a surname already named
// in full (step 2). It returns the mention spans in text order, one report
// per subject, and which words belong to a name (places are not sought
// there).
func (s *Scanner) findMentions(text string, words []word, offs *runeOffsets, lang string, published *time.Time, context func() (map[string]bool, map[string]bool)) ([]span, map[lists.SubjectID]*SubjectReport, []bool) {
	if lang == "de" {
		s.germanZ(words)
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
		kb := koreanCyrillicEnd(text, words, i)
		if inSpan[i] || kb < 0 && !s.isAnchor(&words[i]) && !s.pairAnchor(text, words, i) && !s.placeNameAnchor(text, words, i) && !s.joinedOrgName(&words[i]) {
			continue
		}
		a, b := s.grow(text, words, i)
		if kb > 0 {
			a, b = i, kb // a Korean name in Russian: its syllables, no more
		}
		for a < i && (inSpan[a] || words[a].latin && !words[a].cap && names.IsParticle(words[a].lower)) {
			a++ // a name found already ("Baradar and Muttaqi"), or the "and" after it
		}
		for b-1 > i && inSpan[b-1] {
			b--
		}
		if kb < 0 && (!s.couldMatch(words, a, b) || s.isPlace(words, a, b)) {
			continue
		}
		sm, ok := s.matchSpan(text, words, &a, &b, screened)
		if !ok {
			// "Revolutionary Guard Gen. Qassem Soleimani": retry with the
			// words after the last title, then with the last two or three.
			for _, r := range retrySpans(words, a, b, i) {
				if !s.couldMatch(words, r[0], r[1]) {
					continue
				}
				a2, b2 := r[0], r[1]
				if sm, ok = s.matchSpan(text, words, &a2, &b2, screened); ok {
					a, b = a2, b2
					break
				}
			}
			if !ok {
				continue
			}
		}
		q := spanText(text, words, a, b)
		d, seen := decided[q]
		if !seen {
			keys, countries := context()
			d.best, d.why, d.rejected, d.sameAs = s.disambiguate(sm, keys, countries)
			decided[q] = d
		}
		best, why, rejected, sameAs := d.best, d.why, d.rejected, d.sameAs
		for j := a; j < b; j++ {
			inSpan[j] = true
		}
		m := sm.score
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
	// An age the article gives a person ("Saleh, 75,", "the 48-year-old")
	// that the listed date of birth cannot give names a namesake.
	if published != nil {
		spans = s.checkAges(text, words, spans, reports, inSpan, published.Year())
	}

	// 1b. A rank before a family name alone ("Mullah Baradar", "General
	// Soleimani") names the listed person of that family name, when the
	// article names no one else so and the listing tells one person.
	for i := 1; i < len(words); i++ {
		if inSpan[i] || inSpan[i-1] || !s.titledSurname(text, words, i) {
			continue
		}
		keys, countries := context()
		best, why, ok := s.surnameSubject(words[i], words[i-1].lower, keys, countries)
		if !ok {
			continue
		}
		inSpan[i-1], inSpan[i] = true, true
		conf := round(0.85 * best.Score)
		spans = append(spans, span{a: i - 1, b: i + 1, subject: best.ID, score: conf, via: "title", sentence: words[i].sentence})
		r := reports[best.ID]
		if r == nil {
			r = &SubjectReport{ID: best.ID, Name: best.Name, Why: why}
			reports[best.ID] = r
		}
		r.Confidence = max(r.Confidence, conf)
		r.Mentions = append(r.Mentions, Mention{Text: text[words[i-1].start:words[i].end], Start: offs.at(words[i-1].start), End: offs.at(words[i].end), Confidence: conf, Via: "title"})
	}
	slices.SortFunc(spans, func(x, y span) int { return cmp.Compare(x.a, y.a) })

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
	return spans, reports, inSpan
}

// subjectReports lists the persons' reports and the organisations' apart,
// each in order of first mention.
func (s *Scanner) subjectReports(reports map[lists.SubjectID]*SubjectReport) (persons, orgs []SubjectReport) {
	persons, orgs = []SubjectReport{}, []SubjectReport{}
	for _, r := range reports {
		slices.SortFunc(r.Mentions, func(x, y Mention) int { return cmp.Compare(x.Start, y.Start) })
		r.Confidence = round(r.Confidence)
		if sub := s.subjects[r.ID]; sub != nil && sub.Kind != lists.KindPerson {
			orgs = append(orgs, *r)
		} else {
			persons = append(persons, *r)
		}
	}
	byFirst := func(x, y SubjectReport) int { return cmp.Compare(x.Mentions[0].Start, y.Mentions[0].Start) }
	slices.SortFunc(persons, byFirst)
	slices.SortFunc(orgs, byFirst)
	return persons, orgs
}

// joinedOrgName: a word that is a listed organisation's whole name
// written as one (Al-Shabaab, Al-Qaida) starts a search.
func (s *Scanner) joinedOrgName(w *word) bool {
	return strings.Contains(w.lower, "-") && s.singles[joinedWord(w.lower)]
}

// joinedWord is a folded name without its spaces and hyphens.
func joinedWord(folded string) string {
	if !strings.ContainsAny(folded, "- ") {
		return folded
	}
	b := make([]byte, 0, len(folded))
	for i := 0; i < len(folded); i++ {
		if c := folded[i]; c != '-' && c != ' ' {
			b = append(b, c)
		}
	}
	return string(b)
}

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
	return s.rareNameWord(w) && len(s.gaz.Lookup(w.lower)) == 0 // "Moscow" is a place; a name next to it still anchors
}

// rareNameWord: a word rare enough among listed names to start a search.
func (s *Scanner) rareNameWord(w *word) bool {
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
	return true
}

// placeNameAnchor: a rare name word that is also a place's name (François,
// a town of Martinique) starts a search when the word beside it forms a
// listed person's name with it (François Bozizé).
func (s *Scanner) placeNameAnchor(text string, words []word, i int) bool {
	if !s.rareNameWord(&words[i]) {
		return false
	}
	// x and y are two words of one listed name; gap is a short word
	// between them (Iyad Ag Ghali) or nil
	pair := func(x, gap, y *word) bool {
		if x.sentence != y.sentence || !y.cap && y.latin {
			return false
		}
		if gap == nil && !adjacent(text, *x, *y) || gap != nil && (len(gap.lower) > 3 || !s.namePart(*gap) || !adjacent(text, *x, *gap) || !adjacent(text, *gap, *y)) {
			return false
		}
		for _, k := range x.partKeys() {
			for _, l := range y.partKeys() {
				if s.keyPairs[[2]string{k, l}] {
					return true
				}
			}
		}
		return false
	}
	return i+1 < len(words) && pair(&words[i], nil, &words[i+1]) || i > 0 && pair(&words[i-1], nil, &words[i]) ||
		i+2 < len(words) && pair(&words[i], &words[i+1], &words[i+2]) || i > 1 && pair(&words[i-2], &words[i-1], &words[i])
}

// namePart says whether a word can belong to a name next to an anchor.
// A lower-case "and" joins two persons, not two halves of one name.
func (s *Scanner) namePart(w word) bool {
	if w.latin && !w.cap && conjunctions[w.lower] {
		return false
	}
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
		return w.key != "" && (s.nameKeys[w.key] || w.latin && s.nearNameKey(w.key))
	}
	for _, k := range w.keys {
		if s.nameKeys[k] || w.latin && len(w.keys) == 1 && s.nearNameKey(k) {
			return true
		}
	}
	return false
}

// variantWord: a capitalised word whose key is a listed name word's but
// for one consonant more.
func (s *Scanner) variantWord(w word) bool {
	if !w.latin || !w.cap {
		return false
	}
	ks := w.partKeys()
	return len(ks) == 1 && s.nearNameKey(ks[0])
}

// nearNameKey: the key of a listed name word but for one consonant, a
// letter another alphabet writes where the list has none (Делавар,
// Delavar for DELAWAR: v where the list's w is silent in the key). Only
// for capitalised words: in a script without capitals too many words
// would pass.
func (s *Scanner) nearNameKey(key string) bool {
	if len(key) < 3 {
		return false
	}
	for i := range key {
		if s.nameKeys[key[:i]+key[i+1:]] {
			return true
		}
	}
	return false
}

// grow extends an anchor to the run of name words around it.
func (s *Scanner) grow(text string, words []word, i int) (int, int) {
	a, b := i, i+1
	// the word after Abd or Abu is a name's second half whatever else it
	// may be (عبد الملك, Abd al-Malik: "the king" on its own)
	bound := func(j int) bool {
		return j > 0 && isAbdAbu(words[j-1].lower) && words[j-1].sentence == words[j].sentence && adjacent(text, words[j-1], words[j])
	}
	for a > 0 && words[a-1].sentence == words[i].sentence && b-a < maxSpan && (s.namePart(words[a-1]) || bound(a-1)) && adjacent(text, words[a-1], words[a]) {
		a--
	}
	for b < len(words) && words[b].sentence == words[i].sentence && b-a < maxSpan && (s.namePart(words[b]) || bound(b)) && adjacent(text, words[b-1], words[b]) {
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

// germanZ reads a capitalised word that German spells with s for an
// English z as a listed name spells it (al-Sawahiri, Sarkawi: ز is a
// voiced s in German): when the z reading makes a listed name with the
// word beside it and the word as written does not, and the word is no
// place, the word takes it.
func (s *Scanner) germanZ(words []word) {
	for i := range words {
		w := &words[i]
		if !w.latin || !w.cap {
			continue
		}
		k := 0
		if j := strings.IndexByte(w.text, '-'); j > 0 && j <= 3 && names.IsArticle(strings.ToLower(w.text[:j])) {
			k = j + 1 // al-Sawahiri
		}
		if k+1 >= len(w.text) || w.text[k] != 'S' && w.text[k] != 's' || !strings.ContainsRune("aeiouy", rune(w.text[k+1])) {
			continue
		}
		if len(s.gaz.Lookup(w.lower)) > 0 {
			continue
		}
		z := newWord(w.text[:k]+"z"+w.text[k+1:], w.start, w.end, w.sentence)
		if w.text[k] == 'S' {
			z = newWord(w.text[:k]+"Z"+w.text[k+1:], w.start, w.end, w.sentence)
		}
		// the z reading must make a listed name with a word beside it
		// that the s reading does not make
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < len(words) && words[j].sentence == w.sentence && !s.keysPair(w, &words[j]) && s.keysPair(&z, &words[j]) {
				z.cap = w.cap
				*w = z
				break
			}
		}
	}
}

// keysPair: two words whose keys occur together in a listed person's name.
func (s *Scanner) keysPair(x, y *word) bool {
	for _, k := range x.partKeys() {
		for _, l := range y.partKeys() {
			if s.keyPairs[[2]string{k, l}] {
				return true
			}
		}
	}
	return false
}

// spanText is the text of words[a:b], with a space where a word taken
// apart by splitJoinedNames had none, and a word respelt (germanZ) as it
// was respelt.
func spanText(text string, words []word, a, b int) string {
	q := text[words[a].start:words[b-1].end]
	for j := a; j < b; j++ {
		if j > a && words[j].start == words[j-1].end || words[j].text != text[words[j].start:words[j].end] && !strings.HasPrefix(text[words[j].start:words[j].end], words[j].text) {
			var sb strings.Builder
			for k := a; k < b; k++ {
				if k > a {
					if words[k].start == words[k-1].end {
						sb.WriteByte(' ')
					} else {
						sb.WriteString(text[words[k-1].end:words[k].start])
					}
				}
				sb.WriteString(words[k].text)
			}
			return sb.String()
		}
	}
	return q
}

// arabicLetters normalises Arabic-script text for comparing words: Arabic
// and Persian yeh and kaf as one, hamza seats as bare alef, short vowels,
// tatweel and zero-width non-joiners dropped.
func arabicLetters(t string) string {
	var b strings.Builder
	for _, r := range t {
		if r2, ok := arabicLetterOf(r); ok {
			if r2 != 0 {
				b.WriteRune(r2)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// arabicLetterOf is the normalised letter for r (0: dropped), or false
// when r is kept as it is.
func arabicLetterOf(r rune) (rune, bool) {
	switch {
	case r == 'ي' || r == 'ى':
		return 'ی', true
	case r == 'ك':
		return 'ک', true
	case r == 'أ' || r == 'إ' || r == 'آ':
		return 'ا', true
	case r >= 0x064B && r <= 0x065F, r == 0x0640, r == 0x200C:
		return 0, true
	}
	return r, false
}

// splitJoinedNames takes apart a name written as one word in Latin
// letters with a capital inside (AbbasStanakzai, as a Chinese article
// glosses a name), and a word of Arabic script that is several
// listed name words written without spaces (شیرمحمدعباس: Sher Mohammad
// Abbas), and no name word as it is (سراج‌الدین is), when it stands next
// to a rare name word, where it is part of a
// longer name; alone it may as well be a different person's given names
// (محمدنعیم, one word, names a spokesman, not the listed Mohammad Naim).
func (s *Scanner) splitJoinedNames(text string, words []word) []word {
	var out []word
	for i, w := range words {
		if parts := s.camelParts(w); parts != nil {
			if out == nil {
				out = append(make([]word, 0, len(words)+4), words[:i]...)
			}
			for _, p := range parts {
				out = append(out, newWord(w.text[p[0]:p[1]], w.start+p[0], w.start+p[1], w.sentence))
			}
			continue
		}
		if w.latin || utf8.RuneCountInString(w.text) < 6 || s.arabicNameWords[arabicLetters(w.text)] || s.namePart(w) ||
			!(i > 0 && words[i-1].sentence == w.sentence && adjacent(text, words[i-1], w) && s.rareNameWord(&words[i-1]) ||
				i+1 < len(words) && words[i+1].sentence == w.sentence && adjacent(text, w, words[i+1]) && s.rareNameWord(&words[i+1])) {
			if out != nil {
				out = append(out, w)
			}
			continue
		}
		parts := s.arabicNameParts(w.text)
		if len(parts) < 2 {
			if out != nil {
				out = append(out, w)
			}
			continue
		}
		if out == nil {
			out = append(make([]word, 0, len(words)+4), words[:i]...)
		}
		for _, p := range parts {
			out = append(out, newWord(text[w.start+p[0]:w.start+p[1]], w.start+p[0], w.start+p[1], w.sentence))
		}
	}
	if out == nil {
		return words
	}
	return out
}

// camelParts splits a Latin word with capitals inside (AbbasStanakzai)
// into its capitalised parts, when each has three letters or more and
// one of them is a listed name word; nil otherwise.
func (s *Scanner) camelParts(w word) [][2]int {
	if !w.latin || !w.cap || len(w.text) < 6 {
		return nil
	}
	var cuts []int
	prevLower := false
	for i, r := range w.text {
		if unicode.IsUpper(r) && prevLower {
			cuts = append(cuts, i)
		}
		prevLower = unicode.IsLower(r)
	}
	if len(cuts) == 0 || len(cuts) > 3 {
		return nil
	}
	var parts [][2]int
	from, named := 0, false
	for _, c := range append(cuts, len(w.text)) {
		if c-from < 3 {
			return nil
		}
		p := names.Fold(w.text[from:c])
		named = named || s.nameTexts[p] || s.nameKeys[names.Key(p)]
		parts = append(parts, [2]int{from, c})
		from = c
	}
	if !named {
		return nil
	}
	return parts
}

// arabicNameParts splits a word into listed name words (byte ranges in
// the word), the fewest that cover it; nil when it cannot be.
func (s *Scanner) arabicNameParts(t string) [][2]int {
	// the normalised letters, each with its byte offset in t
	var letters []rune
	var at []int
	for i, r := range t {
		r2, ok := arabicLetterOf(r)
		if ok && r2 == 0 {
			continue
		}
		if !ok {
			r2 = r
		}
		letters = append(letters, r2)
		at = append(at, i)
	}
	at = append(at, len(t))
	n := len(letters)
	// best[j]: fewest parts covering letters[:j], from[j] where the last begins
	best, from := make([]int, n+1), make([]int, n+1)
	for j := 1; j <= n; j++ {
		best[j] = -1
		for k := max(0, j-12); k <= j-2; k++ {
			if best[k] < 0 || !s.arabicNameWords[string(letters[k:j])] {
				continue
			}
			if best[j] < 0 || best[k]+1 < best[j] {
				best[j], from[j] = best[k]+1, k
			}
		}
	}
	if best[n] < 2 {
		return nil
	}
	var parts [][2]int
	for j := n; j > 0; j = from[j] {
		parts = append(parts, [2]int{at[from[j]], at[j]})
	}
	slices.Reverse(parts)
	return parts
}

// isAbdAbu: Abd or Abu in one of their spellings, which begin a compound
// name.
func isAbdAbu(w string) bool {
	switch w {
	case "abd", "abdul", "abdel", "abdal", "abdoul", "abu", "abou", "abo":
		return true
	}
	return false
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
		if s.singles[joinedWord(w.lower)] {
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

// retrySpans lists the shorter span after the last title that still
// holds the anchor i ("Revolutionary Guard Gen. Qassem Soleimani").
func retrySpans(words []word, a, b, i int) [][2]int {
	for k := b - 1; k > a; k-- {
		if names.IsTitle(words[k-1].lower) && k <= i {
			return [][2]int{{k, b}}
		}
	}
	return nil
}

// adjacent: only spaces (or a hyphen or a dot, as in "Gen. Qassem")
// between two words; a comma or a dash ends a name.
func adjacent(text string, x, y word) bool {
	if y.start-x.end > 3 {
		return false
	}
	return strings.Trim(text[x.end:y.start], " .-\u00a0") == ""
}

// spanMatch is what screening a span found.
type spanMatch struct {
	score float64
	cands []screening.Match // within reach of the best score
	// passed scored better but do not bear the mention's given name
	passed []screening.Match
}

// matchSpan screens the span. Words the best match leaves unexplained at
// the edges are trimmed and the span screened again — unless such a word
// is a name of its own: then the span names someone else.
func (s *Scanner) matchSpan(text string, words []word, a, b *int, cache map[string][]screening.Match) (spanMatch, bool) {
	for attempt := 0; attempt < 2; attempt++ {
		q := spanText(text, words, *a, *b)
		korean := koreanCyrillicEnd(text, words, *a) >= *b
		if korean {
			q = names.KoreanFromCyrillic(q)
		}
		ms, ok := cache[q]
		if !ok {
			if debugSpans {
				fmt.Fprintf(os.Stderr, "screen %q\n", q)
			}
			ms = s.ix.ScreenWith(screening.Query{Name: q, Threshold: 0.1, Limit: 6}, screening.Options{Candidates: 12, Exact: true, ExplainTop: 6, NoCounterparts: true})
			if (len(ms) == 0 || ms[0].Score < mentionMin) && *b-*a <= 3 && slices.ContainsFunc(words[*a:*b], s.variantWord) {
				// a word written another way than any listed one
				// (Delavar) is looked up by its near keys too
				if loose := s.ix.ScreenWith(screening.Query{Name: q, Threshold: 0.1, Limit: 6}, screening.Options{Candidates: 24, ExplainTop: 4, NoCounterparts: true}); len(loose) > 0 && (len(ms) == 0 || loose[0].Score > ms[0].Score) {
					ms = loose
				}
			}
			cache[q] = ms
		}
		if len(ms) == 0 {
			return spanMatch{}, false
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
			if attempt == 0 && top.Kind == lists.KindPerson && s.ownName(words[na]) {
				// "Ali Abdullah Saleh" is not "Abdullah Saleh", "Mohamed
				// Hamdan Dagalo" not his brother "Abdul Rahim Hamdan
				// Dagalo": a given name the listing lacks is another man's
				return spanMatch{}, false
			}
			na++
			// and a lower-case particle left at the start ("Mutassim and
			// Saif al-Arab" → "Saif al-Arab")
			for na < nb && words[na].latin && !words[na].cap && names.IsParticle(words[na].lower) {
				na++
			}
		}
		for nb > na && unexplained(words[nb-1]) {
			if attempt == 0 && top.Kind == lists.KindPerson && s.ownName(words[nb-1]) && len(top.Explanation.UnmatchedListed) > 0 {
				// names left over on both sides: two different full names
				// that share a word or two
				return spanMatch{}, false
			}
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
		if top.Kind == lists.KindPerson && len(top.Explanation.UnmatchedListed) > 0 && (s.nameGoesOn(text, words, *b-1, *b) || s.nameGoesOn(text, words, *a, *a-1)) {
			// "Mohamed Ousmane Ag Mohamedoune" is not OMAR MAHMOUD
			// UTHMAN: the mention goes on with a name the listing lacks
			return spanMatch{}, false
		}
		if top.Kind == lists.KindPerson && len(top.Explanation.UnmatchedListed) > 0 && (hangul(q) || korean) {
			// Korean writes a name whole, family name and every syllable
			// of the given name in one word: two syllables of three are
			// another name, or a word ("정상이", the leaders)
			return spanMatch{}, false
		}
		if top.Kind == lists.KindPerson && top.Score < 0.9 && !givenNameFirst(firstToken(q), top) && reordered(q, top) {
			// "Musa Ibrahim" against TIJANI IBRAHIM MOUSSA MOHAMED: the
			// listed given name missing and the rest in another order
			// are two inner names of someone else's (a family name put
			// first, "Patrushev Nikolai", scores higher)
			return spanMatch{}, false
		}
		if top.Kind == lists.KindPerson && slices.ContainsFunc(top.Explanation.Pairs, otherName) {
			return spanMatch{}, false
		}
		if top.Kind == lists.KindPerson && compoundSplit(q, top) {
			// "Adel Abdelmahdi" (Abd al-Mahdi) is not ADIL ABDALLAH MAHDI
			return spanMatch{}, false
		}
		var passed []screening.Match
		if top.Kind == lists.KindPerson {
			ms, passed = preferGivenName(q, ms)
			top = ms[0]
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
			return spanMatch{}, false
		}
		if matched < 2 && top.Kind == lists.KindPerson && !s.oneWordName(top) {
			return spanMatch{}, false
		}
		if top.Kind != lists.KindPerson {
			if len(top.Explanation.UnmatchedListed) > 0 {
				return spanMatch{}, false
			}
			for _, p := range top.Explanation.Pairs {
				if p.Similarity < 0.95 {
					return spanMatch{}, false // organisations are named exactly
				}
			}
		}
		// a country or city name is a place, not a listed subject
		if len(s.gaz.Lookup(names.Fold(q))) > 0 {
			return spanMatch{}, false
		}
		var cands []screening.Match
		for _, m := range ms {
			if m.Score >= top.Score-0.03 {
				cands = append(cands, m)
			}
		}
		if debugSpans {
			fmt.Fprintf(os.Stderr, "accept %q %s %.3f %v\n", q, top.ID, top.Score, top.Explanation.Pairs)
		}
		return spanMatch{score: top.Score, cands: cands, passed: passed}, true
	}
	return spanMatch{}, false
}

// oneWordMinWeight is the rarity a listed one-word name needs to be
// recognised alone: "Sheik Omar" is an alias, but Omar is anyone.
const oneWordMinWeight = 4.5

// oneWordName: a match of one word stands for a listed one-word name that
// is no low-quality alias and is rare among listed names.
func (s *Scanner) oneWordName(m screening.Match) bool {
	if m.Explanation.MatchedRole == lists.RoleWeakAlias {
		return false
	}
	for _, p := range m.Explanation.Pairs {
		if p.Method != "title" && p.Method != "covered by initial" && p.Method != "legal form" && p.Weight < oneWordMinWeight {
			return false
		}
	}
	return true
}

// nameGoesOn: the word at j, next to the span's edge word at i, is a
// capitalised word that carries the name on (an unknown family name, not a
// title, place or ordinary word).
func (s *Scanner) nameGoesOn(text string, words []word, i, j int) bool {
	if j < 0 || j >= len(words) {
		return false
	}
	w := words[j]
	if !w.latin || !w.cap || len(w.lower) < 3 || w.sentence != words[i].sentence || stopwords[w.lower] || names.IsParticle(w.lower) ||
		slices.ContainsFunc(strings.Split(w.lower, "-"), names.IsTitle) { // Lieutenant-General
		return false
	}
	if x, y := words[min(i, j)], words[max(i, j)]; !adjacent(text, x, y) {
		return false
	}
	if _, ok := country.DemonymFolded(w.lower); ok {
		return false
	}
	return len(s.gaz.Lookup(w.lower)) == 0
}

// koreanCyrillicEnd is the end of the Korean name in Russian letters that
// begins at word i (Ри Пхен Чхоль: three capitalised syllables, the first
// a family name), or -1.
func koreanCyrillicEnd(text string, words []word, i int) int {
	w := words[i]
	if !w.cap || !w.latin || !strings.ContainsFunc(w.text, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
		return -1
	}
	var parts []string
	end := -1
	for j := i; j < len(words) && j < i+4; j++ {
		if !words[j].cap || words[j].sentence != w.sentence || j > i && strings.TrimSpace(text[words[j-1].end:words[j].start]) != "" {
			break
		}
		parts = append(parts, words[j].text)
		if len(parts) >= 2 && names.LooksKoreanCyrillic(parts) {
			end = j + 1
		}
	}
	return end
}

// hangul: the text holds Korean letters.
func hangul(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Hangul, r) })
}

// ownName: a capitalised word that occurs in listed persons' names and is
// no title, particle, demonym or country — a given name or a family name,
// which a span cannot shed as noise around the name it matched.
func (s *Scanner) ownName(w word) bool {
	if !w.latin || !w.cap || len(w.lower) < 3 || stopwords[w.lower] || names.IsTitle(w.lower) || names.IsParticle(w.lower) || !s.nameTexts[w.lower] {
		return false
	}
	if _, ok := country.DemonymFolded(w.lower); ok {
		return false
	}
	// a town may bear a given name (Ali); a country is no one's
	return !slices.ContainsFunc(s.gaz.Lookup(w.lower), func(p places.Place) bool { return p.Kind == places.KindCountry })
}

// givenNameMargin is how far below the best match a person may score and
// still be preferred for bearing the mention's given name.
const givenNameMargin = 0.1

// preferGivenName puts first the candidates whose first name is the
// mention's first name when the best match pairs it with a later word of
// its listed name: "Muammar Qadhafi" is MUAMMAR … QADHAFI, not his son
// MOHAMMED MUAMMAR QADHAFI, whose father's name the mention shares. It
// returns the matches to choose from and those passed over. Only
// explained candidates count (the index explains the first few).
func preferGivenName(q string, ms []screening.Match) (keep, passed []screening.Match) {
	qt := names.Parse(q).Tokens
	if len(qt) < 2 || givenNameFirst(qt[0].Text, ms[0]) {
		return ms, nil
	}
	for _, m := range ms {
		switch {
		case m.Kind == lists.KindPerson && m.Score >= max(mentionMin, ms[0].Score-givenNameMargin) && givenNameFirst(qt[0].Text, m):
			keep = append(keep, m)
		case m.Score > ms[0].Score-givenNameMargin:
			passed = append(passed, m)
		}
	}
	if len(keep) == 0 {
		return ms, nil
	}
	return keep, passed
}

// otherName: a pair of words only near each other (a typo apart, not
// another spelling) that begin differently are two names: Braima is not
// Ibraima, Hernando not Fernando.
func otherName(p screening.TokenPair) bool {
	return p.Similarity < 0.93 && p.Query != "" && p.Listed != "" && p.Method != "initial" && p.Query[0] != p.Listed[0]
}

// firstToken is the first word of a parsed name, "" for none.
func firstToken(name string) string {
	if ts := names.Parse(name).Tokens; len(ts) > 0 {
		return ts[0].Text
	}
	return ""
}

// compoundSplit: the match pairs the head of a compound name of the query
// (the Abd of Abd al-Mahdi) with the head of a different compound of the
// listed name (the Abd of Abdallah), its second half with another word.
func compoundSplit(q string, m screening.Match) bool {
	qt, lt := names.Parse(q).Tokens, names.Parse(m.Explanation.MatchedName).Tokens
	index := func(ts []names.Token, text string) int {
		f := strings.Fields(text)
		if len(f) != 1 {
			return -1 // a joined pair: matched as a whole
		}
		return slices.IndexFunc(ts, func(t names.Token) bool { return t.Text == f[0] })
	}
	partner := map[int]int{} // query token → listed token
	for _, p := range m.Explanation.Pairs {
		if x, y := index(qt, p.Query), index(lt, p.Listed); x >= 0 && y >= 0 {
			partner[x] = y
		}
	}
	for x, y := range partner {
		if x+1 >= len(qt) || !qt[x+1].Bound || y+1 >= len(lt) || !lt[y+1].Bound {
			continue
		}
		if y2, ok := partner[x+1]; ok && y2 != y+1 {
			return true
		}
	}
	return false
}

// reordered: the match pairs the words of the query in another order than
// the listed name's.
func reordered(q string, m screening.Match) bool {
	qt, lt := names.Parse(q).Tokens, names.Parse(m.Explanation.MatchedName).Tokens
	at := func(ts []names.Token, text string) int {
		f := strings.Fields(text)
		if len(f) == 0 {
			return -1
		}
		return slices.IndexFunc(ts, func(t names.Token) bool { return t.Text == f[0] })
	}
	type pos struct{ q, l int }
	var ps []pos
	for _, p := range m.Explanation.Pairs {
		if x, y := at(qt, p.Query), at(lt, p.Listed); x >= 0 && y >= 0 {
			ps = append(ps, pos{x, y})
		}
	}
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			if (ps[i].q < ps[j].q) != (ps[i].l < ps[j].l) {
				return true
			}
		}
	}
	return false
}

// givenNameFirst: the match pairs the query's first word with the first
// word of the listed name.
func givenNameFirst(qFirst string, m screening.Match) bool {
	lt := names.Parse(m.Explanation.MatchedName).Tokens
	if len(lt) == 0 {
		return false
	}
	for _, p := range m.Explanation.Pairs {
		qf, lf := strings.Fields(p.Query), strings.Fields(p.Listed)
		if len(qf) > 0 && len(lf) > 0 && qf[0] == qFirst && lf[0] == lt[0].Text {
			return true
		}
	}
	return false
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
		// a name of one country only: "Congo" is two
		if ps := s.gaz.Lookup(w.lower); len(ps) > 0 && ps[0].Kind == places.KindCountry &&
			!slices.ContainsFunc(ps[1:], func(p places.Place) bool { return p.Kind == places.KindCountry && p.Country != ps[0].Country }) {
			countries[ps[0].Country] = true
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

// ageTolerance is how many years an age stated in an article may be off
// the listed year of birth: news rounds, and lists give a year or a range.
const ageTolerance = 3

// checkAges drops the persons whose stated age the listed birth years
// cannot give, and says so in the others' reasons when it agrees.
func (s *Scanner) checkAges(text string, words []word, spans []span, reports map[lists.SubjectID]*SubjectReport, inSpan []bool, year int) []span {
	wrong := map[lists.SubjectID]bool{}
	for _, sp := range spans {
		sub := s.subjects[sp.subject]
		if sub == nil || sub.Kind != lists.KindPerson || len(sub.BirthDates) == 0 {
			continue
		}
		age, ok := statedAge(text, words, sp.a, sp.b)
		if !ok {
			continue
		}
		born := year - age
		r := reports[sp.subject]
		if r == nil {
			continue
		}
		if bornIn(sub, born) {
			r.Why = append(r.Why, fmt.Sprintf("the article gives age %d (born about %d), as listed", age, born))
			continue
		}
		// a same-named person set aside whose birth the age fits
		if i := slices.IndexFunc(r.Rejected, func(alt Alternative) bool { return bornIn(s.subjects[alt.ID], born) }); i >= 0 && reports[r.Rejected[i].ID] == nil {
			alt := r.Rejected[i]
			was := *r
			r.Rejected = append(slices.Delete(slices.Clone(r.Rejected), i, i+1), Alternative{ID: was.ID, Name: was.Name, Reason: fmt.Sprintf("the article gives age %d (born about %d)", age, born)})
			r.ID, r.Name = alt.ID, alt.Name
			r.Why = append(r.Why, fmt.Sprintf("the article gives age %d (born about %d): %s rather than %s", age, born, alt.ID, was.ID))
			delete(reports, was.ID)
			reports[alt.ID] = r
			for k := range spans {
				if spans[k].subject == was.ID {
					spans[k].subject = alt.ID
				}
			}
			continue
		}
		wrong[sp.subject] = true
		if debugSpans {
			fmt.Fprintf(os.Stderr, "age %d (born about %d) rules out %s\n", age, born, sp.subject)
		}
	}
	if len(wrong) == 0 {
		return spans
	}
	out := spans[:0]
	for _, sp := range spans {
		if wrong[sp.subject] {
			for j := sp.a; j < sp.b; j++ {
				inSpan[j] = false
			}
			continue
		}
		out = append(out, sp)
	}
	for id := range wrong {
		delete(reports, id)
	}
	return out
}

// bornIn: a listed birth year of the subject is within ageTolerance of
// the year.
func bornIn(sub *lists.Subject, born int) bool {
	if sub == nil {
		return false
	}
	for _, d := range sub.BirthDates {
		from, to := d.FromYear, d.ToYear
		if len(d.Date) >= 4 {
			y, _ := strconv.Atoi(d.Date[:4])
			from, to = y, y
		}
		if from > 0 && born >= from-ageTolerance && born <= max(from, to)+ageTolerance {
			return true
		}
	}
	return false
}

// statedAge is the age written next to the name words[a:b]: "NN-year-old"
// (or 71-jährige, 48enne, ۵۳ ساله) just before or after it, or "NN" with an
// age word ("60 ans") or between commas ("Saleh, 75,") right after it.
func statedAge(text string, words []word, a, b int) (int, bool) {
	near := func(k int) bool { return k >= 0 && k < len(words) && words[k].sentence == words[a].sentence }
	// written on: the word before the name or the one after
	for _, k := range []int{a - 1, a - 2, b} {
		if !near(k) {
			continue
		}
		if n, rest, ok := leadingNumber(words[k].lower); ok && rest != "" && ageWords[strings.TrimPrefix(rest, "-")] {
			return n, plausibleAge(n)
		}
	}
	// a number right after the name, then an age word or a comma
	if near(b) {
		if n, rest, ok := leadingNumber(words[b].lower); ok && rest == "" && plausibleAge(n) {
			between := strings.TrimSpace(text[words[b-1].end:words[b].start])
			if near(b+1) && ageWords[words[b+1].lower] && (between == "," || between == "(" || between == ", (") {
				return n, true
			}
			if between == "," && b+1 < len(words) && strings.TrimSpace(text[words[b].end:words[b+1].start]) == "," {
				return n, true
			}
		}
	}
	return 0, false
}

func plausibleAge(n int) bool { return n >= 16 && n <= 99 }

// leadingNumber reads the digits (of any script) a word starts with.
func leadingNumber(w string) (int, string, bool) {
	n, i := 0, 0
	for i < len(w) {
		r, size := utf8.DecodeRuneInString(w[i:])
		d := unicode.IsDigit(r)
		if !d {
			break
		}
		n = n*10 + digitValue(r)
		i += size
		if n > 999 {
			return 0, "", false
		}
	}
	if i == 0 {
		return 0, "", false
	}
	return n, w[i:], true
}

// digitValue is a decimal digit's value in any script (٣, ۳, 3).
func digitValue(r rune) int {
	for _, zero := range []rune{'0', '٠', '۰', '०', '０'} {
		if r >= zero && r <= zero+9 {
			return int(r - zero)
		}
	}
	return 0
}

// titledMinWeight is the rarity a name word needs to name a person alone
// after a rank: less than a one-word name's (the rank says a person is
// meant), more than a common given name's (Sheik Omar is anyone).
const titledMinWeight = 3.8

// titledSurname: word i is a rare capitalised name word alone after a
// rank (Mullah, General), and nowhere in the article is it the family
// name of a full name that matched no one (an unlisted Husain Haqqani
// makes "Ambassador Haqqani" his).
func (s *Scanner) titledSurname(text string, words []word, i int) bool {
	w, t := &words[i], words[i-1]
	if !w.latin || !w.cap || t.sentence != w.sentence || !names.IsRankTitle(names.TitleWord(t.lower)) || !adjacent(text, t, *w) || !s.rareNameWord(w) || s.ix.KeyWeight(w.key) < titledMinWeight {
		return false
	}
	if i+1 < len(words) && words[i+1].sentence == w.sentence && words[i+1].cap && adjacent(text, *w, words[i+1]) && s.namePart(words[i+1]) {
		return false // a longer name
	}
	for j := 1; j < len(words); j++ {
		if words[j].lower == w.lower && words[j-1].cap && words[j-1].latin && !names.IsTitle(words[j-1].lower) && !stopwords[words[j-1].lower] &&
			words[j-1].sentence == words[j].sentence && adjacent(text, words[j-1], words[j]) {
			return false
		}
	}
	return true
}

// surnameSubject is the listed person one of whose names holds the word
// (the family name, or the name a rank goes with: Mullah Baradar), when
// the lists and the article's context tell one person.
func (s *Scanner) surnameSubject(w word, title string, articleKeys, articleCountries map[string]bool) (screening.Match, []string, bool) {
	ms := s.ix.ScreenWith(screening.Query{Name: w.text, Threshold: 0.05, Limit: 12}, screening.Options{Candidates: 40, Exact: true, ExplainTop: 12, NoCounterparts: true})
	var cands []screening.Match
	for _, m := range ms {
		if m.Kind != lists.KindPerson || len(m.Explanation.Pairs) != 1 || m.Explanation.Pairs[0].Similarity < 0.95 {
			continue
		}
		if !slices.ContainsFunc(cands, func(c screening.Match) bool { return c.ID == m.ID }) {
			cands = append(cands, m)
		}
	}
	// the spelling as written first: "Soleimani" is SOLEIMANI, not
	// SOLEYMANI or SOULEIMANE
	top := 0.0
	for _, c := range cands {
		top = max(top, c.Explanation.Pairs[0].Similarity)
	}
	cands = slices.DeleteFunc(cands, func(c screening.Match) bool { return c.Explanation.Pairs[0].Similarity < top })
	if len(cands) == 0 {
		return screening.Match{}, nil, false
	}
	for i := range cands {
		cands[i].Score = 0.95 // one word: the family name, not the person's whole name
	}
	articleKeys = maps.Clone(articleKeys)
	articleKeys[names.Key(names.TitleWord(title))] = true // the rank is context too
	best, why, rejected, _ := s.disambiguate(spanMatch{score: 0.95, cands: cands}, articleKeys, articleCountries)
	for _, r := range rejected {
		// another person of that family name as likely: no one
		if bestCtx := s.contextScore(best.ID, articleKeys, articleCountries); r.Context >= bestCtx {
			return screening.Match{}, nil, false
		}
	}
	why[0] = fmt.Sprintf("%q after a rank is the family name of %q", w.text, best.Name)
	return best, why, true
}

// contextScore is how far the article agrees with a subject's record, as
// disambiguate counts it.
func (s *Scanner) contextScore(id lists.SubjectID, articleKeys, articleCountries map[string]bool) float64 {
	var ctx float64
	for k, w := range s.contextKeys(id) {
		if articleKeys[k] {
			ctx += w
		}
	}
	if sub := s.subjects[id]; sub != nil {
		for _, cc := range slices.Concat(sub.Nationalities, sub.Citizenships) {
			if articleCountries[cc] {
				ctx++
			}
		}
	}
	return ctx
}

// unPreference is the context a UN record is granted over another list's
// record of the same name: one word (designation or remarks) more on the
// other side is not enough to pass over the record that bans travel.
const unPreference = 1.5

// disambiguate picks among same-named candidates by the article's context:
// words shared with the subject's designations and remarks, nationality,
// and (on a tie) the UN record, the legal source of the measures.
func (s *Scanner) disambiguate(sm spanMatch, articleKeys, articleCountries map[string]bool) (screening.Match, []string, []Alternative, []lists.SubjectID) {
	cands, passed := sm.cands, sm.passed
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
	// The UN record, the legal source of the travel ban, goes first
	// unless another record of the name has clearly more context: lists
	// disagree on details (GHALI, Iyad ag is born in 1954 on OFAC's list,
	// IYAD AG GHALI in 1958 on the UN's), and one shared word is no proof.
	weight := func(x scored) float64 {
		w := x.ctx + 10*x.m.Score
		if x.m.Source == lists.SourceUN {
			w += unPreference
		}
		return w
	}
	slices.SortStableFunc(all, func(x, y scored) int {
		if c := cmp.Compare(weight(y), weight(x)); c != 0 {
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
		// or a UN record born the same year that the screening did not
		// reach (OFAC's "QADHAFI, Muammar" and the UN's longer name)
		if un := s.unRecord(all[0].m.ID); !switched && un != nil {
			m := all[0].m
			all = append([]scored{{m: screening.Match{ID: un.ID, Source: un.Source, Name: un.PrimaryName(), Kind: un.Kind, Programs: un.Programs, Score: m.Score,
				Explanation: screening.Explanation{MatchedName: m.Explanation.MatchedName, MatchedRole: m.Explanation.MatchedRole, Method: "same_as"}}, ctx: all[0].ctx, shared: all[0].shared}}, all...)
			switched = true
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
		slices.Sort(best.shared) // gathered from a map: the same words in the same order every run
		why = append(why, fmt.Sprintf("article context agrees with the listing (designation/remarks words: %s)", strings.Join(best.shared, " ")))
	}
	var rejected []Alternative
	var sameAs []lists.SubjectID
	for _, o := range all[1:] {
		if samePerson(s.subjects[best.m.ID], s.subjects[o.m.ID]) {
			sameAs = append(sameAs, o.m.ID)
			continue
		}
		reason := fmt.Sprintf("context %.0f against %.0f", best.ctx, o.ctx)
		rejected = append(rejected, Alternative{ID: o.m.ID, Name: o.m.Name, Context: o.ctx, Reason: reason})
		why = append(why, fmt.Sprintf("preferred over %s %s: %s", o.m.ID, o.m.Name, reason))
	}
	for _, o := range passed {
		if o.Source != best.m.Source && samePerson(s.subjects[best.m.ID], s.subjects[o.ID]) {
			continue
		}
		reason := fmt.Sprintf("the mention's first name is not its first name (score %.3f)", o.Score)
		rejected = append(rejected, Alternative{ID: o.ID, Name: o.Name, Reason: reason})
		why = append(why, fmt.Sprintf("preferred over %s %s: %s", o.ID, o.Name, reason))
	}
	return best.m, why, rejected, sameAs
}

// unRecord is the UN record of the same person as another list's record,
// found among the UN persons born the same year whose names begin and end
// alike.
func (s *Scanner) unRecord(id lists.SubjectID) *lists.Subject {
	if v, ok := s.unRecords.Load(id); ok {
		return v.(*lists.Subject)
	}
	un := s.findUNRecord(id)
	s.unRecords.Store(id, un)
	return un
}

func (s *Scanner) findUNRecord(id lists.SubjectID) *lists.Subject {
	sub := s.subjects[id]
	if sub == nil || sub.Kind != lists.KindPerson {
		return nil
	}
	for _, d := range sub.BirthDates {
		if len(d.Date) < 4 {
			continue
		}
		for _, un := range s.unBornIn[d.Date[:4]] {
			// the name too: 1 January stands for an unknown day
			if samePerson(sub, un) && slices.ContainsFunc(sub.Names, func(x lists.Name) bool {
				return slices.ContainsFunc(un.Names, func(y lists.Name) bool { return sameEnds(x.Full, y.Full) })
			}) {
				return un
			}
		}
	}
	return nil
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
			// a year or month of birth must come with the same name, or
			// with the same birthplace and the same first and last names
			if x.Date != "" && x.Date == y.Date && (x.Precision == lists.PrecisionDay || tokenSet(a.PrimaryName()) == tokenSet(b.PrimaryName()) ||
				sameBirthCity(a, b) && sameEnds(a.PrimaryName(), b.PrimaryName())) {
				return true
			}
		}
	}
	return false
}

// sameBirthCity: both records name the same city of birth.
func sameBirthCity(a, b *lists.Subject) bool {
	for _, x := range a.BirthPlaces {
		for _, y := range b.BirthPlaces {
			if x.City != "" && names.Fold(x.City) == names.Fold(y.City) && x.Country == y.Country {
				return true
			}
		}
	}
	return false
}

// sameEnds: two names with the same first and last words, however spelt
// ("QADHAFI, Muammar" and "MUAMMAR MOHAMMED ABU MINYAR QADHAFI").
func sameEnds(a, b string) bool {
	x, y := names.Parse(a).Tokens, names.Parse(b).Tokens
	if len(x) < 2 || len(y) < 2 {
		return false
	}
	return x[0].Key == y[0].Key && x[len(x)-1].Key == y[len(y)-1].Key
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
