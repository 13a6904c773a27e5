package screening

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/vigilhq/vigil/internal/lists"
)

// Example is one query name against one candidate subject, as the model
// sees it: the features of the subject's best name for the query, and
// whether the two are the same subject. The trainer learns from these.
type Example struct {
	Features []float64
	Positive bool
	// Query numbers the query the example belongs to: a query's examples
	// are all its candidates, for figures per query (did any alert?).
	Query int
	// Group is the listed subject the query was made from, so that
	// training and held-out examples come from different subjects.
	Group uint64
	// Kind says how the query was made: alias (another name of a listed
	// subject), perturbed (a listed name with a typo, an initial, a word
	// dropped …), mixed (words of two subjects: no one's name) or random
	// (words of several).
	Kind              string
	QueryName, Listed string
	Subject           lists.SubjectID
	QuerySubject      lists.SubjectID
	Score             float64
}

// ExampleOptions say how many queries of each kind are made.
type ExampleOptions struct {
	Seed int64
	// Perturbed queries per listed name, mixed and random queries per
	// subject.
	Perturbed, Mixed, Random int
	// Negatives are the strongest wrong candidates kept per query (the
	// rest are easy and many).
	Negatives int
}

// Examples makes queries from the index's own subjects and emits the
// examples of their candidates. A subject's other names are its
// positives; a pair of subjects is negative when the lists say they are
// different (two entries of one list, other kinds, years of birth apart),
// and left out when they could be the same (two lists, no identifier in
// common, nothing apart). Candidates are chosen per subject by the
// index's model, as screening does.
func (ix *Index) Examples(opt ExampleOptions, emit func(Example)) {
	r := rand.New(rand.NewPCG(uint64(opt.Seed), 17))
	twins := ix.twins()
	persons, orgs := ix.wordPools()
	sc := &scratch{acc: make([]float32, ix.numEntries())}
	qn := 0
	run := func(name, kind string, from int32, skipName int32, donors []int32) {
		qn++
		ix.examplesOf(sc, name, kind, from, skipName, donors, twins, opt.Negatives, qn, emit)
	}
	for si := range int32(ix.numSubjects()) {
		info := ix.info(si)
		if info.kind != lists.KindPerson && info.kind != lists.KindOrganization {
			continue
		}
		s := ix.subject(int32(si))
		for ni, n := range s.Names {
			if ni >= 12 {
				break
			}
			run(n.Full, "alias", int32(si), int32(ni), nil)
			for range opt.Perturbed {
				if p, ok := perturb(r, n.Full, info.kind == lists.KindPerson); ok && p != n.Full {
					run(p, "perturbed", int32(si), -1, nil)
				}
			}
		}
		pool := orgs
		if info.kind == lists.KindPerson {
			pool = persons
		}
		primary := s.PrimaryName()
		for range opt.Mixed {
			if m, donors, ok := mix(r, primary, pool, 1); ok {
				run(m, "mixed", int32(si), -1, donors)
			}
		}
		for range opt.Random {
			if m, donors, ok := mix(r, primary, pool, 0); ok {
				run(m, "random", int32(si), -1, donors)
			}
		}
	}
}

// examplesOf screens one made-up query and emits its candidates.
func (ix *Index) examplesOf(sc *scratch, name, kind string, from, skipName int32, donors []int32, twins map[int32][]int32, negatives, qn int, emit func(Example)) {
	pq := ix.parseQuery(name)
	if len(pq.qp.Tokens) == 0 || donors != nil && words(pq.qp.Tokens) < 2 {
		return // a made-up name must have two words (legal forms apart)
	}
	cands := slices.Clone(ix.candidates(&pq, Options{}, sc))
	for _, e := range sc.touched {
		sc.acc[e] = 0
	}
	sc.touched = sc.touched[:0]
	spelt := spelling(name)
	type best struct {
		z      float64
		f      features
		entry  int32
		status int // 1 positive, 0 negative
	}
	bySubject := map[int32]*best{}
	for _, ei := range cands {
		e := ix.entry(ei)
		if e.subject == from && e.name == skipName {
			continue // the query's own name
		}
		status := ix.relation(from, e.subject, twins)
		if donors != nil {
			// a made-up name: nobody's, unless someone bears it, or the
			// words came from one subject's name
			status = 0
			if e.nickname == "" && ix.info(e.subject).spellings[e.name] == spelt || slices.Contains(donors, e.subject) {
				status = -1
			}
		}
		if status < 0 {
			continue
		}
		var a alignment
		ix.align(&pq.qp, pq.qw, pq.joinKey, e, &a)
		if status == 1 && a.np == 0 && !a.wholeJoined {
			// another name altogether (a nom de guerre): nothing in the
			// words says so, and a name model cannot learn it
			continue
		}
		if status == 0 && words(a.q) >= 2 && a.holdsQuery() {
			// a namesake: another subject whose name has every word of
			// the query (two at least); names alone cannot tell the two
			// apart
			continue
		}
		var f features
		ix.features(&a, &pq.qp, e, &f)
		z := ix.model.logit(&f)
		if b := bySubject[e.subject]; b == nil || z > b.z {
			bySubject[e.subject] = &best{z: z, f: f, entry: ei, status: status}
		}
	}
	var negs []*best
	group := fnvString(string(ix.info(from).id))
	out := func(b *best) {
		e := ix.entry(b.entry)
		emit(Example{Features: b.f[:], Positive: b.status == 1, Query: qn, Group: group, Kind: kind, QueryName: name,
			Listed: ix.subject(e.subject).Names[e.name].Full, Subject: ix.info(e.subject).id, QuerySubject: ix.info(from).id, Score: sigmoid(b.z)})
	}
	for _, b := range bySubject {
		if b.status == 1 {
			out(b)
		} else {
			negs = append(negs, b)
		}
	}
	slices.SortFunc(negs, func(x, y *best) int { return cmpFloat(y.z, x.z) })
	for _, b := range negs[:min(len(negs), negatives)] {
		out(b)
	}
}

func fnvString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// relation says whether subject b is subject a (1), is not (0), or could
// be (-1: left out of training).
func (ix *Index) relation(a, b int32, twins map[int32][]int32) int {
	if a == b || slices.Contains(twins[a], b) {
		return 1
	}
	x, y := ix.info(a), ix.info(b)
	if x.kind != y.kind {
		return 0
	}
	sa, sb := ix.subject(a), ix.subject(b)
	if yearsApart(sa.BirthDates, sb.BirthDates) {
		return 0
	}
	if x.source != y.source {
		return -1 // two lists, nothing in common, nothing apart: could be
	}
	// A list names each subject once, but for the few it lists twice
	// (under two regimes): a name spelt alike or the same date of birth.
	for _, h := range x.spellings {
		if slices.Contains(y.spellings, h) {
			return -1
		}
	}
	if d, day := sharedBirthDate(sa.BirthDates, sb.BirthDates); d != "" && day {
		return -1
	}
	return 0
}

// yearsApart reports whether two records state years of birth and none
// are within two years of each other.
func yearsApart(a, b []lists.BirthDate) bool {
	years := func(ds []lists.BirthDate) (out [][2]int) {
		for _, d := range ds {
			switch {
			case d.Precision == lists.PrecisionRange:
				out = append(out, [2]int{d.FromYear, d.ToYear})
			case len(d.Date) >= 4:
				if y, err := strconv.Atoi(d.Date[:4]); err == nil {
					out = append(out, [2]int{y, y})
				}
			}
		}
		return out
	}
	ya, yb := years(a), years(b)
	if len(ya) == 0 || len(yb) == 0 {
		return false
	}
	for _, x := range ya {
		for _, y := range yb {
			if x[0]-2 <= y[1] && y[0]-2 <= x[1] {
				return false
			}
		}
	}
	return true
}

// twins are, for each subject, the subjects of other lists that the lists
// say are the same: a stated reference either way, or a document number
// in common. Names play no part, so the pairs can teach names.
func (ix *Index) twins() map[int32][]int32 {
	out := map[int32][]int32{}
	link := func(a, b int32) {
		if a != b && ix.info(a).source != ix.info(b).source && !slices.Contains(out[a], b) {
			out[a] = append(out[a], b)
			out[b] = append(out[b], a)
		}
	}
	for si := range int32(ix.numSubjects()) {
		s := ix.subject(int32(si))
		for _, l := range s.Links {
			if o := ix.position(l.Target); l.Relation == "same_as" && o >= 0 {
				link(int32(si), o)
			}
		}
		for _, d := range ix.info(si).docs {
			for _, o := range ix.byDoc.get(d) {
				link(int32(si), o)
			}
		}
	}
	return out
}

// wordPools are the words of the listed persons' and organisations' Latin
// names, by position: first, middle, last word.
type wordPool struct {
	words  [3][]string
	donors [3][]int32 // the subject each word comes from
}

func (ix *Index) wordPools() (persons, orgs *wordPool) {
	persons, orgs = &wordPool{}, &wordPool{}
	for si := range int32(ix.numSubjects()) {
		pool := orgs
		switch ix.info(si).kind {
		case lists.KindPerson:
			pool = persons
		case lists.KindOrganization:
		default:
			continue
		}
		ws, ok := latinWords(ix.subject(int32(si)).PrimaryName())
		if !ok {
			continue
		}
		for i, w := range ws {
			k := position(i, len(ws))
			pool.words[k] = append(pool.words[k], w)
			pool.donors[k] = append(pool.donors[k], int32(si))
		}
	}
	return persons, orgs
}

func position(i, n int) int {
	switch {
	case i == 0:
		return 0
	case i == n-1:
		return 2
	}
	return 1
}

// latinWords splits a name written in Latin letters into words.
func latinWords(name string) ([]string, bool) {
	for _, r := range name {
		if r > unicode.MaxLatin1 && unicode.IsLetter(r) {
			return nil, false
		}
	}
	ws := strings.Fields(strings.ReplaceAll(name, ",", " "))
	return ws, len(ws) > 0
}

// mix makes a name nobody on the list bears from name: keep words of it
// are kept (one, or none), the others replaced by words of other names at
// the same position. A query sharing one word with a listed name is the
// hardest a name-only screening must turn down.
func mix(r *rand.Rand, name string, pool *wordPool, keep int) (string, []int32, bool) {
	ws, ok := latinWords(name)
	if !ok || len(ws) < 2 || len(pool.words[0]) == 0 || len(pool.words[2]) == 0 {
		return "", nil, false
	}
	k := r.IntN(len(ws))
	out := make([]string, len(ws))
	var donors []int32
	for i := range ws {
		if keep > 0 && i == k {
			out[i] = ws[i]
			continue
		}
		pos := position(i, len(ws))
		if len(pool.words[pos]) == 0 {
			pos = 0
		}
		x := r.IntN(len(pool.words[pos]))
		out[i] = pool.words[pos][x]
		donors = append(donors, pool.donors[pos][x])
	}
	return strings.Join(out, " "), donors, true
}

// perturb writes a listed name as a query might: with a typo, an initial,
// a word dropped or moved, a title or a legal form, words joined, accents
// added or removed, another case. It says false when the name does not
// lend itself to the operation drawn.
func perturb(r *rand.Rand, name string, person bool) (string, bool) {
	ws, ok := latinWords(name)
	if !ok {
		return "", false
	}
	switch op := r.IntN(8); op {
	case 0: // a typo in a word of four letters or more, not its first letter
		var long []int
		for i, w := range ws {
			if len(w) >= 4 && isASCIIWord(w) {
				long = append(long, i)
			}
		}
		if len(long) == 0 {
			return "", false
		}
		i := long[r.IntN(len(long))]
		ws[i] = typo(r, ws[i])
	case 1: // a middle word dropped
		if len(ws) < 3 {
			return "", false
		}
		i := 1 + r.IntN(len(ws)-2)
		ws = slices.Delete(ws, i, i+1)
	case 2: // given names as initials
		if !person || len(ws) < 2 {
			return "", false
		}
		for i := range ws[:len(ws)-1] {
			if i == 0 || r.IntN(2) == 0 {
				ws[i] = strings.ToUpper(ws[i][:1]) + "."
			}
		}
	case 3: // the last word first
		if len(ws) < 2 {
			return "", false
		}
		last := strings.TrimSuffix(ws[len(ws)-1], ",")
		ws = append([]string{last + ","}, ws[:len(ws)-1]...)
	case 4: // a title, or a legal form
		if person {
			ws = append([]string{titlesForQueries[r.IntN(len(titlesForQueries))]}, ws...)
		} else {
			ws = append(ws, legalFormsForQueries[r.IntN(len(legalFormsForQueries))])
		}
	case 5: // two words joined, or a hyphen dropped
		if len(ws) < 2 {
			return "", false
		}
		i := r.IntN(len(ws) - 1)
		ws = slices.Replace(ws, i, i+2, strings.ReplaceAll(ws[i]+ws[i+1], "-", ""))
	case 6: // accents added
		v := map[rune]rune{'a': 'á', 'e': 'é', 'i': 'í', 'o': 'ó', 'u': 'ú', 'A': 'Á', 'E': 'É', 'I': 'Í', 'O': 'Ó', 'U': 'Ú'}
		i := r.IntN(len(ws))
		rs := []rune(ws[i])
		for k, c := range rs {
			if a, ok := v[c]; ok {
				rs[k] = a
				break
			}
		}
		ws[i] = string(rs)
	case 7: // title case
		for i, w := range ws {
			if w != "" {
				ws[i] = strings.ToUpper(w[:1]) + strings.ToLower(w[1:])
			}
		}
	}
	return strings.Join(ws, " "), true
}

var titlesForQueries = []string{"Mr", "Dr", "Sheikh", "General", "Haji", "Mullah", "Colonel", "Maulavi", "Mrs"}

var legalFormsForQueries = []string{"LLC", "Ltd", "Limited", "Co.", "Company", "Inc", "Corporation", "JSC", "Trading Co"}

func isASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// typo changes one letter of w after the first: replaced, dropped,
// doubled or swapped with the next.
func typo(r *rand.Rand, w string) string {
	b := []byte(w)
	i := 1 + r.IntN(len(b)-1)
	letter := byte('a' + r.IntN(26))
	if b[i] < 'a' {
		letter -= 'a' - 'A'
	}
	switch r.IntN(4) {
	case 0:
		b[i] = letter
	case 1:
		b = slices.Delete(b, i, i+1)
	case 2:
		b = slices.Insert(b, i, b[i])
	default:
		if i+1 < len(b) {
			b[i], b[i+1] = b[i+1], b[i]
		} else {
			b[i] = letter
		}
	}
	return string(b)
}
