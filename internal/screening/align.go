package screening

import (
	"slices"

	"github.com/vigilhq/vigil/internal/names"
)

// alignment is how the words of a query and of one listed name line up:
// the pairs found, and what each word left without a partner is (an
// initial, a patronymic, a given name the other side does not share …).
// The score is computed from it (features.go) and the explanation written
// from it (explain.go), so both say the same thing.
type alignment struct {
	q, l   []names.Token // the two names' words (at most maxTokens each)
	qw, lw []float32     // their weights (rarity)
	pairs  [2 * maxTokens]alignedPair
	np     int
	usedQ  [maxTokens]bool
	usedL  [maxTokens]bool
	// initialOn: the listed word is met by a query initial
	initialOn [maxTokens]bool
	qClass    [maxTokens]wordClass // of the query words left unpaired
	lClass    [maxTokens]wordClass // of the listed words left unpaired
	// sonLike: the query's first word pairs with a listed word that is
	// neither the first nor in the last (the listed name is rather the
	// son's, named after the father: Hannibal Muammar Qadhafi).
	sonLike bool
	// titleSame: the same title on both sides (Mullah, Sheikh)
	titleSame      bool
	titleQ, titleL string
	// rank: a rank or office the query puts before the name (Mullah Omar,
	// Colonel Gaddafi) that the listed name does not contradict
	rank string
	// legalSame and legalOther count legal forms on both sides and on one
	legalSame, legalOther int
	// wholeJoined: the names are one string of letters written with other
	// word breaks (Abdulrahman Mohamed = Abdul Rahman Mohamed)
	wholeJoined bool
	// strongPairs counts pairs at 0.95 or more; distinctStrong those of
	// distinct whole query words (Inzunza Inzunza counts once, so do the
	// parts of Abdel Aziz), distinctInfo their information.
	strongPairs, distinctStrong int
	distinctInfo                float64
}

// pairKind says what an aligned pair joins.
type pairKind uint8

const (
	pairWords        pairKind = iota // one word with one word
	pairJoined                       // one word with two run together on the other side
	pairAcronym                      // an acronym with the words it abbreviates
	pairAcronymAgain                 // an acronym's words when the acronym matched already
)

// alignedPair is a query range of words [q0,q1) paired with a listed range
// [l0,l1).
type alignedPair struct {
	kind           pairKind
	q0, q1, l0, l1 int8
	sim            float32
	method         names.Method
	// wq, wl: the information the pair carries on each side (an initial
	// carries an initial's worth); lost: a full query word met by a
	// listed initial, whose information the initial does not explain
	wq, wl, lost float32
}

// wordClass is what an unpaired word is.
type wordClass uint8

const (
	wordPlain wordClass = iota
	// wordGivenConflict: an unpaired given name while the other side's is
	// unpaired too (two brothers, not an omitted name)
	wordGivenConflict
	wordOptional   // in parentheses: a note, an alternative
	wordPatronymic // a Slavic patronymic, or a word repeating a paired one
	wordInitial    // an initial, which may stand for a dropped title
	// wordParticleInitial: the initial of a particle the other side
	// writes out (B. for ben)
	wordParticleInitial
	wordCoveredByInitial // a word bound to one an initial stands for (A. for Abdul Hakim)
	wordSonGiven         // the listed given name left over in the son's case
)

// Alignment limits and the similarities of the pairs it makes.
const (
	// maxTokens bounds the words compared on each side.
	maxTokens = 16
	// minPairSim: words less alike than this are not paired.
	minPairSim = 0.85
	// acronymSim and stemSim are the similarities given to an acronym and
	// its words, and to an organisation's word with another English
	// ending (Combat/Combatant).
	acronymSim = 0.95
	stemSim    = 0.9
	// strongSim: a pair at least this similar is the same word (exact,
	// or another spelling of the same sound), not a near one.
	strongSim = 0.95
)

// align lines up the query (words qp, weights qw, whole-name key joinKey)
// with entry e.
func (ix *Index) align(qp *names.Parsed, qw []float32, joinKey string, e *entry, a *alignment) {
	*a = alignment{q: qp.Tokens, qw: qw, l: e.parsed.Tokens, lw: e.weights}
	if len(a.q) > maxTokens {
		// a listed name compared as a query (counterparts) may be longer
		a.q, a.qw = a.q[:maxTokens], a.qw[:maxTokens]
	}
	if len(a.l) > maxTokens {
		a.l, a.lw = a.l[:maxTokens], a.lw[:maxTokens]
	}
	q, l := a.q, a.l
	nq, nl := len(q), len(l)
	var sims [maxTokens][maxTokens]float32
	var methods [maxTokens][maxTokens]names.Method
	// lonely: a query word with no listed word near it; with as many words
	// on both sides, words run together are looked for only then.
	lonely := false
	org := !e.person
	for i := 0; i < nq; i++ {
		best := float32(0)
		for j := 0; j < nl; j++ {
			s, m := names.CompareTokens(&q[i], &l[j])
			if org && s < stemSim && names.SameStem(q[i].Text, l[j].Text) {
				s, m = stemSim, names.MethodStem
			}
			sims[i][j], methods[i][j] = float32(s), m
			best = max(best, float32(s))
		}
		lonely = lonely || best < minPairSim
	}
	add := func(p alignedPair) {
		if a.np < len(a.pairs) {
			a.pairs[a.np] = p
			a.np++
		}
	}
	// Words run together on one side and apart on the other ("Jongun" /
	// "Jong Un"): one word against two adjacent ones, paired first.
	for i := 0; i < nq && (nq < nl || nq == nl && lonely); i++ {
		if q[i].Initial() {
			continue
		}
		for j := 0; j+1 < nl; j++ {
			if a.usedL[j] || a.usedL[j+1] || sims[i][j] >= names.JoinedSim || sims[i][j+1] >= names.JoinedSim {
				continue
			}
			if s := names.JoinedMatch(q[i], l[j], l[j+1], q[i].Romanized); s > 0 {
				a.usedQ[i], a.usedL[j], a.usedL[j+1] = true, true, true
				add(alignedPair{kind: pairJoined, q0: int8(i), q1: int8(i + 1), l0: int8(j), l1: int8(j + 2), sim: float32(s), wq: qw[i], wl: a.lw[j] + a.lw[j+1]})
				break
			}
		}
	}
	for j := 0; j < nl && (nl < nq || nq == nl && lonely); j++ {
		if a.usedL[j] || l[j].Initial() {
			continue
		}
		for i := 0; i+1 < nq; i++ {
			if a.usedQ[i] || a.usedQ[i+1] || sims[i][j] >= names.JoinedSim || sims[i+1][j] >= names.JoinedSim {
				continue
			}
			if s := names.JoinedMatch(l[j], q[i], q[i+1], l[j].Romanized); s > 0 {
				a.usedQ[i], a.usedQ[i+1], a.usedL[j] = true, true, true
				add(alignedPair{kind: pairJoined, q0: int8(i), q1: int8(i + 2), l0: int8(j), l1: int8(j + 1), sim: float32(s), wq: qw[i] + qw[i+1], wl: a.lw[j]})
				break
			}
		}
	}
	// The best remaining pair first, until no pair is alike enough.
	for {
		bi, bj, bs := -1, -1, float32(minPairSim)
		for i := 0; i < nq; i++ {
			if a.usedQ[i] {
				continue
			}
			for j := 0; j < nl; j++ {
				if !a.usedL[j] && sims[i][j] >= bs {
					if sims[i][j] > bs || bi < 0 {
						bi, bj, bs = i, j, sims[i][j]
					}
				}
			}
		}
		if bi < 0 {
			break
		}
		a.usedQ[bi], a.usedL[bj] = true, true
		m := methods[bi][bj]
		if bs >= strongSim {
			a.strongPairs++
			if m != names.MethodInitial && !repeatsMatched(q, a.usedQ[:nq], bi) {
				a.distinctInfo += float64(bs) * float64(qw[bi])
				if !q[bi].Bound {
					a.distinctStrong++
				}
			}
		}
		p := alignedPair{kind: pairWords, q0: int8(bi), q1: int8(bi + 1), l0: int8(bj), l1: int8(bj + 1), sim: bs, method: m, wq: qw[bi], wl: a.lw[bj]}
		if m == names.MethodInitial {
			if q[bi].Initial() {
				a.initialOn[bj] = true
			} else {
				// A full query word met by a listed initial is mostly
				// unexplained: an initial identifies only as much as one.
				p.lost = p.wq - min(p.wq, 1)
			}
			p.wq, p.wl = min(p.wq, 1), min(p.wl, 1)
		}
		add(p)
	}
	// An acronym on one side spells out words left over on the other
	// (ISIL = Islamic State in Iraq and the Levant): they are one pair.
	// An acronym has three letters at least, so three words must be left.
	for j := 0; j < nl && countFalse(a.usedQ[:nq]) >= 3; j++ {
		if i, k := acronymRun(l[j].Text, q, a.usedQ[:nq]); k > 0 {
			p := alignedPair{kind: pairAcronym, q0: int8(i), q1: int8(k), l0: int8(j), l1: int8(j + 1), sim: acronymSim, wl: a.lw[j]}
			for x := i; x < k; x++ {
				a.usedQ[x] = true
				p.wq += qw[x]
			}
			if a.usedL[j] { // the query gave the acronym too
				p.kind, p.wq, p.wl = pairAcronymAgain, 0, 0
			}
			a.usedL[j] = true
			add(p)
		}
	}
	for i := 0; i < nq && countFalse(a.usedL[:nl]) >= 3; i++ {
		if j, k := acronymRun(q[i].Text, l, a.usedL[:nl]); k > 0 {
			p := alignedPair{kind: pairAcronym, q0: int8(i), q1: int8(i + 1), l0: int8(j), l1: int8(k), sim: acronymSim, wq: qw[i]}
			for x := j; x < k; x++ {
				a.usedL[x] = true
				p.wl += a.lw[x]
			}
			if a.usedQ[i] {
				p.kind, p.wq, p.wl = pairAcronymAgain, 0, 0
			}
			a.usedQ[i] = true
			add(p)
		}
	}
	a.classify(e)
	// Titles (Mullah, Sheikh, General) are not name, but the same title on
	// both sides supports the match.
	for _, qt := range qp.Titles {
		for _, lt := range e.parsed.Titles {
			if !a.titleSame && names.Key(qt) == names.Key(lt) {
				a.titleSame, a.titleQ, a.titleL = true, qt, lt
			}
		}
	}
	// A rank or office before the name narrows who is meant, unless the
	// listed name gives its holder another one (Sheik Omar).
	if i := slices.IndexFunc(qp.Titles, names.IsRankTitle); i >= 0 && (a.titleSame || !slices.ContainsFunc(e.parsed.Titles, names.IsRankTitle)) {
		a.rank = qp.Titles[i]
	}
	// Legal forms are not name either.
	for _, f := range qp.LegalForms {
		if slices.Contains(e.parsed.LegalForms, f) {
			a.legalSame++
		} else {
			a.legalOther++
		}
	}
	for _, f := range e.parsed.LegalForms {
		if !slices.Contains(qp.LegalForms, f) {
			a.legalOther++
		}
	}
	a.wholeJoined = joinKey != "" && joinKey == e.joinKey && len(joinKey) >= 6 && nq != nl && !hasInitial(q) &&
		names.JaroWinkler(qp.Joined(), e.joined) >= 0.95
}

// classify says what each unpaired word is.
func (a *alignment) classify(e *entry) {
	q, l := a.q, a.l
	nq, nl := len(q), len(l)
	for i := 0; i < nq; i++ {
		if a.usedQ[i] {
			continue
		}
		switch {
		case q[i].Optional:
			a.qClass[i] = wordOptional
		case q[i].Initial() && e.parsed.Particles&q[i].Letters != 0:
			a.qClass[i] = wordParticleInitial
		case q[i].Initial():
			a.qClass[i] = wordInitial
		case names.IsPatronymic(q[i].Text), repeatsMatched(q, a.usedQ[:nq], i):
			a.qClass[i] = wordPatronymic
		case givenNameConflict(q, l, a.usedQ[:nq], a.usedL[:nl], a.initialOn[:nl], i):
			a.qClass[i] = wordGivenConflict
		}
	}
	// The son's case: a query of two words or more whose first word pairs
	// with a listed word that is neither the first nor in the last (the
	// parts of Nasr Allah are one word, which a one-word query is).
	firstPartner := -1
	for _, p := range a.pairs[:a.np] {
		if p.kind == pairWords && p.q0 == 0 {
			firstPartner = int(p.l0)
		}
	}
	if firstPartner > 0 && words(q) >= 2 && !l[0].Initial() {
		k := firstPartner
		for k+1 < nl && l[k+1].Bound {
			k++
		}
		a.sonLike = k < nl-1
	}
	for j := 0; j < nl; j++ {
		switch {
		case a.usedL[j]:
		case l[j].Bound && j > 0 && a.initialOn[j-1]:
			a.lClass[j] = wordCoveredByInitial
		case l[j].Optional:
			a.lClass[j] = wordOptional
		case j == 0 && a.sonLike:
			a.lClass[j] = wordSonGiven
		}
	}
}

// allListedPaired reports whether every listed word found a partner (or is
// covered by an initial).
func (a *alignment) allListedPaired() bool {
	for j := range a.l {
		if !a.usedL[j] && a.lClass[j] != wordCoveredByInitial {
			return false
		}
	}
	return true
}

// holdsQuery reports whether every word of the query is the same word on
// the listed side (a pair at strongSim or more, not an initial) or one
// that often goes missing (in parentheses, a patronymic, a particle's
// initial).
func (a *alignment) holdsQuery() bool {
	var strong [maxTokens]bool
	for _, p := range a.pairs[:a.np] {
		if p.sim >= strongSim && p.kind != pairAcronymAgain && p.method != names.MethodInitial {
			for i := p.q0; i < p.q1; i++ {
				strong[i] = true
			}
		}
	}
	for i := range a.q {
		switch {
		case strong[i]:
		case !a.usedQ[i] && (a.qClass[i] == wordOptional || a.qClass[i] == wordPatronymic || a.qClass[i] == wordParticleInitial):
		default:
			return false
		}
	}
	return len(a.q) > 0
}
