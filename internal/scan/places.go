package scan

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/names"
	"github.com/vigilhq/vigil/internal/places"
)

// placeSpan is a place found at words[a:b]. start and end are the name's
// byte offsets in the text: inside the words when a prefix, particle or
// case ending is written on to the name (بطهران, 베이징에서, Tahran'da) or
// the name is part of a run of Chinese characters.
type placeSpan struct {
	a, b       int
	start, end int
	place      places.Place
}

// placeMatch is a name the gazetteer holds, before it is judged a place.
type placeMatch struct {
	a, b       int
	start, end int
	cands      []places.Place
	script     places.Script
	key        string // the folded name matched (Latin and Cyrillic)
	cued       bool   // a word or affix that places someone there comes with it
	article    bool   // the cue is followed by an article ("in the")
	// nearCountry: the sentence names the place's country too
	nearCountry bool
	capitalOf   bool // "the Eritrean capital", "столица Эритреи"
	abbrev      bool // written as an abbreviation (US, UAE, КНДР)
}

// Places a big city or a country may stand alone; smaller places, which
// share their names with common words and people (Most, Mobile, Obama),
// need a word that places someone there ("in", "to", "в", بـ, 에서).
const (
	bigCity    = 1_000_000
	bigCapital = 300_000
	farCity    = 300_000 // a town in a country the article does not name
)

// findPlaces finds the places named in the text. Names are matched in the
// script they are written in; outlets' names (Tehran Times) are skipped;
// a name that could be a person's (Fidel Castro, Kingston Reif) or a
// common word (Since, Mission) is a place only where the text places
// someone there; an abbreviation (US, UN) likewise, since it mostly names
// the actor. Where a name belongs to several places, one in a country the
// article names is preferred.
func (s *Scanner) findPlaces(text string, words []word, inSpan []bool, articleCountries map[string]bool) []placeSpan {
	lex := places.PlaceWords()
	var ms []placeMatch
	for i := 0; i < len(words); i++ {
		if inSpan[i] {
			continue
		}
		w := &words[i]
		sc := places.ScriptOf(w.text)
		switch sc {
		case places.ScriptHan:
			ms = append(ms, s.hanPlaces(words, i, lex)...)
			continue
		case places.ScriptHangul:
			if m, ok := s.hangulPlace(words, inSpan, i, lex); ok {
				m.cued = m.cued || cueAfter(text, words, m.b, lex)
				ms = append(ms, m)
				i = m.b - 1
			}
			continue
		}
		if w.latin && !w.cap {
			continue
		}
		if n := outletAt(words, i, lex); n > 0 {
			i += n - 1
			continue
		}
		var m placeMatch
		var ok bool
		if sc == places.ScriptArabic {
			m, ok = s.arabicPlace(words, inSpan, i)
		} else {
			m, ok = s.wordPlace(words, inSpan, i, sc, lex)
		}
		if !ok {
			continue
		}
		if !m.cued {
			m.cued, m.article = cueBefore(text, words, i, lex)
		}
		if !m.cued {
			m.cued = cueAfter(text, words, m.b, lex)
		}
		ms = append(ms, m)
		i = m.b - 1
	}

	ms = s.capitalPhrases(text, words, inSpan, ms, lex)

	// the article's countries: those it names or whose people it names,
	// and those of the capitals and big cities it names (in Latin
	// letters: other scripts fold to words that meet far-off cities)
	countries := map[string]bool{}
	for cc := range articleCountries {
		countries[cc] = true
	}
	// and the countries whose adjectives it uses in other languages
	// ("le Sud libyen", "иранский", "اللبناني")
	for k := range words {
		if w := &words[k]; len(w.lower) >= 5 && !inSpan[k] {
			if cc, ok := country.Adjective(w.text); ok {
				countries[cc] = true
			}
		}
	}
	for _, m := range ms {
		// only names of one country: Arabic عمان is Oman or Amman
		p := m.cands[0]
		// abbreviations of three letters or more (DRC, UAE, КНДР) name
		// the country the story is about; US and UK are too often the actor
		abbrevOK := !m.abbrev || utf8.RuneCountInString(text[m.start:m.end]) >= 3
		named := p.Kind == places.KindCountry && abbrevOK || p.Capital && big(p) || m.script == places.ScriptLatin && big(p)
		if named && oneCountry(m.cands) {
			countries[p.Country] = true
		}
	}

	// the countries each sentence names: a town there needs no cue ("In
	// Iraq, the militias hold Tikrit and Samarra")
	inSentence := map[[2]int]bool{}
	for _, m := range ms {
		if p := m.cands[0]; p.Kind == places.KindCountry && !m.abbrev {
			inSentence[[2]int{words[m.a].sentence, countryKey(p.Country)}] = true
		}
	}

	var out []placeSpan
	for _, m := range ms {
		// the preferred place, or else the first other place of that
		// name the text can mean (Pekin'e: not Pekin, Illinois, but
		// Beijing)
		first := pick(m.cands, countries)
		for k := -1; k < len(m.cands); k++ {
			p := first
			if k >= 0 {
				if p = m.cands[k]; p.Same(first) {
					continue
				}
			}
			m.nearCountry = inSentence[[2]int{words[m.a].sentence, countryKey(p.Country)}]
			if s.acceptPlace(text, words, m, p, countries, lex) {
				out = append(out, placeSpan{a: m.a, b: m.b, start: m.start, end: m.end, place: p})
				break
			}
		}
	}
	return out
}

func big(p places.Place) bool {
	return p.Kind == places.KindCountry || p.Population >= bigCity || p.Capital && p.Population >= bigCapital
}

// pick chooses among the places of one name: the first (countries, then
// places so called rather than also so called, then the most populous),
// unless another lies in a country the article names and is not dwarfed
// by it (Tripoli, Lebanon, in an article about Lebanon; but Moscow, Idaho,
// never before Moscow).
func pick(cands []places.Place, countries map[string]bool) places.Place {
	top := cands[0]
	if countries[top.Country] {
		return top
	}
	for _, c := range cands[1:] {
		if !countries[c.Country] {
			continue
		}
		if top.Kind == places.KindCountry || c.Kind == places.KindCountry || c.Population*20 >= top.Population {
			return c
		}
	}
	return top
}

func (s *Scanner) acceptPlace(text string, words []word, m placeMatch, p places.Place, countries map[string]bool, lex *places.Words) bool {
	if m.capitalOf {
		return true
	}
	if p.Metonym {
		return m.cued // "at the White House", not "the Kremlin said"
	}
	if m.abbrev {
		// US, UN, IRNA: a country only where the text places someone
		// there ("to the US"); never a city
		return m.cued && p.Kind == places.KindCountry
	}
	latin := m.script == places.ScriptLatin || m.script == places.ScriptCyrillic
	if latin {
		if m.b-m.a == 1 {
			if _, ok := country.DemonymFolded(m.key); ok {
				return false // "Yemeni", "Saudi"
			}
		}
		if partOfName(text, words, m, lex) {
			return false
		}
	}
	if p.Kind == places.KindCountry {
		return true
	}
	// a city named by a Latin or Cyrillic name unlike its own may be a
	// word or a person's name GeoNames lists among its names (Victoria
	// for Hong Kong, Diana for Soran); only a cue makes a big one a place
	if latin && (!m.cued || !big(p)) && !alike(m.key, names.Fold(p.Name)) {
		return false // a town's other names need more: "Bay" is Bay Village
	}
	if !latin && !countries[p.Country] && !p.Capital {
		// folded Arabic, Persian or Korean words meet the names GeoNames
		// gives far-off cities (ثاني "second", Thane): in another script
		// a city must lie in a country the article is about, or be a
		// capital
		return false
	}
	if !big(p) {
		// a town: where the text places someone, in a country the
		// article is about or big enough to be news (Bole International
		// Airport is in Addis Ababa, not in Bole, China)
		if m.nearCountry && m.script == places.ScriptLatin {
			return true // "In Iraq, the militias hold Tikrit and Samarra"
		}
		return m.cued && (countries[p.Country] || p.Population >= farCity)
	}
	if m.cued || latin || countries[p.Country] {
		return true
	}
	// a capital named alone in another script: a name of four letters or
	// more (صول is a word, سول Seoul)
	return utf8.RuneCountInString(text[m.start:m.end]) >= 4
}

// alike: a name is a spelling of the place's own (Moskau, Moscow; Sebha,
// Sabha), not a word or a part of it (Bay for Bay Village).
func alike(name, own string) bool {
	short, long := len(name), len(own)
	if short > long {
		short, long = long, short
	}
	return name == own || 10*short >= 6*long && names.JaroWinkler(name, own) >= 0.75
}

func countryKey(cc string) int { return int(cc[0])<<8 | int(cc[1]) }

// oneCountry: the places of a name all lie in one country.
func oneCountry(ps []places.Place) bool {
	for _, p := range ps[1:] {
		if p.Country != ps[0].Country {
			return false
		}
	}
	return true
}

// partOfName: a capitalised word right before the name that is no cue,
// article or function word (Fidel Castro, President Castro), or, where no
// cue places someone there, one right after it (Kingston Reif, Israel
// Katz), makes the name part of a person's or organisation's name.
func partOfName(text string, words []word, m placeMatch, lex *places.Words) bool {
	nameWord := func(j int) bool {
		w := words[j]
		if !w.latin || !w.cap || w.sentence != words[m.a].sentence || stopwords[w.lower] || lex.Before(w.lower) || lex.Article(w.lower) || lex.Qualifier(w.lower) {
			return false
		}
		if _, ok := country.DemonymFolded(w.lower); ok {
			return false
		}
		return true
	}
	if j := m.a - 1; j >= 0 && nameWord(j) && adjacent(text, words[j], words[m.a]) {
		// the first word of a sentence is capitalised anyway, unless it
		// is a title (President Castro)
		if j == 0 || words[j-1].sentence != words[j].sentence {
			return names.IsTitle(words[j].lower)
		}
		return true
	}
	if j := m.b; (!m.cued || m.article) && j < len(words) && nameWord(j) && adjacent(text, words[m.b-1], words[j]) && words[m.b-1].end == m.end {
		return !lex.Head(words[j].lower) // Beirut Airport
	}
	return false
}

// cueBefore: the word before words[i] places someone at what follows
// ("in", "в", "في"), past an article ("to the UAE") or a place in the
// possessive ("in Afghanistan's Khost province"). article reports an
// article between.
func cueBefore(text string, words []word, i int, lex *places.Words) (cued, article bool) {
	j := i - 1
	same := func(j int) bool { return j >= 0 && words[j].sentence == words[i].sentence }
	if !same(j) {
		return false, false
	}
	if w := words[j]; w.cap && w.end+2 <= len(text) && (text[w.end:w.end+2] == "'s" || strings.HasPrefix(text[w.end:], "’s")) && same(j-1) {
		j--
	}
	if lex.Before(words[j].lower) {
		return true, false
	}
	// "the Iraqi city of Fallujah", "в городе Алеппо", "مدينة حلب"
	k := j
	if lex.Link(words[k].lower) && same(k-1) {
		k--
	}
	if lex.PlaceNoun(words[k].lower) {
		return true, false
	}
	// "de" is a French cue and a Dutch article
	if lex.Article(words[j].lower) && same(j-1) {
		return lex.Before(words[j-1].lower), true
	}
	return false, false
}

// cueAfter: the word at b, written on to the name before it or after an
// apostrophe, is an ending that places someone there (Turkish Tahran'da,
// Korean 평양에서, which the tokenizer cuts off the name).
func cueAfter(text string, words []word, b int, lex *places.Words) bool {
	if b <= 0 || b >= len(words) || words[b].sentence != words[b-1].sentence {
		return false
	}
	gap := text[words[b-1].end:words[b].start]
	if gap != "" && gap != "'" && gap != "’" {
		return false
	}
	locative, _ := lex.Suffix(strings.ToLower(words[b].text))
	return locative
}

// outletAt returns how many words at i name a news outlet (Sky News
// Arabia, Al-Arabiya, Tehran Times), 0 if none.
func outletAt(words []word, i int, lex *places.Words) int {
	var joined strings.Builder
	n := 0
	for k := i; k < len(words) && k-i < places.OutletWords && words[k].sentence == words[i].sentence; k++ {
		joined.WriteString(strings.ReplaceAll(words[k].lower, "-", ""))
		if lex.Outlet(joined.String()) {
			n = k - i + 1
		}
	}
	return n
}

// foldedWord is the word folded as the gazetteer folds names: words
// written in Latin letters keep the spaces their hyphens stand for
// (Guinea-Bissau, Port-au-Prince).
func foldedWord(w *word) string {
	if strings.IndexByte(w.lower, '-') >= 0 {
		return strings.ReplaceAll(w.lower, "-", " ")
	}
	if strings.ContainsAny(w.text, "-‑") {
		return names.Fold(w.text)
	}
	return w.lower
}

// wordPlace matches the longest name of words (Latin, Cyrillic or other
// script) starting at i. A Turkish case ending written after an
// apostrophe (Tahran'da, İran'a) is read past.
func (s *Scanner) wordPlace(words []word, inSpan []bool, i int, sc places.Script, lex *places.Words) (placeMatch, bool) {
	first := &words[i]
	var best placeMatch
	found := false
	longest := max(s.gaz.MaxWords(), 1)
	firstKey := foldedWord(first)
	head, _, _ := strings.Cut(firstKey, " ")
	if !s.gaz.StartsIn(sc, head) {
		longest = 1
	}
	var key strings.Builder
	letters := 0
	for n := 1; n <= longest && i+n <= len(words); n++ {
		w := &words[i+n-1]
		if w.sentence != first.sentence || inSpan[i+n-1] || places.ScriptOf(w.text) != sc {
			break
		}
		prefix := key.String()
		if n > 1 && !s.gaz.StartsIn(sc, prefix) {
			break // no name goes on so
		}
		if n > 1 {
			key.WriteByte(' ')
		}
		key.WriteString(foldedWord(w))
		letters += len(w.lower)
		// Tahran'da: the name, an apostrophe, a case ending; read so
		// before the whole word (Şam'a is Damascus, not a town Sama)
		if k := strings.IndexAny(w.text, "'’"); k > 0 {
			stem, rest := w.text[:k], w.text[k+len("'"):]
			if strings.HasPrefix(w.text[k:], "’") {
				rest = w.text[k+len("’"):]
			}
			if locative, ok := lex.Suffix(strings.ToLower(rest)); ok {
				p := prefix
				if n > 1 {
					p += " "
				}
				if cands := s.gaz.Find(sc, p+names.Fold(stem)); len(cands) > 0 {
					best = placeMatch{a: i, b: i + n, start: first.start, end: w.start + k, cands: cands, script: sc, key: p + names.Fold(stem), cued: locative}
					found = true
					continue
				}
			}
		}
		if cands := s.gaz.Find(sc, key.String()); len(cands) > 0 && (letters > 2 || first.allCaps) {
			best = placeMatch{a: i, b: i + n, start: first.start, end: w.end, cands: cands, script: sc, key: key.String(),
				abbrev: n == 1 && first.allCaps && utf8.RuneCountInString(first.text) <= 4}
			found = true
		}
	}
	return best, found
}

// arabicVariants are the ways to read an Arabic word that may carry
// letters written on to it: the conjunctions و and ف, then the
// prepositions ب, ل and ك; ل before the article ال swallows its alif
// (للعراق). They place no one: ب is "in" but also "with" and "by".
func arabicVariants(w string) []struct {
	text string
	skip int // bytes of w before the name
} {
	type variant = struct {
		text string
		skip int
	}
	out := []variant{{w, 0}}
	bases := []string{w}
	for _, conj := range []string{"و", "ف"} {
		if rest, ok := strings.CutPrefix(w, conj); ok && utf8.RuneCountInString(rest) >= 3 {
			out = append(out, variant{rest, len(w) - len(rest)})
			bases = append(bases, rest)
		}
	}
	for _, b := range bases {
		if rest, ok := strings.CutPrefix(b, "لل"); ok && utf8.RuneCountInString(rest) >= 2 {
			out = append(out, variant{"ال" + rest, len(w) - len(b)})
		}
		for _, prep := range []string{"ب", "ل", "ك"} {
			if rest, ok := strings.CutPrefix(b, prep); ok && utf8.RuneCountInString(rest) >= 3 {
				out = append(out, variant{rest, len(w) - len(rest)})
			}
		}
	}
	return out
}

// arabicWords is the most words an Arabic place name is matched in
// (الإمارات العربية المتحدة, جمهورية الكونغو الديمقراطية): Arabic names
// are keyed without spaces, so no prefix tells where none goes on.
const arabicWords = 4

// arabicPlace matches the longest name in Arabic script at i, its first
// word read with or without the prefixes Arabic writes on to it. Names
// are compared without spaces: the article ال folds to a word of its own.
func (s *Scanner) arabicPlace(words []word, inSpan []bool, i int) (placeMatch, bool) {
	first := &words[i]
	var best placeMatch
	found := false
	for _, v := range arabicVariants(first.text) {
		key := first.lower // folded already, spaces removed
		if v.skip > 0 || v.text != first.text {
			key = strings.ReplaceAll(names.Fold(v.text), " ", "")
		}
		for n := 1; n <= arabicWords && i+n <= len(words); n++ {
			w := &words[i+n-1]
			if n > 1 {
				if w.sentence != first.sentence || inSpan[i+n-1] || places.ScriptOf(w.text) != places.ScriptArabic {
					break
				}
				key += w.lower
			}
			if cands := s.gaz.Find(places.ScriptArabic, key); len(cands) > 0 && (!found || n > best.b-best.a) {
				best = placeMatch{a: i, b: i + n, start: first.start + v.skip, end: w.end, cands: cands, script: places.ScriptArabic}
				found = true
			}
		}
	}
	return best, found
}

// hangulPlace matches a Korean name at the start of the word at i (and the
// words after it, for names Korean spaces), followed by nothing or by a
// particle: 베이징에서 "in Beijing", 중국을 "China" (object).
func (s *Scanner) hangulPlace(words []word, inSpan []bool, i int, lex *places.Words) (placeMatch, bool) {
	maxRunes := s.gaz.MaxRunes(places.ScriptHangul)
	joined := ""
	for n := 1; n <= 3 && i+n <= len(words); n++ {
		w := &words[i+n-1]
		if n > 1 && (w.sentence != words[i].sentence || inSpan[i+n-1] || places.ScriptOf(w.text) != places.ScriptHangul) {
			break
		}
		prev := len(joined)
		joined += w.text
		rs := []rune(joined)
		for l := min(maxRunes, len(rs)); l >= 2; l-- {
			name := string(rs[:l])
			if len(name) <= prev {
				break // the name must reach into this word
			}
			cands := s.gaz.Find(places.ScriptHangul, name)
			if len(cands) == 0 {
				continue
			}
			rest := string(rs[l:])
			locative, ok := lex.Suffix(rest)
			if rest != "" && !ok {
				continue
			}
			return placeMatch{a: i, b: i + n, start: words[i].start, end: w.start + len(name) - prev, cands: cands, script: places.ScriptHangul, cued: locative}, true
		}
	}
	return placeMatch{}, false
}

// hanPlaces finds the names inside a run of Chinese characters, which
// writes no spaces: the longest name at each character, left to right.
func (s *Scanner) hanPlaces(words []word, i int, lex *places.Words) []placeMatch {
	w := &words[i]
	maxRunes := s.gaz.MaxRunes(places.ScriptHan)
	var out []placeMatch
	rs := []rune(w.text)
	offs := make([]int, len(rs)+1) // byte offset of each character
	for k, r := range rs {
		offs[k+1] = offs[k] + utf8.RuneLen(r)
	}
	for k := 0; k < len(rs); k++ {
		for l := min(maxRunes, len(rs)-k); l >= 2; l-- {
			cands := s.gaz.Find(places.ScriptHan, string(rs[k:k+l]))
			if len(cands) == 0 {
				continue
			}
			before := w.text[:offs[k]]
			if k == 0 && i > 0 && words[i-1].end == w.start {
				before = words[i-1].text // the tokenizer cut the run here
			}
			out = append(out, placeMatch{a: i, b: i + 1, start: w.start + offs[k], end: w.start + offs[k+l], cands: cands, script: places.ScriptHan,
				cued: lex.HanCueBefore(before)})
			k += l - 1
			break
		}
	}
	return out
}

// capitalPhrases adds the capitals that a word for "capital" names next to
// a country's adjective or name: "the Eritrean capital", "la capitale
// iranienne", "в российскую столицу", "Iran's capital", "capital of
// Eritrea", "столица Эритреи", "پایتخت ایران", "중국 수도". Where the
// text names the city right after, that name stands alone. A word for the
// country's land next to its adjective ("la frontière tchadienne", "on
// Iranian soil") names the country.
func (s *Scanner) capitalPhrases(text string, words []word, inSpan []bool, ms []placeMatch, lex *places.Words) []placeMatch {
	countryAt, countryEnd := map[int]int{}, map[int]int{}
	for k, m := range ms {
		if m.cands[0].Kind == places.KindCountry && !m.abbrev {
			countryAt[m.a], countryEnd[m.b-1] = k, k
		}
	}
	cityAt := map[int]bool{}
	for _, m := range ms {
		if m.cands[0].Kind == places.KindCity {
			cityAt[m.a] = true
		}
	}
	var added []placeMatch
	for i := range words {
		w := &words[i]
		isCapital := lex.Capital(w.lower)
		if inSpan[i] || !isCapital && !lex.Territory(w.lower) {
			continue
		}
		same := func(j int) bool { return j >= 0 && j < len(words) && words[j].sentence == w.sentence && !inSpan[j] }
		cc, a, b := "", i, i+1
		byName := false // the country's name, a place already, is written
		switch {
		case same(i - 1):
			if c, ok := country.Adjective(words[i-1].text); ok {
				cc, a = c, i-1
			} else if k, ok := countryEnd[i-1]; ok {
				cc, a, byName = ms[k].cands[0].Country, ms[k].a, true
			}
		}
		if cc == "" && same(i+1) {
			if c, ok := country.Adjective(words[i+1].text); ok {
				cc, b = c, i+2
			} else {
				j := i + 1
				for j < i+3 && same(j) && (lex.Link(words[j].lower) || lex.Article(words[j].lower)) {
					j++
				}
				if k, ok := countryAt[j]; ok && same(j) {
					cc, b, byName = ms[k].cands[0].Country, ms[k].b, true
				}
			}
		}
		if cc == "" || cityAt[b] || cityAt[i+1] {
			continue
		}
		capital, ok := s.gaz.Capital(cc)
		if !isCapital {
			// "the Chadian border", "on Iranian soil": the country itself;
			// its name, if written, is a place already
			if byName || !country.Valid(cc) {
				continue
			}
			capital, ok = places.Place{Name: country.Name(cc), Country: cc, Kind: places.KindCountry}, true
		}
		if !ok {
			continue
		}
		cued, _ := cueBefore(text, words, a, lex)
		added = append(added, placeMatch{a: a, b: b, start: words[a].start, end: words[b-1].end, cands: []places.Place{capital},
			script: places.ScriptOf(w.text), cued: cued, capitalOf: true})
	}
	if len(added) == 0 {
		return ms
	}
	ms = append(ms, added...)
	slices.SortStableFunc(ms, func(x, y placeMatch) int { return cmp.Compare(x.start, y.start) })
	return ms
}
