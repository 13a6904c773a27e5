package screening

import (
	"math"
	"slices"
	"strings"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
)

// FeatureEffect is one input of the name model and what it did: its value
// and its effect on the log-odds (weight × value).
type FeatureEffect struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Effect float64 `json:"effect"`
}

// explain writes the explanation of an alignment: the pairs as found, the
// words left over, and the model's inputs that count.
func (ix *Index) explain(a *alignment, qp *names.Parsed, e *entry, f *features, subj *lists.Subject) Explanation {
	ex := Explanation{MatchedName: subj.Names[e.name].Full, MatchedRole: e.role, Method: "tokens", QueryTitles: qp.Titles,
		Pairs: []TokenPair{}, UnmatchedQuery: []string{}, UnmatchedListed: []string{}}
	switch {
	case e.nickname != "":
		// AHMED GODANE: the primary name's given name and the alias
		given := e.parsed.Tokens[:len(e.parsed.Tokens)-1]
		ex.MatchedName, ex.Method = strings.ToUpper(tokenTexts(given))+" "+strings.Trim(e.nickname, `"“”`), "nickname"
	case a.wholeJoined:
		ex.Method = "joined"
	}
	for _, p := range a.pairs[:a.np] {
		tp := TokenPair{Query: tokenTexts(a.q[p.q0:p.q1]), Listed: tokenTexts(a.l[p.l0:p.l1]), Similarity: round(float64(p.sim)), Weight: round(float64(p.wq))}
		switch p.kind {
		case pairJoined:
			tp.Method = "joined"
		case pairAcronym, pairAcronymAgain:
			tp.Method = "acronym"
		default:
			tp.Method = p.method.String()
			tp.Weight = round(float64(a.qw[p.q0]))
		}
		ex.Pairs = append(ex.Pairs, tp)
	}
	for i, t := range a.q {
		switch {
		case a.usedQ[i]:
		case a.qClass[i] == wordParticleInitial:
			ex.Pairs = append(ex.Pairs, TokenPair{Query: t.Text, Method: "particle initial"})
		default:
			ex.UnmatchedQuery = append(ex.UnmatchedQuery, t.Text)
		}
	}
	for j, t := range a.l {
		switch {
		case a.usedL[j]:
		case a.lClass[j] == wordCoveredByInitial:
			ex.Pairs = append(ex.Pairs, TokenPair{Listed: t.Text, Method: "covered by initial"})
		default:
			ex.UnmatchedListed = append(ex.UnmatchedListed, t.Text)
		}
	}
	if a.titleSame {
		ex.Pairs = append(ex.Pairs, TokenPair{Query: a.titleQ, Listed: a.titleL, Similarity: 1, Method: "title"})
	}
	for _, lf := range qp.LegalForms {
		if slices.Contains(e.parsed.LegalForms, lf) {
			ex.Pairs = append(ex.Pairs, TokenPair{Query: lf, Listed: lf, Similarity: 1, Method: "legal form"})
		}
	}
	for i, v := range f {
		if v == 0 {
			continue
		}
		ex.Features = append(ex.Features, FeatureEffect{Name: featureNames[i], Value: round(v), Effect: round(ix.model.w[i] * v)})
	}
	slices.SortStableFunc(ex.Features, func(x, y FeatureEffect) int {
		return -cmpFloat(math.Abs(x.Effect), math.Abs(y.Effect))
	})
	return ex
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
