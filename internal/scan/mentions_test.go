package scan_test

import (
	"context"
	"slices"
	"testing"
	"time"

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
		{"the father in Arabic script, an ayn inside his name", "قال معمر القذافي إن الثورة مستمرة.",
			[]lists.SubjectID{"un:LYi.013"}, []lists.SubjectID{"un:LYi.012"}},
		{"the son by his own given name", "Mohammed Gaddafi, the eldest son, gave an interview.",
			[]lists.SubjectID{"un:LYi.012"}, []lists.SubjectID{"un:LYi.013"}},
		{"another son", "Hannibal Gaddafi was released on bail.",
			[]lists.SubjectID{"un:LYi.010"}, []lists.SubjectID{"un:LYi.013", "un:LYi.012"}},
	})
}

// TestMentionRejectionExplained: the father is found, and a namesake
// passed over is reported with the reason.
func TestMentionRejectionExplained(t *testing.T) {
	sc := realScanner(t)
	res, err := sc.Scan(context.Background(), scan.Article{Text: "A portrait of Muammar Qadhafi hung in the hall."})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Subjects) != 1 || res.Subjects[0].ID != "un:LYi.013" {
		t.Fatalf("subjects %+v, want LYi.013 alone", res.Subjects)
	}
	for _, r := range res.Subjects[0].Rejected {
		if r.Reason == "" {
			t.Errorf("%s rejected without a reason", r.ID)
		}
	}
}

// TestMentionOneWordAndOrganisations: a listed one-word alias of low
// quality, or a common word, is no mention of its own; organisations are
// reported apart from persons.
func TestMentionOneWordAndOrganisations(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"a weak one-word alias", "John said the Muslim community in Tbilisi was worried.",
			nil, []lists.SubjectID{"un:QDi.406"}},
		{"a title and a common name", "Sheik Omar led the prayers in the village.",
			nil, []lists.SubjectID{"un:QDi.247"}},
		{"the alias in full still counts", "Abu-Muslim Al-Shishani was seen near Idlib.",
			[]lists.SubjectID{"un:QDi.406"}, nil},
	})
	sc := realScanner(t)
	res, err := sc.Scan(context.Background(), scan.Article{Text: "Al-Shabaab fighters attacked a base; Al-Qaida praised the attack."})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Subjects) != 0 {
		t.Errorf("organisations reported as persons: %+v", res.Subjects)
	}
	var orgs []lists.SubjectID
	for _, o := range res.Organisations {
		orgs = append(orgs, o.ID)
	}
	for _, id := range []lists.SubjectID{"un:SOe.001", "un:QDe.004"} {
		if !slices.Contains(orgs, id) {
			t.Errorf("organisation %s not reported; got %v", id, orgs)
		}
	}
}

// TestMentionNameBoundaries: a short connecting word inside a name (the
// Tuareg "ag") belongs to it, even beside a name that is also a place; a
// mention that goes on with a name the listing lacks is someone else's.
func TestMentionNameBoundaries(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"ag between a given name and a place-like family name", "Les services ont localisé Iyad Ag Ghali près de la frontière.",
			[]lists.SubjectID{"un:QDi.316"}, nil},
		{"the UN record before another list's that shares a word more with the text", "Iyad Ag Ghali was seen near Kidal.",
			[]lists.SubjectID{"un:QDi.316"}, nil},
		{"a longer name going on after the shared words", "Le conseil a sanctionné Mohamed Ousmane Ag Mohamedoune en 2018.",
			nil, []lists.SubjectID{"un:QDi.031"}},
		{"a hyphenated rank before the name is no name", "The sector commander Lieutenant-General Gabriel Jok Riak attended.",
			[]lists.SubjectID{"un:SSi.001"}, nil},
	})
}

// TestMentionScripts: names in other languages' spellings and scripts.
func TestMentionScripts(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"Italian spelling of a family name", "Il figlio del colonnello, Saadi Gheddafi, è arrivato a Istanbul.",
			[]lists.SubjectID{"un:LYi.015"}, []lists.SubjectID{"un:LYi.013"}},
		{"Korean name whole in Hangul", "조용원 비서가 베이징에 도착했다.",
			[]lists.SubjectID{"un:KPi.043"}, nil},
		{"a Korean word sharing two syllables of a name", "여러 정상이 회의장에 도착했다.",
			nil, []lists.SubjectID{"un:KPi.056", "un:KPi.057"}},
		{"Abd al-Malik in two Arabic words, the second also a title", "قال زعيم الجماعة، عبد الملك الحوثي، إن المفاوضات مستمرة.",
			[]lists.SubjectID{"un:YEi.004"}, nil},
		{"Persian given names written as one word before the family name", "هیأتی به ریاست شیرمحمدعباس استانکزی به تهران رفت.",
			[]lists.SubjectID{"un:TAi.067"}, nil},
		{"a joined given name standing alone is not taken apart", "محمدنعیم، سخنگوی دفتر، گفت که هیأت رفته است.",
			nil, []lists.SubjectID{"un:TAi.013"}},
		{"a Korean name in Russian letters", "Лидера сопровождает маршал Ри Пхен Чхоль. Также в поезде были чиновники.",
			[]lists.SubjectID{"un:KPi.076"}, nil},
		{"a Korean name in Russian, in the genitive, not listed", "Встреча Владимира Путина и Ким Чен Ына прошла во Владивостоке.",
			nil, []lists.SubjectID{"un:KPi.023"}},
		{"German s for the list's z", "Der Terroristenführer Ayman al-Sawahiri soll sich lange in Kabul aufgehalten haben.",
			[]lists.SubjectID{"un:QDi.006"}, nil},
		{"a name glossed in Latin letters without a space", "代表团由塔利班政治办主任斯坦纳柴(AbbasStanakzai)率领。",
			[]lists.SubjectID{"un:TAi.067"}, nil},
		{"Russian v for a silent w of the list", "На встречу приедут Шахабуддин Делавар и другие.",
			[]lists.SubjectID{"un:TAi.113"}, nil},
	})
}

// TestMentionNearMisses: names a letter or an order away from a listed
// name are other people.
func TestMentionNearMisses(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"two inner names of a longer listed name, swapped", "The spokesman Musa Ibrahim denied the report.",
			nil, []lists.SubjectID{"un:SDi.010"}},
		{"a given name without its first vowel", "The party leader Braima Camará came back to Bissau.",
			nil, []lists.SubjectID{"un:GBi.001"}},
		{"Abd al-Mahdi is not Abdallah and Mahdi", "El primer ministro Adel Abdelmahdi habló ante el Parlamento.",
			nil, []lists.SubjectID{"un:IQi.052"}},
		{"the listed Iraqi in his own compound", "Adil Abdallah Mahdi was seen in Amman.",
			[]lists.SubjectID{"un:IQi.052"}, nil},
		{"the listed officer himself", "The air force chief Ibraima Camará came back to Bissau.",
			[]lists.SubjectID{"un:GBi.001"}, nil},
	})
}

// TestMentionTitledSurname: a rank before a family name alone names the
// listed person of that name, unless the article gives the name to
// someone unlisted or the lists hold several such persons.
func TestMentionTitledSurname(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"a mullah by his family name", "Mullah Baradar arrived in Moscow on Tuesday.",
			[]lists.SubjectID{"un:TAi.024"}, nil},
		{"not a namesake spelt otherwise", "General Soleimani visited Moscow last week.",
			nil, []lists.SubjectID{"un:IRi.040"}},
		{"the family name belongs to an unlisted man named in full", "Husain Haqqani, the envoy, spoke in Washington. Ambassador Haqqani left on Friday.",
			nil, []lists.SubjectID{"un:TAi.144", "un:TAi.040", "un:TAi.150", "un:TAi.146", "un:TAi.169"}},
		{"many listed persons of that family name", "General Haqqani inspected the troops.",
			nil, []lists.SubjectID{"un:TAi.144", "un:TAi.040", "un:TAi.150", "un:TAi.146", "un:TAi.169"}},
	})
}

// TestMentionStatedAge: an age the article gives that the listed year of
// birth cannot give is another person; one that fits is a reason more.
func TestMentionStatedAge(t *testing.T) {
	sc := realScanner(t)
	pub := time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		text  string
		id    lists.SubjectID
		found bool
	}{
		{"Ri Su Yong, 84, arrived in Havana on Monday.", "un:KPi.052", false},
		{"Ri Su Yong, 51, arrived in Havana on Monday.", "un:KPi.052", true},
		{"The 62-year-old Iyad Ag Ghali was seen near Kidal.", "un:QDi.316", true},
		{"Der 30-jährige Iyad Ag Ghali wurde gesehen.", "un:QDi.316", false},
		{"Ri Su Yong arrived in Havana on Monday.", "un:KPi.052", true},
	} {
		res, err := sc.Scan(context.Background(), scan.Article{Text: tc.text, Published: &pub})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(res.Subjects, func(s scan.SubjectReport) bool { return s.ID == tc.id })
		if (i >= 0) != tc.found {
			t.Errorf("%q: %s found %v, want %v", tc.text, tc.id, i >= 0, tc.found)
		}
	}
}
