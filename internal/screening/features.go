package screening

import (
	"slices"

	"github.com/vigilhq/vigil/internal/names"
)

// The score of a listed name against a query is a logistic model over the
// features below, read from the alignment. Its weights are learned
// (tools/trainscore, model.json): no feature has a hand-set effect.
//
// Most features follow the record-linkage model of Fellegi and Sunter:
// each word of the query adds evidence for or against according to how it
// fared — the same word, the same word spelt another way, a near word (a
// typo), an initial, nothing — and to how rare it is. For each outcome the
// model has two inputs: how many words had it, and their information (a
// word's weight over the largest weight in the index, so that the features
// mean the same on a list of a thousand names and on one of a million).
// The listed words left over count the same way. The rest describe the
// names as wholes.
const (
	fBias = iota
	fExactN
	fExactW
	fSoundN // the same word spelt another way (a phonetic key, a romanisation)
	fSoundW
	fNearN // a near word: a typo, a fuzzy match
	fNearW
	fInitialN // a query initial paired with a listed word
	fInitialW
	fJoinedN // words run together on one side, or an acronym
	fJoinedW
	fUnpairedN // query words with no partner
	fUnpairedW
	fSoftN // unpaired query words that often go missing: in parentheses, patronymics, repeated words
	fSoftW
	fUnpairedInitialN // query initials with no partner
	fListedN          // listed words with no partner
	fListedW
	fLost // full query words met only by a listed initial
	// fHeld: the listed name has every word of a query of two words or
	// more, as written or spelt another way (only words that often go
	// missing left over): the queried name is there, whatever else the
	// list adds.
	fHeld
	fWholeJoined     // the same letters with other word breaks
	fGivenConflict   // both given names left unpaired: brothers
	fSon             // the query's given name is the listed father's name
	fOrder           // the share of pairs in another order
	fTitleSame       // the same title on both sides
	fRank            // a rank or office before the name (Colonel, Mullah)
	fLegalSame       // legal forms on both sides (at most 2)
	fLegalOther      // legal forms on one side only (at most 2)
	fCompanyVsPerson // the query has a company's legal form, the listed subject is a person
	fPersonVsCompany // the query has a person's title, the listed subject is not a person
	fWeakAlias       // the listed name is a weak (low-quality) alias
	fFormerName      // … a former name
	fNickname        // … a given name with a one-word alias (Ahmed Godane)
	fScript          // the query was read from another script
	fOneWord         // the query is one word
	// How much of each name the pairs explain, similarity-weighted: the
	// information of paired words over that of all words (soft words
	// apart); and how far the information the pairs carry falls short of
	// half the rarest word's (a common or short name).
	fQueryCover
	fListedCover
	fLowInfo
	// fInfo: the information the pairs carry (capped at 3 rarest words);
	// fExtraAfter2 and fExtraAfter3: the information of unpaired query
	// words when two, or three and more, distinct words matched as the
	// same word — lists and news add fathers' and grandfathers' names to
	// a name, which then says less; fMaxExtra: the rarest unpaired query
	// word; fGap: the pairs' information-weighted dissimilarity.
	fInfo
	fExtraAfter2
	fExtraAfter3
	fMaxExtra
	fGap
	nFeatures
)

// featureNames name the features in the model file and in explanations.
var featureNames = [nFeatures]string{
	fBias: "bias", fExactN: "exact_words", fExactW: "exact_information", fSoundN: "sound_words", fSoundW: "sound_information",
	fNearN: "near_words", fNearW: "near_information", fInitialN: "initials", fInitialW: "initials_information",
	fJoinedN: "joined_words", fJoinedW: "joined_information", fUnpairedN: "unpaired_words", fUnpairedW: "unpaired_information",
	fSoftN: "soft_words", fSoftW: "soft_information", fUnpairedInitialN: "unpaired_initials", fListedN: "extra_listed_words",
	fListedW: "extra_listed_information", fLost: "words_met_by_initials", fHeld: "query_held", fWholeJoined: "whole_name_joined",
	fGivenConflict: "given_name_conflict", fSon: "father_name_as_given", fOrder: "order", fTitleSame: "same_title",
	fRank: "rank_title", fLegalSame: "same_legal_form", fLegalOther: "other_legal_form", fCompanyVsPerson: "company_vs_person",
	fPersonVsCompany: "person_vs_company", fWeakAlias: "weak_alias", fFormerName: "former_name", fNickname: "nickname",
	fScript: "from_script", fOneWord: "one_word", fQueryCover: "query_cover", fListedCover: "listed_cover", fLowInfo: "low_information",
	fInfo: "information", fExtraAfter2: "unpaired_after_2_strong", fExtraAfter3: "unpaired_after_3_strong", fMaxExtra: "rarest_unpaired", fGap: "dissimilarity",
}

// featureSigns constrain the learned weights: + for evidence that the
// names match (more of the same words never lowers a score), − for
// evidence against, 0 where the data decide alone. The trainer keeps each
// weight on its side of zero; without this, inputs that move together
// (words and their information) could take opposite signs that cancel on
// the names seen in training and not on longer ones.
var featureSigns = [nFeatures]int8{
	fExactN: 1, fExactW: 1, fSoundN: 1, fSoundW: 1, fInitialN: 1, fInitialW: 1, fJoinedN: 1, fJoinedW: 1,
	fUnpairedN: -1, fUnpairedW: -1, fSoftN: -1, fSoftW: -1, fUnpairedInitialN: -1, fListedN: -1, fListedW: -1, fLost: -1,
	fHeld: 1, fWholeJoined: 1, fGivenConflict: -1, fSon: -1, fOrder: -1, fTitleSame: 1, fLegalSame: 1, fLegalOther: -1,
	fCompanyVsPerson: -1, fPersonVsCompany: -1, fWeakAlias: -1, fFormerName: -1, fNickname: -1,
	fQueryCover: 1, fListedCover: 1, fLowInfo: -1, fInfo: 1, fExtraAfter2: 1, fExtraAfter3: 1, fMaxExtra: -1, fGap: -1,
}

// FeatureSigns are the signs the weights must keep, in model order.
func FeatureSigns() []int8 { return featureSigns[:] }

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
	count := func(n, w int, weight float32) {
		f[n]++
		f[w] += float64(weight) / top
	}
	var paired, pairedS, listed, listedS, extraQ, extraL, maxExtra, gap float64
	for _, p := range a.pairs[:a.np] {
		s := float64(p.sim)
		paired += float64(p.wq) + float64(p.lost)
		pairedS += s * float64(p.wq)
		listed += float64(p.wl)
		listedS += s * float64(p.wl)
		gap += (1 - s) * float64(p.wq)
		switch {
		case p.kind == pairAcronymAgain:
		case p.kind == pairJoined, p.kind == pairAcronym:
			count(fJoinedN, fJoinedW, p.wq)
		case p.method == names.MethodInitial && a.q[p.q0].Initial():
			count(fInitialN, fInitialW, p.wl)
		case p.method == names.MethodInitial:
			// a full query word met by a listed initial: an initial's
			// worth paired, the rest of the word unexplained
			count(fInitialN, fInitialW, p.wq)
			f[fLost] += float64(p.lost) / top
		case p.method == names.MethodExact:
			count(fExactN, fExactW, p.wq)
		case p.sim >= strongSim:
			count(fSoundN, fSoundW, p.wq)
		default:
			count(fNearN, fNearW, p.wq)
		}
	}
	for i := range a.q {
		if a.usedQ[i] {
			continue
		}
		switch a.qClass[i] {
		case wordPlain:
			count(fUnpairedN, fUnpairedW, a.qw[i])
			extraQ += float64(a.qw[i])
			maxExtra = max(maxExtra, float64(a.qw[i]))
		case wordGivenConflict:
			count(fUnpairedN, fUnpairedW, a.qw[i])
			extraQ += float64(a.qw[i])
			f[fGivenConflict] = 1
		case wordOptional, wordPatronymic:
			count(fSoftN, fSoftW, a.qw[i])
		case wordInitial:
			f[fUnpairedInitialN]++
		}
	}
	for j := range a.l {
		if a.usedL[j] {
			continue
		}
		switch a.lClass[j] {
		case wordPlain, wordOptional:
			count(fListedN, fListedW, a.lw[j])
			extraL += float64(a.lw[j])
		case wordSonGiven:
			count(fListedN, fListedW, a.lw[j])
			extraL += float64(a.lw[j])
			f[fSon] = 1
		}
	}
	if d := paired + extraQ; d > 0 {
		f[fQueryCover] = pairedS / d
	}
	if d := listed + extraL; d > 0 {
		f[fListedCover] = listedS / d
	}
	f[fLowInfo] = max(0, 0.5-pairedS/top)
	f[fInfo] = min(pairedS/top, 3)
	if a.distinctStrong >= 2 {
		f[fExtraAfter2] = extraQ / top
	}
	if a.strongPairs >= 3 || a.distinctStrong >= 2 && (a.allListedPaired() || a.distinctInfo >= 1.2*top) {
		f[fExtraAfter3] = extraQ / top
	}
	f[fMaxExtra] = maxExtra / top
	if paired > 0 {
		f[fGap] = gap / paired
	}
	for _, n := range []int{fExactN, fSoundN, fNearN, fInitialN, fJoinedN, fUnpairedN, fSoftN, fUnpairedInitialN, fListedN} {
		f[n] = min(f[n], 4) // beyond four, one more word says little
	}
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
	} else if a.holdsQuery() {
		f[fHeld] = 1
	}
}

// disorder is the share of pairs of pairs that the two names put in
// opposite orders; a note in parentheses has no place in the order.
func (a *alignment) disorder() float64 {
	n, inv := 0, 0
	ordered := func(p alignedPair) bool {
		return p.kind != pairAcronymAgain && !a.q[p.q0].Optional && !a.l[p.l0].Optional
	}
	for x := 0; x < a.np; x++ {
		for y := x + 1; y < a.np; y++ {
			px, py := a.pairs[x], a.pairs[y]
			if !ordered(px) || !ordered(py) {
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
