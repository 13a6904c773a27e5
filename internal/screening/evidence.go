package screening

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
)

// Evidence the query supplies beside the name, in log-odds added to the
// name model's. These are not learned (the lists give no queries with
// dates of birth to learn from): they are set so that an exact date of
// birth lifts a fair name match over the threshold and a conflicting one
// drops a good match below it, and are documented in docs/screening.md.
const (
	dobExact       = 2.0
	dobYear        = 1.0
	dobSwapped     = 1.0
	dobApprox      = 0.5
	dobMismatch    = -2.5
	natMatch       = 0.5
	natMismatch    = -1.0
	kindMismatch   = -10.0
	docOtherNumber = -0.5
	titleMatch     = 1.5
	// decisiveScore is the least score of a subject whose document number
	// the query gives.
	decisiveScore = 0.99
)

// evidence compares what the query supplies with the subject's record.
// The kind a name itself suggests (a legal form, a person's title) is a
// feature of the name model, not evidence.
func (ix *Index) evidence(q Query, titles []string, si int32) []Evidence {
	info := ix.info(si)
	var out []Evidence
	if q.DOB == "" && q.Nationality == "" && len(titles) == 0 && q.Kind == "" && q.Document == "" {
		return nil // nothing to compare: the record is not even read
	}
	s := ix.subject(si)
	if q.DOB != "" && len(s.BirthDates) > 0 {
		out = append(out, compareDOB(q.DOB, s.BirthDates))
	}
	if q.Nationality != "" {
		cc := strings.ToUpper(q.Nationality)
		all := append(append([]string{}, s.Nationalities...), s.Citizenships...)
		if len(all) > 0 {
			if slices.Contains(all, cc) {
				out = append(out, Evidence{Kind: "nationality", Outcome: "match", Detail: "nationality " + cc + " is listed", LogOdds: natMatch})
			} else {
				out = append(out, Evidence{Kind: "nationality", Outcome: "mismatch", Detail: fmt.Sprintf("nationality %s; listed: %s", cc, strings.Join(all, ", ")), LogOdds: natMismatch})
			}
		}
	}
	if d := NormalizeDocument(q.Document); d != "" && len(info.docs) > 0 {
		if slices.Contains(info.docs, d) {
			out = append(out, Evidence{Kind: "document", Outcome: "decisive", Detail: "document number " + d + " is listed for this subject"})
		} else {
			out = append(out, Evidence{Kind: "document", Outcome: "mismatch", Detail: "document number " + d + " is not among the listed documents", LogOdds: docOtherNumber})
		}
	}
	if e, ok := titleEvidence(titles, s); ok {
		out = append(out, e)
	}
	if q.Kind != "" && q.Kind != s.Kind {
		out = append(out, Evidence{Kind: "kind", Outcome: "mismatch", Detail: fmt.Sprintf("query is a %s, listed subject is a %s", q.Kind, s.Kind), LogOdds: kindMismatch})
	}
	return out
}

// titleEvidence finds a rank or office of the query (President, General,
// Mullah) among the words of the subject's listed titles and designations
// ("President of the Republic of Zimbabwe"): of two namesakes, the one
// who holds the office the query names ranks first.
func titleEvidence(titles []string, s *lists.Subject) (Evidence, bool) {
	for _, t := range titles {
		if !names.IsRankTitle(t) {
			continue
		}
		key := names.Key(names.TitleWord(t))
		for _, d := range slices.Concat(s.Titles, s.Designations) {
			for _, w := range strings.Fields(names.Fold(d)) {
				if len(w) >= 3 && names.Key(w) == key {
					return Evidence{Kind: "title", Outcome: "match", Detail: fmt.Sprintf("title %q is in the listed %q", t, d), LogOdds: titleMatch}, true
				}
			}
		}
	}
	return Evidence{}, false
}

// compareDOB grades a queried date of birth against the listed ones and
// keeps the best outcome.
func compareDOB(query string, listed []lists.BirthDate) Evidence {
	qy, qm, qd := splitDate(query)
	best := Evidence{Kind: "dob", Outcome: "mismatch", Detail: "date of birth " + query + " matches none listed", LogOdds: dobMismatch}
	rank := map[string]int{"mismatch": 0, "info": 1, "partial": 2, "match": 3}
	consider := func(e Evidence) {
		if rank[e.Outcome] > rank[best.Outcome] || (rank[e.Outcome] == rank[best.Outcome] && e.LogOdds > best.LogOdds) {
			best = e
		}
	}
	for _, b := range listed {
		switch b.Precision {
		case lists.PrecisionRange:
			if qy >= b.FromYear && qy <= b.ToYear {
				consider(Evidence{Kind: "dob", Outcome: "partial", Detail: fmt.Sprintf("year %d within listed range %d–%d", qy, b.FromYear, b.ToYear), LogOdds: dobYear})
			}
		case lists.PrecisionUnkown:
			consider(Evidence{Kind: "dob", Outcome: "info", Detail: "listed date of birth is not a date: " + b.Text})
		default:
			ly, lm, ld := splitDate(b.Date)
			slack := 0
			if b.Approximate {
				slack = 2
			}
			switch {
			case ly == qy && lm == qm && ld == qd && qd != 0:
				consider(Evidence{Kind: "dob", Outcome: "match", Detail: "date of birth " + b.Date + " matches", LogOdds: dobExact})
			case ly == qy && ld != 0 && qd != 0 && lm == qd && ld == qm:
				consider(Evidence{Kind: "dob", Outcome: "partial", Detail: "day and month swapped: listed " + b.Date, LogOdds: dobSwapped})
			case ly == qy && (qm == 0 || lm == 0 || lm == qm):
				consider(Evidence{Kind: "dob", Outcome: "partial", Detail: fmt.Sprintf("year %d matches (listed %s)", ly, b.Date), LogOdds: dobYear})
			case abs(ly-qy) <= slack:
				consider(Evidence{Kind: "dob", Outcome: "partial", Detail: fmt.Sprintf("year %d within the approximate listed year %d", qy, ly), LogOdds: dobApprox})
			case ly == qy:
				consider(Evidence{Kind: "dob", Outcome: "partial", Detail: fmt.Sprintf("same year, other day (listed %s)", b.Date), LogOdds: 0})
			}
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func splitDate(s string) (y, m, d int) {
	parts := strings.Split(s, "-")
	if len(parts) > 0 {
		y, _ = strconv.Atoi(parts[0])
	}
	if len(parts) > 1 {
		m, _ = strconv.Atoi(parts[1])
	}
	if len(parts) > 2 {
		d, _ = strconv.Atoi(parts[2])
	}
	return
}
