package scan

import (
	"testing"
	"time"
)

func TestFindDates(t *testing.T) {
	pub := time.Date(2017, 4, 13, 0, 0, 0, 0, time.UTC) // a Thursday
	tests := []struct {
		text       string
		published  *time.Time
		value, pre string
	}{
		{"on July 24, 2015 he", nil, "2015-07-24", "day"},
		{"on 24 July 2015 he", nil, "2015-07-24", "day"},
		{"on 2015-07-24 he", nil, "2015-07-24", "day"},
		{"on Sept. 18, 2016", nil, "2016-09-18", "day"},
		{"in July 2015", nil, "2015-07", "month"},
		{"in 2015", nil, "2015", "year"},
		{"on July 24", &pub, "2016-07-24", "day"},
		{"on 10 April", &pub, "2017-04-10", "day"},
		{"on 6 May", &pub, "2017-05-06", "day"},   // announced for the coming month
		{"on 20 June", &pub, "2016-06-20", "day"}, // further ahead: the last one before
		{"on Wednesday", &pub, "2017-04-12", "day"},
		{"yesterday", &pub, "2017-04-12", "day"},
		{"last month", &pub, "2017-03", "month"},
		{"last year", &pub, "2016", "year"},
		{"in August", &pub, "2016-08", "month"}, // the last August before publication
		{"since March", &pub, "2017-03", "month"},
		{"last week", &pub, "2017-04", "month"},
		{"this week", &pub, "2017-04", "month"},
		{"يوم الأربعاء", &pub, "2017-04-12", "day"},
		{"в среду", &pub, "2017-04-12", "day"},
	}
	for _, tt := range tests {
		words := tokenize(tt.text)
		got := findDates(tt.text, words, 0, len(words), tt.published, "en")
		if len(got) == 0 || got[0].Value != tt.value || got[0].Precision != tt.pre {
			t.Errorf("findDates(%q) = %+v, want %s (%s)", tt.text, got, tt.value, tt.pre)
		}
	}
	if got := findDates("on Wednesday", tokenize("on Wednesday"), 0, 2, nil, "en"); len(got) != 0 {
		t.Errorf("a weekday without publication date gave %+v", got)
	}
}

// TestFindDatesEveryLanguage: month names in every form, numeric and CJK
// dates, Solar Hijri dates and weekday- and period-relative dates, two or
// more sentences a language.
func TestFindDatesEveryLanguage(t *testing.T) {
	pub := time.Date(2026, 5, 8, 0, 0, 0, 0, time.UTC) // a Friday
	tests := []struct {
		lang, text string
		published  *time.Time
		value, pre string
	}{
		{"en", "He arrived on 05/08/2026 at noon.", nil, "2026-05-08", "day"},
		{"en", "He flew there on Wednesday.", &pub, "2026-05-06", "day"},
		{"en", "He flew there this year.", &pub, "2026", "year"},
		{"en", "In March he was seen in Kabul.", &pub, "2026-03", "month"},
		{"en", "He will march on.", &pub, "", ""},
		{"fr", "Il est arrivé le 5 mai 2026 à Paris.", nil, "2026-05-05", "day"},
		{"fr", "Il avait été localisé en janvier 2014.", nil, "2014-01", "month"},
		{"fr", "Il a voyagé la semaine dernière.", &pub, "2026-04", "month"},
		{"fr", "Il est arrivé mercredi soir.", &pub, "2026-05-06", "day"},
		{"fr", "Il est arrivé le 08/05/2026.", nil, "2026-05-08", "day"},
		{"es", "Llegó a Bagdad el 3 de enero de 2020.", nil, "2020-01-03", "day"},
		{"es", "Viajó a Caracas el año pasado.", &pub, "2025", "year"},
		{"es", "Llegó el miércoles.", &pub, "2026-05-06", "day"},
		{"pt", "Chegou a Luanda em 5 de março de 2025.", nil, "2025-03-05", "day"},
		{"pt", "Chegou ontem a Luanda.", &pub, "2026-05-07", "day"},
		{"it", "È atterrato a Istanbul il 5 settembre 2021.", nil, "2021-09-05", "day"},
		{"it", "È arrivato la settimana scorsa.", &pub, "2026-04", "month"},
		{"de", "Er reiste am 8. Mai 2026 nach Moskau.", nil, "2026-05-08", "day"},
		{"de", "Er reiste am 8.5.2026 nach Moskau.", nil, "2026-05-08", "day"},
		{"de", "Er war letzte Woche in Moskau.", &pub, "2026-04", "month"},
		{"nl", "Hij kwam op 8 mei 2026 aan.", nil, "2026-05-08", "day"},
		{"nl", "Hij reisde vorige maand naar Moskou.", &pub, "2026-04", "month"},
		{"ru", "Он прибыл в Москву 5 мая 2026 года.", nil, "2026-05-05", "day"},
		{"ru", "Он прибыл в Москву в среду.", &pub, "2026-05-06", "day"},
		{"ru", "Он был в Москве на прошлой неделе.", &pub, "2026-04", "month"},
		{"ru", "Он посетил Тегеран в марте.", &pub, "2026-03", "month"},
		{"tr", "Bakan 4 Kasım 2017 tarihinde Bağdat'a gitti.", nil, "2017-11-04", "day"},
		{"tr", "Bakan geçen hafta Bağdat'a gitti.", &pub, "2026-04", "month"},
		{"tr", "Bakan Mart ayında Bağdat'a gitti.", &pub, "2026-03", "month"},
		{"ar", "وصل الوزير إلى موسكو في 5 مايو 2026", nil, "2026-05-05", "day"},
		{"ar", "وصل الوزير في 7 تموز 2013", nil, "2013-07-07", "day"},
		{"ar", "وصل الوزير في 3 كانون الثاني 2020", nil, "2020-01-03", "day"},
		{"ar", "وصل الوزير يوم الأربعاء", &pub, "2026-05-06", "day"},
		{"ar", "زار موسكو الأسبوع الماضي", &pub, "2026-04", "month"},
		{"ar", "وصل في ١٥ أيار ٢٠٢٤", nil, "2024-05-15", "day"},
		{"fa", "وزیر در ۱۶ تیر ۱۴۰۰ به تهران رفت", nil, "2021-07-07", "day"},
		{"fa", "وزیر در اسفند ۱۴۰۲ به تهران رفت", nil, "2024-03", "month"},
		{"fa", "وزیر ۵ مه ۲۰۲۶ به مسکو رفت", nil, "2026-05-05", "day"},
		{"fa", "وزیر دیروز به مسکو رفت", &pub, "2026-05-07", "day"},
		{"fa", "وزیر در ماه مارس به مسکو رفت", &pub, "2026-03", "month"},
		{"fa", "وزیر در سال ۱۴۰۰ به مسکو رفت", nil, "2021", "year"},
		{"fa", "وزیر ۱۴۰۰ نفر را دید", nil, "", ""},
		{"ko", "김 위원장은 2025년 9월 2일 베이징에 도착했다", nil, "2025-09-02", "day"},
		{"ko", "김 위원장은 3일 베이징에 도착했다", &pub, "2026-05-03", "day"},
		{"ko", "김 위원장은 지난달 베이징에 도착했다", &pub, "2026-04", "month"},
		{"zh", "代表团于2016年7月18日访问北京。", nil, "2016-07-18", "day"},
		{"zh", "代表团在7月访问北京。", &pub, "2025-07", "month"},
		{"zh", "代表团上周访问北京。", &pub, "2026-04", "month"},
		{"zh", "代表团星期三访问北京。", &pub, "2026-05-06", "day"},
	}
	for _, tt := range tests {
		words := tokenize(tt.text)
		got := findDates(tt.text, words, 0, len(words), tt.published, tt.lang)
		if tt.value == "" {
			if len(got) != 0 {
				t.Errorf("%s findDates(%q) = %+v, want none", tt.lang, tt.text, got)
			}
			continue
		}
		if len(got) == 0 || got[0].Value != tt.value || got[0].Precision != tt.pre {
			t.Errorf("%s findDates(%q) = %+v, want %s (%s)", tt.lang, tt.text, got, tt.value, tt.pre)
		}
	}
}

// TestSolarHijri checks the calendar conversion against known days
// (Nowruz falls on 20 or 21 March).
func TestSolarHijri(t *testing.T) {
	tests := []struct {
		y, m, d int
		want    string
	}{
		{1357, 11, 12, "1979-02-01"},
		{1357, 11, 22, "1979-02-11"},
		{1399, 1, 1, "2020-03-20"},
		{1400, 1, 1, "2021-03-21"},
		{1400, 4, 16, "2021-07-07"},
		{1403, 1, 1, "2024-03-20"},
		{1403, 12, 30, "2025-03-20"}, // 1403 is a leap year
		{1404, 1, 1, "2025-03-21"},
		{1404, 7, 1, "2025-09-23"},
	}
	for _, tt := range tests {
		g, ok := solarToGregorian(tt.y, tt.m, tt.d)
		if !ok || g.Format(time.DateOnly) != tt.want {
			t.Errorf("solarToGregorian(%d, %d, %d) = %s, want %s", tt.y, tt.m, tt.d, g.Format(time.DateOnly), tt.want)
			continue
		}
		if y, m, d := gregorianToSolar(g); y != tt.y || m != tt.m || d != tt.d {
			t.Errorf("gregorianToSolar(%s) = %d-%d-%d, want %d-%d-%d", tt.want, y, m, d, tt.y, tt.m, tt.d)
		}
	}
	if _, ok := solarToGregorian(1402, 12, 30); ok {
		t.Error("30 Esfand 1402 accepted; 1402 is no leap year")
	}
}

func TestArticleDate(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Envoy wraps up trip to Havana\nNews Logo\nNovember 24, 2024\nThe envoy met officials on Monday.", "2024-11-24"},
		{"KABUL, July 9, 2024 (Wire) - The minister flew to Doha on Tuesday.", "2024-07-09"},
		{"Publié le 08.05.2026\nLe ministre est arrivé mercredi.", "2026-05-08"},
		{"وزير الخارجية يصل إلى موسكو\n\n١٥ أيار ٢٠٢٤\nوصل الوزير أمس", "2024-05-15"},
		{"代表团访问北京\n2016年7月22日\n代表团于本月18日抵达。", "2016-07-22"},
		// a date inside the story dates an event, not the article
		{"The minister, who first visited Moscow on July 24, 2015 as a junior envoy of the foreign ministry, returned there this week.", ""},
		{"MOSCOW, Nov 1 (Wire) - She flew in on Thursday.", ""},
	}
	for _, tt := range tests {
		got := articleDate(tt.text, tokenize(tt.text))
		switch {
		case tt.want == "" && got != nil:
			t.Errorf("articleDate(%q) = %s, want none", tt.text, got.Format(time.DateOnly))
		case tt.want != "" && (got == nil || got.Format(time.DateOnly) != tt.want):
			t.Errorf("articleDate(%q) = %v, want %s", tt.text, got, tt.want)
		}
	}
}
