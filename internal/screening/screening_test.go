package screening

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
)

func subject(id, kind string, names ...string) *lists.Subject {
	src, ref, _ := strings.Cut(id, ":")
	s := &lists.Subject{ID: lists.SubjectID(id), Source: lists.Source(src), SourceID: ref, Kind: lists.Kind(kind)}
	for i, n := range names {
		role := lists.RoleStrongAlias
		if i == 0 {
			role = lists.RolePrimary
		}
		s.Names = append(s.Names, lists.Name{Full: n, Role: role})
	}
	return s
}

// namesakes are n persons whose names share the words of format and differ
// in the word put for %s (a distinct made-up word from stem), so that the
// shared words are common in the index.
func namesakes(idPrefix string, n int, format, stem string) []*lists.Subject {
	out := make([]*lists.Subject, n)
	for i := range n {
		word := strings.Repeat(stem[:1], i%9+1) + stem + strings.Repeat("x", i/9)
		out[i] = subject(fmt.Sprintf("%s%d", idPrefix, i), "person", fmt.Sprintf(format, word))
	}
	return out
}

// wantFirst checks that query ranks want first at the default threshold.
func wantFirst(t *testing.T, ix *Index, query string, want lists.SubjectID) {
	t.Helper()
	if got := ix.Screen(Query{Name: query}); len(got) == 0 || got[0].ID != want {
		t.Errorf("%s: got %v, want %s first", query, got, want)
	}
}

// wantRankedFirst checks that query ranks want first among all candidates,
// whatever their scores.
func wantRankedFirst(t *testing.T, ix *Index, query string, want lists.SubjectID) {
	t.Helper()
	if got := ix.Screen(Query{Name: query, Threshold: -1}); len(got) == 0 || got[0].ID != want {
		t.Errorf("%s: got %v, want %s first", query, got, want)
	}
}

func fixtureIndex() *Index {
	qs := subject("un:IRi.039", "person", "QASEM SOLEIMANI", "Qasim Soleimani", "Kasim Sulaimani")
	qs.BirthDates = []lists.BirthDate{{Date: "1957-03-11", Precision: lists.PrecisionDay}}
	qs.Documents = []lists.Document{{Type: "Passport", Number: "008827"}}
	qs.Nationalities = []string{"IR"}
	gs := subject("un:IRi.040", "person", "GHASEM SOLEYMANI", "Ghasem Soleymani")
	gs.BirthDates = []lists.BirthDate{{Precision: lists.PrecisionRange, FromYear: 1955, ToYear: 1960}}
	subs := []*lists.Subject{
		qs, gs,
		subject("un:QDi.006", "person", "AIMAN MUHAMMED RABI AL-ZAWAHIRI", "Ayman al-Zawahiri", "أيمن الظواهري"),
		subject("un:QDe.004", "organization", "AL-QAIDA", "The Base", "القاعدة"),
		subject("ofac:1", "person", "AHMADI, Mohammad"),
		subject("ofac:2", "organization", "BANK MELLI IRAN"),
		subject("ofac:3", "person", "ABD AL-RAHMAN, Abdullah Muhammad Rajab"),
		subject("ofac:4", "person", "RI, Jae Il"),
		subject("ofac:5", "organization", "AL-AQSA"),
	}
	// Common names, so that IDF has something to say (and so many RIs
	// that the surname alone finds no candidate).
	for i := range 450 {
		subs = append(subs, subject("ofac:ri"+strings.Repeat("x", i), "person", "RI, Chol "+strings.Repeat("k", i%5+1)+"um"))
	}
	for i := range 40 {
		subs = append(subs, subject("ofac:"+string(rune('a'+i%26))+strings.Repeat("x", i/26), "person", "MOHAMMAD "+strings.Repeat("Z", i%7+1)+"ADEH"))
	}
	return Build(subs, nil)
}

func TestScreenRanking(t *testing.T) {
	ix := fixtureIndex()
	tests := []struct {
		name, query string
		want        lists.SubjectID // "" means no match at the default threshold
	}{
		{"exact", "Qasem Soleimani", "un:IRi.039"},
		{"spelling", "Qassem Suleimani", "un:IRi.039"},
		{"order", "SOLEIMANI, Qasem", "un:IRi.039"},
		{"title", "Major General Qassem Soleimani", "un:IRi.039"},
		{"arabic script", "أيمن الظواهري", "un:QDi.006"},
		{"article and spelling", "Ayman el-Zawahri", "un:QDi.006"},
		{"abd compound", "Abdullah Abdulrahman", "ofac:3"},
		{"organisation", "Bank Melli Iran PLC", "ofac:2"},
		{"words run together", "RI Jaeil", "ofac:4"},
		{"article joined", "ALAQSA", "ofac:5"},
		{"shares one surname", "Mohammad Soleimani", ""},
		{"shares one given name", "Qasem Ahmadi", ""},
		{"unrelated", "John Smith", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ix.Screen(Query{Name: tt.query})
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("%q matched %s (%.3f), want no match", tt.query, got[0].ID, got[0].Score)
			case tt.want != "" && len(got) == 0:
				t.Errorf("%q matched nothing, want %s", tt.query, tt.want)
			case tt.want != "" && got[0].ID != tt.want:
				t.Errorf("%q ranked %s first, want %s", tt.query, got[0].ID, tt.want)
			}
		})
	}
}

func TestEvidence(t *testing.T) {
	ix := fixtureIndex()
	score := func(q Query) (float64, Explanation) {
		q.Threshold = -1
		for _, m := range ix.Screen(q) {
			if m.ID == "un:IRi.039" {
				return m.Score, m.Explanation
			}
		}
		t.Fatalf("IRi.039 not a candidate for %+v", q)
		return 0, Explanation{}
	}
	base, _ := score(Query{Name: "Qasem Soleimani"})
	tests := []struct {
		name    string
		q       Query
		outcome string
		cmp     func(s float64) bool
	}{
		{"exact dob", Query{DOB: "1957-03-11"}, "match", func(s float64) bool { return s >= base }},
		{"swapped dob", Query{DOB: "1957-11-03"}, "partial", func(s float64) bool { return s >= base }},
		{"year only", Query{DOB: "1957"}, "partial", func(s float64) bool { return s >= base }},
		{"wrong dob", Query{DOB: "1980-01-01"}, "mismatch", func(s float64) bool { return s < base }},
		{"nationality", Query{Nationality: "IR"}, "match", func(s float64) bool { return s >= base }},
		{"other nationality", Query{Nationality: "FR"}, "mismatch", func(s float64) bool { return s < base }},
		{"document", Query{Document: "00-8827"}, "decisive", func(s float64) bool { return s >= 0.99 }},
		{"kind", Query{Kind: lists.KindOrganization}, "mismatch", func(s float64) bool { return s < base-0.2 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			q.Name = "Qasem Soleimani"
			s, ex := score(q)
			if !tt.cmp(s) {
				t.Errorf("score %.3f against base %.3f", s, base)
			}
			if len(ex.Adjustments) == 0 || ex.Adjustments[len(ex.Adjustments)-1].Outcome != tt.outcome {
				t.Errorf("adjustments = %+v, want outcome %s", ex.Adjustments, tt.outcome)
			}
		})
	}
	// A document number alone finds its subject even under a poor name.
	got := ix.Screen(Query{Name: "Q. S.", Document: "008827"})
	if len(got) == 0 || got[0].ID != "un:IRi.039" {
		t.Errorf("document screening = %+v", got)
	}
}

func TestExplanation(t *testing.T) {
	got := fixtureIndex().Screen(Query{Name: "Gen. Qassem Soleimani Khan", Threshold: -1})
	if len(got) == 0 {
		t.Fatal("no match")
	}
	ex := got[0].Explanation
	if len(ex.Pairs) != 2 || ex.UnmatchedQuery[0] != "khan" || ex.QueryTitles[0] != "gen" || ex.Score != got[0].Score {
		t.Errorf("explanation = %+v", ex)
	}
}

func TestSourcesFilterAndAlternatives(t *testing.T) {
	ix := fixtureIndex()
	if got := ix.Screen(Query{Name: "Qasem Soleimani", Sources: []lists.Source{lists.SourceOFAC}}); len(got) != 0 {
		t.Errorf("OFAC-only screening found %v", got)
	}
	got := ix.Screen(Query{Name: "Nobody Known; Bank Melli Iran"})
	if len(got) == 0 || got[0].ID != "ofac:2" {
		t.Errorf("alternative names: %v", got)
	}
}

func TestCompare(t *testing.T) {
	ix := Build(nil, nil)
	tests := []struct {
		a, b string
		min  float64
		max  float64
	}{
		{"Abdul Rahman", "Abd al-Rahman", 0.99, 1},
		{"Qassem Soleimani", "SOLEIMANI, Qasem", 0.93, 1},
		{"Qasem Ahmadi", "Qasem Soleimani", 0, 0.6},
		// the glide written i in one spelling and y in the script
		{"يحيى حقانی", "HAQQANI, Yahia", 0.94, 1},
		// a Persian compound written as one word
		{"محمدرضا نقدی", "MOHAMMAD REZA NAQDI", 0.9, 1},
		// the article assimilated to a sun letter
		{"زكريا الصبار", "ESSABAR, Zakarya", 0.94, 1},
		{"Abdul Rahman", "ARRAHMAN, Abdul", 0.94, 1},
		// words run together over a dropped article, or with a typo
		{"JAMAATULAHRAR (JuA)", "JAMAAT-UL-AHRAR (JuA)", 0.94, 1},
		{"YAHIA ABALLAH AL-UBAIDI", "YAHIA ABDALLAH AL-UBAIDI", 0.94, 1},
		// an article or bin joined to a short or long word
		{"BEIT ELMAL HOLDINGS", "BEIT EL-MAL HOLDINGS", 0.94, 1},
		{"QUWAYDIR, Muhammed BinMuhammed Faris", "QUWAYDIR, Muhammed Bin-Muhammed Faris", 0.94, 1},
		// a legal form written out, or misspelt
		{"LLC FOREIGN ECONOMIC ASSOCIATION TECHNOPROMEXPORT", "LIMITED LIABILITY COMPANY FOREIGN ECONOMIC ASSOCIATION TECHNOPROMEXPORT", 0.99, 1},
		// an organisation's words with other English endings, not a person's
		{"TUNISIAN COMBAT GROUP", "TUNISIAN COMBATANT GROUP", 0.94, 1},
		{"Hassan Karim", "KARIMIAN, Hassan", 0, 0.9},
		// an acronym against the words it abbreviates, either way
		{"Islamic State in Iraq and the Levant Khorasan", "ISIL KHORASAN", 0.94, 1},
		{"ISIL Khorasan", "ISLAMIC STATE IN IRAQ AND THE LEVANT - KHORASAN", 0.94, 1},
		{"ISLAMIC STATE IN IRAQ AND THE LEVANT - KHORASAN (ISIL-K)", "ISIL KHORASAN", 0.99, 1},
		{"Iraq Levant Khorasan", "ISIL KHORASAN", 0, 0.6}, // not every initial
		// a note in parentheses after a name that matched
		{"HANIFA MONEY EXCHANGE OFFICE (BRANCH LOCATED IN ALBU KAMAL, SYRIAN ARAB REPUBLIC)", "HANIFA MONEY EXCHANGE OFFICE", 0.94, 1},
	}
	for _, tt := range tests {
		// bounds are read against the model's threshold: 0.94 and above
		// must alert, 0.6 and under must not
		lo, hi := tt.min, tt.max
		if lo >= 0.9 {
			lo = DefaultThreshold
		}
		if hi <= 0.9 {
			hi = DefaultThreshold
		}
		if c := ix.Compare(tt.a, tt.b, ""); c.Score < lo || c.Score >= hi && hi < 1 {
			t.Errorf("Compare(%q, %q) = %.3f, want in [%.2f, %.2f]", tt.a, tt.b, c.Score, tt.min, tt.max)
		}
	}
}

func TestBatch(t *testing.T) {
	ix := fixtureIndex()
	in := "name,dob,nationality\nQasem Soleimani,1957-03-11,IR\n,1990,\nKasim Sulaimani,1957-13-45,\nJohn Smith,,\nBank Melli Iran,,Iran\n\"broken,\n"
	var out bytes.Buffer
	w, _ := NewWriter(&out, "tsv")
	var errLines []int
	stats, err := RunBatch(context.Background(), NewRowReader(strings.NewReader(in), Query{}), fixtureIndex().Screen, func(r BatchResult) error {
		if r.Row.Err != nil {
			errLines = append(errLines, r.Row.Line)
		}
		return w.Write(r)
	}, nil)
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	_ = ix
	if stats.Rows != 6 || stats.Errors != 2 || stats.Flagged != 2 {
		t.Errorf("stats = %+v", stats)
	}
	if len(errLines) < 2 || errLines[0] != 3 || errLines[1] != 4 {
		t.Errorf("error lines = %v, want 3, 4, …", errLines)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if lines[0] != "query\tid\tscore\terror" || !strings.HasPrefix(lines[1], "Qasem Soleimani\tun:IRi.039\t") ||
		!strings.HasPrefix(lines[len(lines)-2], "John Smith\t\t") && !strings.Contains(out.String(), "John Smith\t\t") {
		t.Errorf("output:\n%s", out.String())
	}
	// order is kept
	if strings.Index(out.String(), "John Smith") > strings.Index(out.String(), "Bank Melli") {
		t.Error("output order differs from input order")
	}
}

// TestBatchSurvivesAPanic: a row whose screening panics is reported with
// its line, and the rows after it are still screened.
func TestBatchSurvivesAPanic(t *testing.T) {
	screen := func(q Query) []Match {
		if q.Name == "boom" {
			panic("boom")
		}
		return []Match{{ID: "un:X.1", Score: 1}}
	}
	var lines []int
	var failed []string
	stats, err := RunBatch(context.Background(), NewRowReader(strings.NewReader("a\nboom\nb\n"), Query{}), screen, func(r BatchResult) error {
		lines = append(lines, r.Row.Line)
		if r.Row.Err != nil {
			failed = append(failed, fmt.Sprint(r.Row.Line, ": ", r.Row.Err))
		}
		return nil
	}, nil)
	if err != nil || stats.Rows != 3 || stats.Errors != 1 || len(failed) != 1 || !strings.HasPrefix(failed[0], "2: ") {
		t.Errorf("stats %+v, err %v, failed %q, lines %v", stats, err, failed, lines)
	}
}

func TestBatchPlainAndOrder(t *testing.T) {
	var in strings.Builder
	for i := range 5000 {
		if i%2 == 0 {
			in.WriteString("Qasem Soleimani\n")
		} else {
			in.WriteString("Bank Melli Iran\n")
		}
	}
	ix := fixtureIndex()
	i := 0
	_, err := RunBatch(context.Background(), NewRowReader(strings.NewReader(in.String()), Query{}), ix.Screen, func(r BatchResult) error {
		want := lists.SubjectID("un:IRi.039")
		if i%2 == 1 {
			want = "ofac:2"
		}
		if r.Row.Line != i+1 || len(r.Matches) == 0 || r.Matches[0].ID != want {
			t.Fatalf("row %d: line %d, matches %v", i, r.Row.Line, r.Matches)
		}
		i++
		return nil
	}, nil)
	if err != nil || i != 5000 {
		t.Fatalf("%d rows, err %v", i, err)
	}
}

func TestValidateDate(t *testing.T) {
	for _, ok := range []string{"", "1957", "1957-03", "1957-03-11"} {
		if ValidateDate(ok) != nil {
			t.Errorf("%q rejected", ok)
		}
	}
	for _, bad := range []string{"57", "1957-13", "1957-02-30", "yesterday", "1957-3-1"} {
		if ValidateDate(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzScreen(f *testing.F) {
	ix := fixtureIndex()
	f.Add("Qasem Soleimani", "1957")
	f.Add("قاسم", "x")
	f.Add(strings.Repeat("a ", 40), "")
	f.Add(strings.Repeat("Abdul Karim ", 10)+"Zahir", "")
	f.Fuzz(func(t *testing.T, name, dob string) {
		for _, m := range ix.Screen(Query{Name: name, DOB: dob, Threshold: -1}) {
			if m.Score < 0 || m.Score > 1 {
				t.Fatalf("score %v out of range for %q", m.Score, name)
			}
		}
		// the name as listed on two lists: counterparts compare listed
		// names with each other, whatever their length
		un, of := subject("un:X.1", "person", name), subject("ofac:1", "person", name)
		un.Nationalities, of.Nationalities = []string{"IR"}, []string{"IR"}
		small := Build([]*lists.Subject{un, of}, nil)
		small.Screen(Query{Name: name, Threshold: -1})
		small.Counterparts(un)
	})
}

// TestTitleNamesAPerson: a title a person bears counts against companies
// and vessels; an honorific that businesses carry does not.
func TestTitleNamesAPerson(t *testing.T) {
	ix := Build([]*lists.Subject{
		subject("ofac:6", "organization", "FELIX B. MADURO S.A."),
		subject("ofac:7", "person", "MADURO MOROS, Nicolas"),
		subject("ofac:8", "organization", "HAJI KHAIRULLAH MONEY EXCHANGE"),
	}, nil)
	wantRankedFirst(t, ix, "President Maduro", "ofac:7")
	got := ix.Screen(Query{Name: "Haji Khairullah Money Exchange"})
	if len(got) == 0 || got[0].ID != "ofac:8" {
		t.Errorf("a business named after a Haji was not found: %+v", got)
	}
}

// TestExtraWordsAfterRareMatches: a UN name with father's names against a
// short OFAC name. Two rare words matched make common extra words cheap;
// one rare word matched twice does not.
func TestExtraWordsAfterRareMatches(t *testing.T) {
	var subs []*lists.Subject
	for i := range 20 {
		subs = append(subs, subject(fmt.Sprintf("ofac:%d", i), "person", fmt.Sprintf("ALI MUHAMMAD %s", strings.Repeat("q", i%9+1)+"zar"),
			fmt.Sprintf("HASSAN KHAN %s", strings.Repeat("w", i%9+1)+"ab")))
	}
	subs = append(subs, subject("ofac:mati", "person", "UR-REHMAN, Mati"), subject("ofac:inz", "person", "INZUNZA INZUNZA, Gonzalo"))
	ix := Build(subs, nil)
	if c := ix.Compare("MATI UR-REHMAN ALI MUHAMMAD", "UR-REHMAN, Mati", lists.KindPerson); c.Score < DefaultThreshold {
		t.Errorf("long UN name against the short one: %.3f, want ≥ %.2f", c.Score, DefaultThreshold)
	}
	if c := ix.Compare("Eduardo Inzunza Inzunza", "INZUNZA INZUNZA, Gonzalo", lists.KindPerson); c.Score >= DefaultThreshold {
		t.Errorf("one surname written twice: %.3f, want < %.2f", c.Score, DefaultThreshold)
	}
}

// TestInitialsChooseCandidates: among more namesakes than are scored in
// full, the initials pick the right ones.
func TestInitialsChooseCandidates(t *testing.T) {
	var subs []*lists.Subject
	for i := range 200 {
		subs = append(subs, subject(fmt.Sprintf("ofac:%d", i), "person", fmt.Sprintf("EL HASSAN, %s %s", strings.Repeat("b", i%7+1)+"ashir", strings.Repeat("k", i%5+1)+"amal")))
	}
	subs = append(subs, subject("ofac:gm", "person", "EL HASSAN, Gaffar Mohmed"))
	ix := Build(subs, nil)
	got := ix.Screen(Query{Name: "El Hassan, G M", Threshold: 0.5})
	if len(got) == 0 || got[0].ID != "ofac:gm" {
		t.Errorf("El Hassan, G M ranked %v first, want ofac:gm", got)
	}
	// a long name abbreviated to initials is still chosen among many
	// short namesakes
	subs = namesakes("ofac:m", 300, "MOHAMMAD %s", "akir")
	subs = append(subs, subject("un:TAi.159", "person", "AHMED JAN WAZIR AKHTAR MOHAMMAD"))
	wantFirst(t, Build(subs, nil), "A. J. W. A. Mohammad", "un:TAi.159")
}

// TestPairings checks how words pair, whatever the corpus weights.
func TestPairings(t *testing.T) {
	ix := Build(nil, nil)
	tests := []struct{ a, b, query, listed string }{
		// words run together on one side, as many words on both
		{"Mohsen Fakhri Zadeh", "MOHSEN FAKHRIZADEH-MAHABADI", "fakhri zadeh", "fakhrizadeh"},
		// one consonant and the same vowels: Dawud = Dawood
		{"Dawud Ibrahim", "DAWOOD IBRAHIM KASKAR", "dawud", "dawood"},
	}
	for _, tt := range tests {
		c := ix.Compare(tt.a, tt.b, lists.KindPerson)
		found := false
		for _, p := range c.Explanation.Pairs {
			found = found || p.Query == tt.query && p.Listed == tt.listed
		}
		if !found {
			t.Errorf("Compare(%q, %q): %q and %q not paired: %+v", tt.a, tt.b, tt.query, tt.listed, c.Explanation.Pairs)
		}
	}
}

// TestLegalForms: a legal form on both sides supports a match and ranks
// the name that has it first; a form that the listed person's name carries
// is no sign that the query names a company.
func TestLegalForms(t *testing.T) {
	var subs []*lists.Subject
	for i := range 20 { // "sepri" shares its key with many names
		subs = append(subs, subject(fmt.Sprintf("ofac:s%d", i), "organization", fmt.Sprintf("SUPERIOR %s TRADING", strings.Repeat("k", i%9+1)+"um")))
	}
	subs = append(subs,
		subject("ofac:koti", "organization", "KOTI"),
		subject("ofac:koticorp", "organization", "KOTI CORP"),
		subject("ofac:bio", "organization", "BIO CORPORATION"),
		subject("ofac:pao", "person", "PAO, Yu Hsiang"),
		subject("ofac:sepriv", "organization", "SEPRIV, S.A. DE C.V."),
	)
	ix := Build(subs, nil)
	for _, tt := range []struct {
		query string
		want  lists.SubjectID
	}{
		{"Koti Corporation", "ofac:koticorp"},
		{"Koti", "ofac:koti"},
		{"Bio Corploration", "ofac:bio"}, // a short name, and the same (misspelt) form
		{"Yu Hsiang PAO", "ofac:pao"},
		{"SEPRI, S.A. DE C.V.", "ofac:sepriv"}, // one letter short, in a one-word name
	} {
		got := ix.Screen(Query{Name: tt.query})
		if len(got) == 0 || got[0].ID != tt.want {
			t.Errorf("%q: got %v, want %s first at the default threshold", tt.query, got, tt.want)
		}
	}
}

// TestBrothers: a shared father's and family name do not make two
// brothers one person when their own given names differ.
func TestBrothers(t *testing.T) {
	subs := append(namesakes("ofac:", 30, "ABDUL %s MUHAMMAD", "rahim"),
		subject("un:YEi.001", "person", "ABD AL-KHALIQ AL-HOUTHI", "Abd al-Khaliq Badr al-Din al-Huthi"),
		subject("un:YEi.004", "person", "ABDULMALIK AL-HOUTHI", "Abdul Malik Badruddin al-Houthi"))
	ix := Build(subs, nil)
	wantRankedFirst(t, ix, "Abdul Malik Badr al-Din al-Huthi", "un:YEi.004")
	// an initial stands for the whole given name, and an initial for a
	// title the list dropped conflicts with nothing
	if c := ix.Compare("H A BHUTTAVI", "HAFIZ ABDUL SALAM BHUTTAVI", lists.KindPerson); c.Score < DefaultThreshold {
		t.Errorf("initials: %.3f, want ≥ %.2f", c.Score, DefaultThreshold)
	}
}

// TestSyllablesRunTogether: a name romanised syllable by syllable finds
// the listed name that writes two syllables as one word, however common
// each syllable is.
func TestSyllablesRunTogether(t *testing.T) {
	subs := append(slices.Concat(namesakes("ofac:x", 80, "XIAO, %s", "ling"), namesakes("ofac:m", 80, "MA, %s", "tang")), subject("ofac:ma", "person", "MA, Xiaohong"))
	ix := Build(subs, nil)
	wantFirst(t, ix, "马晓红", "ofac:ma")
}

// TestTieGoesToTheSpellingAsWritten: two names that match equally well
// once Abdur and Abdul are one; the one written as the query leads.
func TestTieGoesToTheSpellingAsWritten(t *testing.T) {
	ix := Build([]*lists.Subject{
		subject("un:A", "person", "ABDUL REHMAN MAKKI", "Abdul Rehman"),
		subject("un:B", "person", "ABDUR REHMAN"),
	}, nil)
	got := ix.Screen(Query{Name: "REHMAN, Abdur"})
	if len(got) < 2 || got[0].Score != got[1].Score || got[0].ID != "un:B" {
		t.Errorf("REHMAN, Abdur: got %v, want un:B first in a tie", got)
	}
}

// TestListedNameContained: a query that holds the whole listed name in two
// separate words or more, plus names of its own, is that name; the parts of
// a compound (Abdul Aziz) or an initial are not two such words.
func TestListedNameContained(t *testing.T) {
	subs := slices.Concat(namesakes("ofac:r", 300, "REHMAN, %s", "khan"), namesakes("ofac:a", 300, "ALI MUHAMMAD %s", "qzar"),
		namesakes("ofac:b", 300, "ABDUL %s", "tim"),
		// Rehman is common, Mati rare: together not rare enough on their own
		namesakes("ofac:rr", 600, "REHMAN, %s", "gul"))
	subs = append(subs,
		subject("ofac:mati", "person", "UR-REHMAN, Mati"),
		subject("ofac:aziz", "person", "AZIZ, Abdul"),
		subject("un:kony", "person", "JOSEPH KONY"))
	ix := Build(subs, nil)
	wantRankedFirst(t, ix, "MATI UR-REHMAN ALI MUHAMMAD", "ofac:mati")
	for _, q := range []string{"Sara Abdelaziz", "Joseph K. Ross"} {
		if got := ix.Screen(Query{Name: q}); len(got) > 0 {
			t.Errorf("%s: got %v, want no match", q, got[0])
		}
	}
}

// TestNicknameAndCounterparts: a given name with a one-word alias finds
// the subject (Ahmed Godane), and a match brings the same subject's record
// on another list, identified by its date of birth and name.
func TestNicknameAndCounterparts(t *testing.T) {
	subs := namesakes("ofac:", 50, "AHMED %s", "karim")
	un := subject("un:SOi.004", "person", "AHMED ABDI AW-MOHAMED", `"GODANE"`)
	un.BirthDates = []lists.BirthDate{{Date: "1977-07-10", Precision: lists.PrecisionDay}}
	of := subject("ofac:11311", "person", "AW-MOHAMED, Ahmed Abdi")
	of.BirthDates = un.BirthDates
	other := subject("ofac:9", "person", "AW-MOHAMED, Ahmed Abdi") // a namesake born elsewhen
	other.BirthDates = []lists.BirthDate{{Date: "1960-01-01", Precision: lists.PrecisionDay}}
	subs = append(subs, un, of, other,
		subject("un:QDe.143", "organization", "ANSAR AL-SHARIA IN TUNISIA", "Ansar al-Sharia"),
		subject("un:QDe.146", "organization", "ANSAR AL-SHARIA IN BENGHAZI", "Ansar al-Sharia"),
		subject("ofac:16477", "organization", "ANSAR AL-SHARIA IN TUNISIA", "ANSAR AL-SHARIA"),
		subject("ofac:7268", "organization", "TUNISIAN COMBATANT GROUP"),
		subject("un:QDe.090", "organization", "TUNISIAN COMBATANT GROUP", "GROUPE COMBATTANT TUNISIEN"))
	ix := Build(subs, nil)

	got := ix.Screen(Query{Name: "Ahmed Godane"})
	if len(got) == 0 || got[0].ID != "un:SOi.004" {
		t.Fatalf("Ahmed Godane: got %v, want un:SOi.004 first", got)
	}
	if !hasRecord(got[0], "ofac:11311") {
		t.Errorf("the OFAC record of the same person (same date of birth) is not in the result: %+v", got[0])
	}
	for _, m := range got {
		if m.ID == "ofac:9" || hasRecord(m, "ofac:9") {
			t.Errorf("a namesake with another date of birth was reported: %+v", got)
		}
	}
	if got := ix.ScreenWith(Query{Name: "Ahmed Godane"}, Options{NoCounterparts: true}); len(got) != 1 {
		t.Errorf("NoCounterparts: got %v, want the UN record alone", got)
	}
	// organisations: an identical name on each list links them, unless
	// another branch bears it too
	got = ix.Screen(Query{Name: "Groupe Combattant Tunisien"})
	if len(got) < 1 || !hasRecord(got[0], "ofac:7268") {
		t.Errorf("Groupe Combattant Tunisien: got %v, want the OFAC record in the UN result", got)
	}
	for _, m := range ix.Screen(Query{Name: "Ansar al-Sharia in Benghazi"}) {
		if hasRecord(m, "ofac:16477") {
			t.Errorf("Ansar al-Sharia in Benghazi brought the Tunisian branch: %+v", m)
		}
	}
}

// TestFatherAndSons: a query whose given name is the listed father's name
// of a son ranks the father first; a commonly dropped first name
// (Mohammed) still lets the person be found.
func TestFatherAndSons(t *testing.T) {
	subs := append(namesakes("ofac:", 60, "MOHAMMED %s", "karim"),
		subject("un:LYi.013", "person", "MUAMMAR MOHAMMED ABU MINYAR QADHAFI"),
		subject("un:LYi.010", "person", "HANNIBAL MUAMMAR QADHAFI"),
		subject("un:LYi.011", "person", "KHAMIS MUAMMAR QADHAFI"),
		subject("un:QDi.422", "person", "MOHAMMED MASOOD AZHAR ALVI"),
		subject("ofac:2686", "person", "NASRALLAH, Hasan"),
		subject("ofac:26037", "person", "NASRALLAH, Mohammad Jawad"))
	ix := Build(subs, nil)
	wantRankedFirst(t, ix, "Masood Azhar", "un:QDi.422")
	// one word split in two (Nasr Allah) names no son: fewer listed
	// words left over rank first
	wantRankedFirst(t, ix, "Sheikh Nasrallah", "ofac:2686")
}

// TestTitleInDesignation: of two namesakes, the one whose listed title or
// designation holds the office the query names ranks first; a title that
// lifts a weaker name to the ceiling does not pass a name matched whole.
func TestTitleInDesignation(t *testing.T) {
	robert := subject("ofac:7480", "person", "MUGABE, Robert Gabriel")
	robert.Designations = []string{"President of the Republic of Zimbabwe"}
	sayyed := subject("un:TAi.006", "person", "SAYYED MOHAMMED HAQQANI")
	sayyed.Titles = []string{"Mullah"}
	subs := append(namesakes("ofac:", 60, "MOHAMMED %s", "karim"), robert, subject("ofac:10662", "person", "MUGABE, Leo"),
		sayyed, subject("un:TAi.079", "person", "MOHAMMAD SALIM HAQQANI"))
	ix := Build(subs, nil)
	wantRankedFirst(t, ix, "President Mugabe", "ofac:7480")
	wantRankedFirst(t, ix, "Mullah Haji Mohammad Salim Haqqani", "un:TAi.079")
	got := ix.Screen(Query{Name: "President Mugabe", Threshold: -1})
	if len(got) == 0 || !slices.ContainsFunc(got[0].Explanation.Adjustments, func(e Evidence) bool { return e.Kind == "title" && e.Effect > 0 }) {
		t.Errorf("President Mugabe: no title evidence explained in %+v", got)
	}
}

// TestTieGoesToTheBetterName: at the same score, the match whose name
// matched better leads, whatever the sources and IDs.
func TestTieGoesToTheBetterName(t *testing.T) {
	got := sortAndLimit([]Match{
		{ID: "un:A", Source: "un", Score: 1, Explanation: Explanation{NameScore: 0.97}},
		{ID: "un:B", Source: "un", Score: 1, Explanation: Explanation{NameScore: 1}},
	}, 2)
	if got[0].ID != "un:B" {
		t.Errorf("got %s first, want un:B (name score 1)", got[0].ID)
	}
}

// TestPersonsByUniqueName: a person's full name that no one else on either
// list bears identifies the counterpart when the year of birth or the
// nationality agrees (the real name on one list, the nom de guerre as an
// alias on the other), and not when the years of birth differ. A listed
// name longer than a query may be does not break the comparison.
func TestPersonsByUniqueName(t *testing.T) {
	un := subject("un:QDi.001", "person", "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE", "Sayf-Al Adl")
	un.BirthDates = []lists.BirthDate{{Date: "1963", Precision: lists.PrecisionYear}}
	of := subject("ofac:6901", "person", "AL-ADL, Sayf")
	of.BirthDates = []lists.BirthDate{{Date: "1963-04-11", Precision: lists.PrecisionDay}}
	un2 := subject("un:QDi.999", "person", "OMAR KHALID BARAKAT", "Abu Hafs al-Masri")
	un2.BirthDates = []lists.BirthDate{{Date: "1950", Precision: lists.PrecisionYear}}
	of2 := subject("ofac:7777", "person", "AL-MASRI, Abu Hafs")
	of2.BirthDates = []lists.BirthDate{{Date: "1975", Precision: lists.PrecisionYear}}
	long := subject("un:QDi.555", "person", strings.Repeat("ABDUL KARIM ", 10)+"ZAHIR", "Sayf Zahir")
	subs := append(namesakes("ofac:", 50, "AHMED %s", "karim"), un, of, un2, of2, long, subject("ofac:8888", "person", "ZAHIR, Sayf"))
	ix := Build(subs, nil)
	got := ix.Screen(Query{Name: "Mohammed Salahaldin Abd el Halim Zidane"})
	if len(got) < 1 || !hasRecord(got[0], "ofac:6901") {
		t.Errorf("the OFAC record under the nom de guerre was not reported: %+v", got)
	}
	for _, m := range ix.Screen(Query{Name: "Omar Khalid Barakat"}) {
		if m.ID == "ofac:7777" || hasRecord(m, "ofac:7777") {
			t.Errorf("a namesake born 25 years apart was reported: %+v", m)
		}
	}
	ix.Screen(Query{Name: strings.Repeat("Abdul Karim ", 10) + "Zahir"})
}

// TestPatronymicLeftOut: the lists often leave out a Russian patronymic
// that the press writes; with a surname spelt another way the name still
// matches.
func TestPatronymicLeftOut(t *testing.T) {
	ix := Build(nil, nil)
	if c := ix.Compare("Igor Ivanovich Setchin", "SECHIN, Igor", lists.KindPerson); c.Score < DefaultThreshold {
		t.Errorf("Igor Ivanovich Setchin ~ SECHIN, Igor: %.3f, want ≥ %.2f", c.Score, DefaultThreshold)
	}
}

// TestWeakAliasVariant: a low-quality alias is often the name the press
// uses (Abu Bakr al-Baghdadi); one spelt another way still alerts.
func TestWeakAliasVariant(t *testing.T) {
	s := subject("un:QDi.299", "person", "IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI")
	s.Names = append(s.Names, lists.Name{Full: "Abu Bakr al-Baghdadi", Role: lists.RoleWeakAlias})
	ix := Build(append(namesakes("ofac:", 60, "ABU %s", "karim"), s), nil)
	wantFirst(t, ix, "Abu Bakr al-Baghdady", "un:QDi.299")
}

// TestParticleInitial: an initial may stand for a particle the listed name
// writes out (B. for ben); it costs nothing there.
func TestParticleInitial(t *testing.T) {
	subs := append(namesakes("ofac:", 60, "%s KARIM", "amir"),
		subject("un:QDi.096", "person", "MOUSSA BEN OMAR BEN ALI ESSAADI"),
		subject("un:YEi.010", "person", "MANSUR AL-SA'ADI"))
	subs = append(subs, subject("un:YEi.999", "person", "MUTAHAR HOUTHI"), subject("ofac:h", "person", "AL-HOUTHI, Mutahar"))
	ix := Build(subs, nil)
	wantRankedFirst(t, ix, "M. B. B. Essaadi", "un:QDi.096")
	// and for an article joined by a hyphen (A. for al-)
	wantRankedFirst(t, ix, "M. A. Houthi", "ofac:h")
}

// hasRecord reports whether a result holds the record id of another list.
func hasRecord(m Match, id lists.SubjectID) bool {
	return slices.ContainsFunc(m.Records, func(r Record) bool { return r.ID == id })
}

// TestResultIdentity: a result shows what tells look-alikes apart — dates
// of birth (a range as written), nationalities, the designation.
func TestResultIdentity(t *testing.T) {
	ix := fixtureIndex()
	got := ix.Screen(Query{Name: "Ghasem Soleymani", Threshold: -1})
	var qs, gs *Match
	for i := range got {
		switch got[i].ID {
		case "un:IRi.039":
			qs = &got[i]
		case "un:IRi.040":
			gs = &got[i]
		}
	}
	if qs == nil || gs == nil {
		t.Fatalf("both Soleimanis should be candidates: %v", got)
	}
	if !slices.Equal(qs.DOB, []string{"1957-03-11"}) || !slices.Equal(qs.Nationalities, []string{"IR"}) {
		t.Errorf("IRi.039: dob %v, nationalities %v", qs.DOB, qs.Nationalities)
	}
	if !slices.Equal(gs.DOB, []string{"1955–1960"}) {
		t.Errorf("IRi.040: dob %v, want the range", gs.DOB)
	}
	desig := subject("un:X.1", "person", "SOME BODY")
	desig.Designations = []string{"Commander of Qods force"}
	if m := Build([]*lists.Subject{desig}, nil).Screen(Query{Name: "Some Body", Threshold: -1}); len(m) == 0 || !slices.Equal(m[0].Designations, desig.Designations) {
		t.Errorf("designation not shown: %v", m)
	}
}

// TestLongPostings screens names whose words more listed names share than
// longPostings: a common word with a rare one (the rare one finds the
// candidates), and two common words (the names holding both are the
// candidates).
func TestLongPostings(t *testing.T) {
	n := longPostings + 500
	// distinct made-up words, short enough to index quickly
	word := func(i int, end string) string {
		const cons = "bdfgklmnprstvz"
		w := ""
		for ; i > 0; i /= len(cons) {
			w += string(cons[i%len(cons)]) + "a"
		}
		return w + end
	}
	var subs []*lists.Subject
	for i := range n {
		subs = append(subs, subject(fmt.Sprintf("un:A%d", i), "person", "Mohammad "+word(i, "ov")),
			subject(fmt.Sprintf("un:B%d", i), "person", word(i, "ian")+" Hussein"))
	}
	subs = slices.Concat(subs,
		[]*lists.Subject{subject("un:T1", "person", "Mohammad Hussein"), subject("un:T2", "person", "Mohammad Zubaidi"),
			subject("un:T3", "person", "Mohammad Karimov Hussein")})
	ix := Build(subs, nil)
	if got := len(ix.byKey.get(names.Parse("Mohammad").Tokens[0].Key)); got <= longPostings {
		t.Fatalf("Mohammad has %d postings: the test needs more than %d", got, longPostings)
	}
	wantFirst(t, ix, "Mohammad Hussein", "un:T1")
	wantFirst(t, ix, "Muhammad Husein", "un:T1")
	wantFirst(t, ix, "ZUBAIDI, Mohammad", "un:T2")
	wantFirst(t, ix, "Hussein, Mohammad Karimov", "un:T3")
	// the names holding both common words are the candidates
	got := ix.Screen(Query{Name: "Mohammad Hussein", Threshold: -1, Limit: 50})
	var ids []lists.SubjectID
	for _, m := range got {
		ids = append(ids, m.ID)
	}
	if !slices.Equal(ids, []lists.SubjectID{"un:T1", "un:T3"}) {
		t.Errorf("two common words: candidates %v, want un:T1 and un:T3", ids)
	}
}

func TestIntersect(t *testing.T) {
	long := make([]int32, 0, 1000)
	for i := range int32(1000) {
		long = append(long, 3*i)
	}
	for _, c := range []struct{ a, b, want []int32 }{
		{[]int32{1, 3, 5, 9}, []int32{3, 4, 9, 10}, []int32{3, 9}},
		{[]int32{0, 2997, 2998, 3000}, long, []int32{0, 2997}}, // galloping
		{long, []int32{-1, 6, 7, 1500}, []int32{6, 1500}},
		{nil, long, nil},
		{[]int32{5000}, long, nil},
	} {
		if got := intersect(nil, c.a, c.b); !slices.Equal(got, c.want) {
			t.Errorf("intersect(%v…, %v…) = %v, want %v", c.a[:min(len(c.a), 5)], c.b[:min(len(c.b), 5)], got, c.want)
		}
	}
}
