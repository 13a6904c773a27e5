package screening

import (
	"sync/atomic"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
)

// Comparison is the score of one pair of names, with its explanation.
type Comparison struct {
	NameA       string      `json:"name_a"`
	NameB       string      `json:"name_b"`
	Score       float64     `json:"score"`
	Explanation Explanation `json:"explanation"`
}

// Compare scores name a (as a query) against name b (as a listed name),
// with the token weights of this index; an empty index weighs every token
// alike. kind, when set, applies to both names.
func (ix *Index) Compare(a, b string, kind lists.Kind) Comparison {
	pb := names.Parse(b)
	subj := &lists.Subject{ID: "pair:b", Kind: kind, Names: []lists.Name{{Full: b, Role: lists.RolePrimary}}}
	if kind == "" {
		subj.Kind = lists.KindPerson
		if len(pb.LegalForms) > 0 {
			subj.Kind = lists.KindOrganization
		}
	}
	tmp := &Index{subjects: []subjectInfo{{id: subj.ID, source: subj.Source, kind: subj.Kind}}, records: make([]atomic.Pointer[lists.Subject], 1), idfKeys: ix.idfKeys, idf: ix.idf, maxIDF: ix.maxIDF, model: ix.model}
	tmp.records[0].Store(subj)
	if tmp.maxIDF == 0 {
		tmp.maxIDF = 1
	}
	e := entry{subject: 0, name: 0, role: lists.RolePrimary, person: subj.Kind == lists.KindPerson, parsed: pb, joinKey: names.Key(pb.Joined()), joined: pb.Joined()}
	e.weights = make([]float32, len(pb.Tokens))
	for i, t := range pb.Tokens {
		e.weights[i] = tmp.weight(t)
	}
	qp := names.Parse(a)
	if len(qp.Tokens) > maxTokens {
		qp.Tokens = qp.Tokens[:maxTokens]
	}
	qw := make([]float32, len(qp.Tokens))
	for i, t := range qp.Tokens {
		qw[i] = tmp.weight(t)
	}
	q := Query{Name: a, Kind: kind}
	_, m := tmp.score(q, &qp, qw, names.Key(qp.Joined()), &e, true)
	return Comparison{NameA: a, NameB: b, Score: m.Score, Explanation: m.Explanation}
}
