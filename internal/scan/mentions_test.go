package scan_test

import (
	"context"
	"slices"
	"testing"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/scan"
)

// mentionCase is a short text, the listed persons it names and those it
// must not be taken for.
type mentionCase struct {
	name, text string
	want, not  []lists.SubjectID
}

func runMentionCases(t *testing.T, cases []mentionCase) {
	t.Helper()
	sc := realScanner(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := sc.Scan(context.Background(), scan.Article{Text: tc.text})
			if err != nil {
				t.Fatal(err)
			}
			var got []lists.SubjectID
			for _, s := range res.Subjects {
				got = append(got, s.ID)
			}
			for _, id := range tc.want {
				if !slices.Contains(got, id) {
					t.Errorf("%s not found; got %v", id, got)
				}
			}
			for _, id := range tc.not {
				if slices.Contains(got, id) {
					t.Errorf("%s found, but the text does not name that person; got %v", id, got)
				}
			}
		})
	}
}

// TestMentionGivenName: the given name of a mention decides between
// relatives who share the other words of their names.
func TestMentionGivenName(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"a brother's given name is not in the listing", "Mohamed Hamdan Dagalo, the paramilitary commander, landed in Nairobi on Monday.",
			nil, []lists.SubjectID{"un:SDi.008", "un:SDi.011"}},
		{"the listed brother himself", "Abdul Rahim Hamdan Dagalo landed in Nairobi on Monday.",
			[]lists.SubjectID{"un:SDi.008"}, []lists.SubjectID{"un:SDi.011"}},
		{"a longer name holding a short alias", "Ali Abdullah Saleh spoke to reporters in Sanaa.",
			nil, []lists.SubjectID{"un:QDi.019"}},
		{"the father, not the son named after him", "Crowds gathered where the late Muammar Gaddafi once pitched his tent.",
			[]lists.SubjectID{"un:LYi.013"}, []lists.SubjectID{"un:LYi.012", "un:LYi.011", "un:LYi.010"}},
		{"the son by his own given name", "Mohammed Gaddafi, the eldest son, gave an interview.",
			[]lists.SubjectID{"un:LYi.012"}, []lists.SubjectID{"un:LYi.013"}},
		{"another son", "Hannibal Gaddafi was released on bail.",
			[]lists.SubjectID{"un:LYi.010"}, []lists.SubjectID{"un:LYi.013", "un:LYi.012"}},
	})
}

// TestMentionRejectionExplained: a relative passed over is reported with
// the reason.
func TestMentionRejectionExplained(t *testing.T) {
	sc := realScanner(t)
	res, err := sc.Scan(context.Background(), scan.Article{Text: "A portrait of Muammar Qadhafi hung in the hall."})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Subjects) != 1 || res.Subjects[0].ID != "un:LYi.013" {
		t.Fatalf("subjects %+v, want LYi.013 alone", res.Subjects)
	}
	i := slices.IndexFunc(res.Subjects[0].Rejected, func(a scan.Alternative) bool { return a.ID == "un:LYi.012" })
	if i < 0 || res.Subjects[0].Rejected[i].Reason == "" {
		t.Errorf("the son is not among the rejected with a reason: %+v", res.Subjects[0].Rejected)
	}
}
