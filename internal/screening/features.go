package screening

import (
	"slices"

	"github.com/vigilhq/vigil/internal/names"
)

// The score of a listed name against a query is a logistic model over the
// features below, read from the alignment. Its weights are learned
// (tools/trainscore, model.json): no feature has a hand-set effect.
// Weights of words (their rarity) are divided by the largest weight in the
// index, so that the features mean the same on a list of a thousand names
// and on one of a million.
const (
	fBias = iota
	// How much of each name the pairs explain, similarity-weighted: the
	// information of paired words over that of all words (soft words
	// apart, see fSoft).
	fQueryCover
	fListedCover
	// fInfo: the information the pairs carry, in units of the rarest
	// word's (capped at 3); fLowInfo and fVeryLowInfo are how far it falls
	// short of a half and of one such word: common or short names.
	fInfo
	fLowInfo
	fVeryLowInfo
	// fExtraQuery: query words with no partner (their information);
	// fExtraQuery2 and fExtraQuery3 the same when two, or three and more,
	// distinct words matched strongly — lists and news add fathers' and
	// grandfathers' names to a name, which then says less.
	fExtraQuery
	fExtraQuery2
	fExtraQuery3
	fMaxExtra // the rarest query word with no partner
	fExtraListed
	// fSoft: unpaired words that often go missing: in parentheses,
	// patronymics, repeated words.
	fSoft
	// fLost: full query words met only by a listed initial.
	fLost
	// How the pairs matched: shares of the paired query information that
	// are the same word as written, and that are only near (a typo, a
	// fuzzy match); the rest are the same word spelt another way. fGap is
	// the information-weighted dissimilarity of the pairs.
	fExact
	fNear
	fGap
	fInitials         // query initials paired, as a share of the query's words
	fUnpairedInitials // query initials with no partner (at most 3, /3)
	fJoined           // words run together on one side (pairs, at most 2)
	fAcronym          // an acronym paired with the words it abbreviates
	fWholeJoined      // the same letters with other word breaks
	fGivenConflict    // both given names left unpaired: brothers
	fSon              // the query's given name is the listed father's name
	fOrder            // the share of pairs in another order
	fTitleSame        // the same title on both sides
	fRank             // a rank or office before the name (Colonel, Mullah)
	fLegalSame        // legal forms on both sides (at most 2)
	fLegalOther       // legal forms on one side only (at most 2)
	fCompanyVsPerson  // the query has a company's legal form, the listed subject is a person
	fPersonVsCompany  // the query has a person's title, the listed subject is not a person
	fWeakAlias        // the listed name is a weak (low-quality) alias
	fFormerName       // … a former name
	fNickname         // … a given name with a one-word alias (Ahmed Godane)
	fScript           // the query was read from another script
	fOneWord          // the query is one word
	nFeatures
)

// featureNames name the features in the model file and in explanations.
var featureNames = [nFeatures]string{
	fBias: "bias", fQueryCover: "query_cover", fListedCover: "listed_cover", fInfo: "information", fLowInfo: "low_information",
	fVeryLowInfo: "very_low_information", fExtraQuery: "extra_query_words", fExtraQuery2: "extra_query_words_after_2_strong",
	fExtraQuery3: "extra_query_words_after_3_strong", fMaxExtra: "rarest_extra_query_word", fExtraListed: "extra_listed_words",
	fSoft: "soft_unpaired_words", fLost: "words_met_by_initials", fExact: "exact_share", fNear: "near_share", fGap: "dissimilarity",
	fInitials: "paired_initials", fUnpairedInitials: "unpaired_initials", fJoined: "joined_words", fAcronym: "acronym",
	fWholeJoined: "whole_name_joined", fGivenConflict: "given_name_conflict", fSon: "father_name_as_given", fOrder: "order",
	fTitleSame: "same_title", fRank: "rank_title", fLegalSame: "same_legal_form", fLegalOther: "other_legal_form",
	fCompanyVsPerson: "company_vs_person", fPersonVsCompany: "person_vs_company", fWeakAlias: "weak_alias",
	fFormerName: "former_name", fNickname: "nickname", fScript: "from_script", fOneWord: "one_word",
}

// features are the model's inputs, by the numbers above.
type features [nFeatures]float64

// personTitles are titles only a person bears. Religious honorifics (Haji,
// Sheikh) are left out: businesses carry their founders' ("Haji Khairullah
// Money Exchange").
var personTitles = []string{"president", "general", "gen", "colonel", "col", "major", "maj", "brigadier", "brig",
	"lieutenant", "lt", "captain", "capt", "admiral", "adm", "commander", "minister", "prime", "dr", "mr", "mrs", "ms",
	"senator", "governor", "ambassador", "prince", "princess", "king", "queen", "judge", "professor", "prof"}

func isPersonTitle(t string) bool { return slices.Contains(personTitles, t) }

// features reads the model's inputs from an alignment of the query qp
// with entry e.
func (ix *Index) features(a *alignment, qp *names.Parsed, e *entry, f *features) {
	*f = features{}
	f[fBias] = 1
	top := float64(ix.maxIDF)
	if top <= 0 {
		top = 1
	}
	var paired, pairedS, listed, listedS, exact, near, gap, lost float64
	initials, joined := 0, 0
	for _, p := range a.pairs[:a.np] {
		s := float64(p.sim)
		wq, wl := float64(p.wq), float64(p.wl)
		paired += wq
		pairedS += s * wq
		listed += wl
		listedS += s * wl
		gap += (1 - s) * wq
		lost += float64(p.lost)
		switch {
		case p.kind == pairAcronymAgain:
		case p.kind == pairAcronym:
			f[fAcronym] = 1
		case p.kind == pairJoined:
			joined++
		case p.method == names.MethodInitial:
			if a.q[p.q0].Initial() {
				initials++
			}
		case p.method == names.MethodExact:
			exact += wq
		case s < strongSim:
			near += wq
		}
	}
	var extraQ, maxExtra, soft, extraL float64
	unpairedInitials := 0
	for i := range a.q {
		if a.usedQ[i] {
			continue
		}
		w := float64(a.qw[i])
		switch a.qClass[i] {
		case wordPlain, wordGivenConflict:
			extraQ += w
			maxExtra = max(maxExtra, w)
			if a.qClass[i] == wordGivenConflict {
				f[fGivenConflict] = 1
			}
		case wordOptional, wordPatronymic:
			soft += w
		case wordInitial:
			unpairedInitials++
		}
	}
	for j := range a.l {
		if a.usedL[j] {
			continue
		}
		w := float64(a.lw[j])
		switch a.lClass[j] {
		case wordPlain:
			extraL += w
		case wordSonGiven:
			extraL += w
			f[fSon] = 1
		case wordOptional:
			soft += w
		}
	}
	if d := paired + extraQ + lost; d > 0 {
		f[fQueryCover] = pairedS / d
	}
	if d := listed + extraL; d > 0 {
		f[fListedCover] = listedS / d
	}
	info := pairedS / top
	f[fInfo] = min(info, 3)
	f[fLowInfo] = max(0, 0.5-info)
	f[fVeryLowInfo] = max(0, 0.25-info)
	f[fExtraQuery] = extraQ / top
	if a.distinctStrong >= 2 {
		f[fExtraQuery2] = extraQ / top
	}
	if a.strongPairs >= 3 || a.distinctStrong >= 2 && (a.allListedPaired() || a.distinctInfo >= 1.2*top) {
		f[fExtraQuery3] = extraQ / top
	}
	f[fMaxExtra] = maxExtra / top
	f[fExtraListed] = extraL / top
	f[fSoft] = soft / top
	f[fLost] = lost / top
	if paired > 0 {
		f[fExact] = exact / paired
		f[fNear] = near / paired
		f[fGap] = gap / paired
	}
	if len(a.q) > 0 {
		f[fInitials] = float64(initials) / float64(len(a.q))
	}
	f[fUnpairedInitials] = float64(min(unpairedInitials, 3)) / 3
	f[fJoined] = float64(min(joined, 2))
	if a.wholeJoined {
		f[fWholeJoined] = 1
	}
	f[fOrder] = a.disorder()
	if a.titleSame {
		f[fTitleSame] = 1
	}
	if a.rank != "" {
		f[fRank] = 1
	}
	f[fLegalSame] = float64(min(a.legalSame, 2))
	f[fLegalOther] = float64(min(a.legalOther, 2))
	if e.person && len(qp.LegalForms) > a.legalSame {
		// a form the listed name has too is no sign of another kind (PAO
		// is a Russian company form and a Chinese family name)
		f[fCompanyVsPerson] = 1
	}
	if !e.person && len(qp.LegalForms) == 0 && slices.ContainsFunc(qp.Titles, isPersonTitle) {
		// "President Maduro", "Gen. Soleimani": the title names a person
		f[fPersonVsCompany] = 1
	}
	switch {
	case e.nickname != "":
		f[fNickname] = 1
	case e.role == "weak_alias":
		f[fWeakAlias] = 1
	case e.role == "former_name":
		f[fFormerName] = 1
	}
	if slices.ContainsFunc(a.q, func(t names.Token) bool { return t.Romanized }) {
		f[fScript] = 1
	}
	if words(a.q) == 1 {
		f[fOneWord] = 1
	}
}

// disorder is the share of pairs of pairs that the two names put in
// opposite orders.
func (a *alignment) disorder() float64 {
	n, inv := 0, 0
	for x := 0; x < a.np; x++ {
		for y := x + 1; y < a.np; y++ {
			px, py := a.pairs[x], a.pairs[y]
			if px.kind == pairAcronymAgain || py.kind == pairAcronymAgain {
				continue
			}
			n++
			if (px.q0 < py.q0) != (px.l0 < py.l0) {
				inv++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(inv) / float64(n)
}
