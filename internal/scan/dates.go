package scan

import (
	"strconv"
	"strings"
	"time"
)

// DateRef is a date found in the text, with its precision.
type DateRef struct {
	Value     string `json:"value"`     // YYYY-MM-DD, YYYY-MM or YYYY
	Precision string `json:"precision"` // day, month, year
	Word      int    `json:"-"`         // index of its first word
	Text      string `json:"text"`
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func year(s string) (int, bool) {
	if len(s) != 4 || !allDigits(s) {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	return y, err == nil && y >= 1950 && y <= 2100
}

// yearWord reads a year, also with the Arabic era letter written on
// (2012م folds to 2012m).
func yearWord(w word) (int, bool) {
	if y, ok := year(w.lower); ok {
		return y, true
	}
	if !w.latin && len(w.lower) == 5 && w.lower[4] == 'm' {
		return year(w.lower[:4])
	}
	return 0, false
}

func dayNum(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "th"), "st"), "nd"), "rd")
	if len(s) > 2 || !allDigits(s) {
		return 0, false
	}
	d, err := strconv.Atoi(s)
	return d, err == nil && d >= 1 && d <= 31
}

// smallNum reads a month or day number (1–31) written in digits.
func smallNum(s string) (int, bool) {
	if len(s) > 2 || !allDigits(s) {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= 31
}

// monthAt reads a month name at words[i]: one word, or two (the Levantine
// كانون الثاني). n is the number of words it took. A month name that is an
// ordinary word too (may, march) counts only capitalised.
func monthAt(words []word, i, to int) (m time.Month, n int, ok bool) {
	w := words[i]
	if i+1 < to && w.sentence == words[i+1].sentence {
		if m, ok := monthPhrases[w.lower+" "+words[i+1].lower]; ok {
			return m, 2, true
		}
	}
	m, ok = months[w.lower]
	if !ok || capitalisedOnly[w.lower] && !w.cap {
		return 0, 0, false
	}
	return m, 1, true
}

// dateConnector is the word Spanish and Portuguese put between the parts
// of a date ("5 de mayo de 2026").
func dateConnector(w word) bool { return dateConnectors[w.lower] }

// findDates finds explicit and relative dates in words[from:to]. Relative
// dates ("on Wednesday", "last month", "July 24") need the publication
// date; without it they are left out (their precision is unknown). lang
// decides the order of an all-numeric date whose day and month could be
// swapped (05/08/2026 is 8 May in English, 5 August elsewhere).
func findDates(text string, words []word, from, to int, published *time.Time, lang string) []DateRef {
	var out []DateRef
	wordsText := func(a, b int) string {
		var parts []string
		for _, w := range words[a:b] {
			parts = append(parts, w.text)
		}
		return strings.Join(parts, " ")
	}
	add := func(t time.Time, precision string, a, b int) {
		v := t.Format(time.DateOnly)
		switch precision {
		case "month":
			v = t.Format("2006-01")
		case "year":
			v = strconv.Itoa(t.Year())
		}
		out = append(out, DateRef{v, precision, a, wordsText(a, b)})
	}
	for i := from; i < to; i++ {
		w := words[i].lower
		if len(w) == 10 && w[4] == '-' && w[7] == '-' {
			if _, err := time.Parse(time.DateOnly, w); err == nil {
				out = append(out, DateRef{w, "day", i, words[i].text})
				continue
			}
		}
		// all-numeric dates: 2015-07-24, 8.5.2026, 08/05/2026
		if t, n, ok := numericDate(text, words, i, to, lang); ok {
			add(t, "day", i, i+n)
			i += n - 1
			continue
		}
		// CJK dates: 2026年5月8日, 5월 8일, 18日 (of the publication's month)
		if t, precision, n, ok := unitDate(words, i, to, published); ok {
			add(t, precision, i, i+n)
			i += n - 1
			continue
		}
		// Solar Hijri dates: ۱۷ تیر ۱۴۰۰, تیر ۱۴۰۰
		if t, precision, n, ok := solarDate(words, i, to, published); ok {
			add(t, precision, i, i+n)
			i += n - 1
			continue
		}
		if y, ok := yearWord(words[i]); ok {
			out = append(out, DateRef{strconv.Itoa(y), "year", i, words[i].text})
			continue
		}
		if m, mn, ok := monthAt(words, i, to); ok && i+mn < to {
			// "July 24, 2015", "July 24", "July 2015", "janvier 2014"
			if d, ok := dayNum(words[i+mn].lower); ok {
				if t, n, ok := dayDate(words, i+mn+1, to, m, d, published); ok {
					add(t, "day", i, i+mn+n)
					i += mn + n - 1
				} else {
					i += mn
				}
				continue
			}
			at := i + mn
			if at+1 < to && dateConnector(words[at]) {
				at++
			}
			if y, ok := yearWord(words[at]); ok {
				add(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), "month", i, at+1)
				i = at
				continue
			}
		}
		if m, mn, ok := monthAt(words, i, to); ok && len(words[i].lower) >= 3 && published != nil &&
			(i > from && monthPrepositions[words[i-1].lower] || i+mn < to && monthPostpositions[words[i+mn].lower]) {
			// "in August", "в мае", "Temmuz ayında": the last such month up
			// to publication
			y := published.Year()
			if m > published.Month() {
				y--
			}
			add(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), "month", i, i+mn)
			i += mn - 1
			continue
		}
		if d, ok := dayNum(w); ok && i+1 < to {
			// "24 July 2015", "24 July", "5 мая", "5 de mayo de 2026"
			at := i + 1
			if at+1 < to && dateConnector(words[at]) {
				at++
			}
			if m, mn, ok := monthAt(words, at, to); ok {
				after := at + mn
				if after+1 < to && dateConnector(words[after]) {
					if _, ok := yearWord(words[after+1]); ok {
						after++
					}
				}
				if t, n, ok := dayDate(words, after, to, m, d, published); ok {
					add(t, "day", i, after+n-1)
					i = after + n - 2
				} else {
					i = at + mn - 1
				}
				continue
			}
		}
		if published == nil {
			continue
		}
		p := *published
		if wd, ok := weekdays[w]; ok {
			back := (int(p.Weekday()) - int(wd) + 7) % 7
			add(p.AddDate(0, 0, -back), "day", i, i+1)
			continue
		}
		if delta, ok := relativeDays[w]; ok {
			add(p.AddDate(0, 0, delta), "day", i, i+1)
			continue
		}
		if rp, n, ok := relativePeriodAt(words, i, to); ok {
			switch {
			case rp.unit == "week" && rp.offset < 0:
				// the week before publication, by the month it mostly fell in
				add(p.AddDate(0, 0, -10), "month", i, i+n)
			case rp.unit == "week", rp.unit == "month" && rp.offset == 0:
				add(p, "month", i, i+n)
			case rp.unit == "month":
				add(time.Date(p.Year(), p.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, rp.offset, 0), "month", i, i+n)
			default:
				add(p.AddDate(rp.offset, 0, 0), "year", i, i+n)
			}
			i += n - 1
		}
	}
	return out
}

// relativePeriodAt reads a week, month or year counted from publication:
// one word (上周, 지난달) or a modifier and a unit in either order ("last
// week", "la semaine dernière", "на прошлой неделе").
func relativePeriodAt(words []word, i, to int) (relativePeriod, int, bool) {
	w := words[i].lower
	if rp, ok := relativePeriods[w]; ok {
		return rp, 1, true
	}
	if i+1 >= to || words[i+1].sentence != words[i].sentence {
		return relativePeriod{}, 0, false
	}
	next := words[i+1].lower
	if off, ok := periodModifiers[w]; ok {
		if unit, ok := periodUnits[next]; ok {
			return relativePeriod{off, unit}, 2, true
		}
	}
	if unit, ok := periodUnits[w]; ok {
		if off, ok := periodModifiers[next]; ok {
			return relativePeriod{off, unit}, 2, true
		}
	}
	return relativePeriod{}, 0, false
}

// numericDate reads a date written in numbers joined by one separator
// ("-", ".", "/"), the words touching: year first (2015-07-24, 2026/5/8)
// or last (8.5.2026, 08/05/2026). A part over 12 is the day; otherwise
// dotted dates and most languages put the day first, English the month.
func numericDate(text string, words []word, i, to int, lang string) (time.Time, int, bool) {
	if i+2 >= to {
		return time.Time{}, 0, false
	}
	a, b, c := words[i], words[i+1], words[i+2]
	if b.start != a.end+1 || c.start != b.end+1 || !allDigits(a.lower) || !allDigits(b.lower) || !allDigits(c.lower) {
		return time.Time{}, 0, false
	}
	sep := text[a.end]
	if sep != text[b.end] || sep != '-' && sep != '.' && sep != '/' {
		return time.Time{}, 0, false
	}
	if y, ok := year(a.lower); ok {
		m, okm := smallNum(b.lower)
		d, okd := smallNum(c.lower)
		if t, ok := mkDate(y, time.Month(m), d); okm && okd && m <= 12 && ok {
			return t, 3, true
		}
		return time.Time{}, 0, false
	}
	y, ok := year(c.lower)
	if !ok {
		return time.Time{}, 0, false
	}
	x, okx := smallNum(a.lower)
	z, okz := smallNum(b.lower)
	if !okx || !okz {
		return time.Time{}, 0, false
	}
	d, m := x, z
	switch {
	case x > 12:
	case z > 12:
		d, m = z, x
	case lang == "en" && sep != '.':
		d, m = z, x
	}
	if m > 12 {
		return time.Time{}, 0, false
	}
	t, ok := mkDate(y, time.Month(m), d)
	return t, 3, ok
}

// unitDate reads a CJK date, each number followed by its unit: year,
// month, day in order, any of them left out but the month or year
// (2026年5月8日, 5월 8일, 2016年7月) — or a day alone (18日, 3일), which
// news uses for a day of the publication's month.
func unitDate(words []word, i, to int, published *time.Time) (time.Time, string, int, bool) {
	unitAt := func(k int) (int, string, bool) {
		if k+1 >= to {
			return 0, "", false
		}
		n, err := strconv.Atoi(words[k].lower)
		if err != nil || !allDigits(words[k].lower) {
			return 0, "", false
		}
		u := dateUnits[words[k+1].lower]
		return n, u, u != "" && words[k+1].start == words[k].end
	}
	n, u, ok := unitAt(i)
	if !ok {
		return time.Time{}, "", 0, false
	}
	y, m, d := 0, 0, 0
	k := i
	for ok && k < to {
		switch {
		case u == "year" && y == 0 && m == 0 && d == 0:
			y = n
		case u == "month" && m == 0 && d == 0:
			m = n
		case u == "day" && d == 0:
			d = n
		default:
			ok = false
			continue
		}
		k += 2
		n, u, ok = unitAt(k)
	}
	switch {
	case y != 0 && (y < 1950 || y > 2100), m > 12, d > 31:
		return time.Time{}, "", 0, false
	case y != 0 && m != 0 && d != 0:
		t, ok := mkDate(y, time.Month(m), d)
		return t, "day", k - i, ok
	case y != 0 && m != 0 && d == 0:
		return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC), "month", k - i, m >= 1
	case y != 0 && m == 0 && d == 0:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), "year", k - i, true
	case y == 0 && m != 0 && d != 0 && published != nil:
		t, ok := mkDate(published.Year(), time.Month(m), d)
		if ok && t.After(*published) {
			t = t.AddDate(-1, 0, 0)
		}
		return t, "day", k - i, ok
	case y == 0 && m != 0 && d == 0 && published != nil:
		yy := published.Year()
		if time.Month(m) > published.Month() {
			yy--
		}
		return time.Date(yy, time.Month(m), 1, 0, 0, 0, 0, time.UTC), "month", k - i, m >= 1
	case y == 0 && m == 0 && d != 0 && published != nil:
		// the latest such day not after publication
		t, ok := mkDate(published.Year(), published.Month(), d)
		if !ok || t.After(*published) {
			first := time.Date(published.Year(), published.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
			t, ok = mkDate(first.Year(), first.Month(), d)
		}
		return t, "day", k - i, ok
	}
	return time.Time{}, "", 0, false
}

// solarDate reads a date of the Solar Hijri calendar, Iran's and
// Afghanistan's: a day, a month name and a year (۱۷ تیر ۱۴۰۰), a month
// and year (تیر ۱۴۰۰), a day and month (of the latest such day up to
// publication), or a year written in Persian digits beside a word for
// year or solar (سال ۱۴۰۰), and gives its Gregorian date.
func solarDate(words []word, i, to int, published *time.Time) (time.Time, string, int, bool) {
	solarYear := func(k int) (int, bool) {
		if k >= to || !allDigits(words[k].lower) || len(words[k].lower) != 4 {
			return 0, false
		}
		y, _ := strconv.Atoi(words[k].lower)
		return y, y >= 1300 && y <= 1500
	}
	month := func(k int) (int, bool) {
		if k >= to || words[k].latin {
			return 0, false
		}
		m, ok := solarMonths[words[k].lower]
		return m, ok
	}
	if d, ok := smallNum(words[i].lower); ok {
		if m, ok := month(i + 1); ok {
			if y, ok := solarYear(i + 2); ok {
				t, ok := solarToGregorian(y, m, d)
				return t, "day", 3, ok
			}
			if published == nil {
				return time.Time{}, "", 0, false
			}
			y, _, _ := gregorianToSolar(*published)
			t, ok := solarToGregorian(y, m, d)
			if ok && t.After(*published) {
				t, ok = solarToGregorian(y-1, m, d)
			}
			return t, "day", 2, ok
		}
	}
	if y, ok := solarYear(i); ok && !words[i].latin &&
		(i > 0 && solarYearWords[words[i-1].lower] || i+1 < to && solarYearWords[words[i+1].lower]) {
		// "سال ۱۴۰۰": the Gregorian year that holds most of it
		return time.Date(y+621, 1, 1, 0, 0, 0, 0, time.UTC), "year", 1, true
	}
	if m, ok := month(i); ok {
		if y, ok := solarYear(i + 1); ok {
			// the Gregorian month that holds the solar month's middle
			t, ok := solarToGregorian(y, m, 15)
			return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC), "month", 2, ok
		}
	}
	return time.Time{}, "", 0, false
}

// solarBreaks are the years of the Solar Hijri calendar where its leap
// cycle shifts (Borkowski's table, as jalaali-js uses it), valid for the
// years 1 to 3177.
var solarBreaks = []int{-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178}

// solarNewYear gives the Gregorian year in which the Solar Hijri year jy
// begins and the day of March its first day (1 Farvardin) falls on.
func solarNewYear(jy int) (gy, march int) {
	gy = jy + 621
	leapJ := -14
	jp := solarBreaks[0]
	jump := 0
	for _, jm := range solarBreaks[1:] {
		jump = jm - jp
		if jy < jm {
			break
		}
		leapJ += jump/33*8 + jump%33/4
		jp = jm
	}
	n := jy - jp
	leapJ += n/33*8 + (n%33+3)/4
	if jump%33 == 4 && jump-n == 4 {
		leapJ++
	}
	leapG := gy/4 - (gy/100+1)*3/4 - 150
	return gy, 20 + leapJ - leapG
}

// solarToGregorian converts day d of month m of Solar Hijri year y. Months
// 1–6 have 31 days, 7–11 30, and 12 has 29 or 30.
func solarToGregorian(y, m, d int) (time.Time, bool) {
	if y < 1 || y >= 3178 || m < 1 || m > 12 || d < 1 || d > 31 || m > 6 && d > 30 {
		return time.Time{}, false
	}
	gy, march := solarNewYear(y)
	days := (m-1)*31 + d - 1
	if m > 6 {
		days = 186 + (m-7)*30 + d - 1
	}
	t := time.Date(gy, 3, march, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days)
	if m == 12 && d == 30 {
		// only in a leap year: the next year must start a day later
		ny, nm := solarNewYear(y + 1)
		if !t.Before(time.Date(ny, 3, nm, 0, 0, 0, 0, time.UTC)) {
			return time.Time{}, false
		}
	}
	return t, true
}

// gregorianToSolar gives the Solar Hijri year, month and day of t.
func gregorianToSolar(t time.Time) (y, m, d int) {
	t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	y = t.Year() - 621
	gy, march := solarNewYear(y)
	start := time.Date(gy, 3, march, 0, 0, 0, 0, time.UTC)
	if t.Before(start) {
		y--
		gy, march = solarNewYear(y)
		start = time.Date(gy, 3, march, 0, 0, 0, 0, time.UTC)
	}
	days := int(t.Sub(start).Hours() / 24)
	if days < 186 {
		return y, days/31 + 1, days%31 + 1
	}
	days -= 186
	return y, days/30 + 7, days%30 + 1
}

// dayDate completes a day and month with the year at words[at] when there
// is one, else with the publication year (the latest such day not after
// publication). n counts the words the date took after the month or day.
func dayDate(words []word, at, to int, m time.Month, d int, published *time.Time) (time.Time, int, bool) {
	if at < to {
		if y, ok := yearWord(words[at]); ok {
			t, ok := mkDate(y, m, d)
			return t, 2, ok
		}
	}
	if published == nil {
		return time.Time{}, 0, false
	}
	// the latest such day up to publication, or one in the coming month
	// (news announces trips: "will travel to Pakistan on May 6")
	t, ok := mkDate(published.Year(), m, d)
	if ok && t.After(published.AddDate(0, 1, 0)) {
		t = t.AddDate(-1, 0, 0)
	}
	return t, 1, ok
}

func mkDate(y int, m time.Month, d int) (time.Time, bool) {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d && t.Month() == m
}

// articleDate reads an undated article's own date from its top: a line
// near the start that holds a full date and little else ("November 24,
// 2024", "Published: 08.05.2026"), or a dateline opening the story
// ("KABUL, July 9, 2024 (Reuters) -"). Only a day counts: relative dates
// are reckoned from it. Dates inside the story date its events, not the
// article, and are left alone.
func articleDate(text string, words []word) *time.Time {
	const top = 400 // bytes of the text read
	lineStart := func(i int) int { return strings.LastIndexByte(text[:words[i].start], '\n') + 1 }
	lineEnd := func(i int) int {
		if e := strings.IndexByte(text[words[i].end:], '\n'); e >= 0 {
			return words[i].end + e
		}
		return len(text)
	}
	n := 0
	for n < len(words) && words[n].start < top {
		n++
	}
	for _, d := range findDates(text, words, 0, n, nil, "") {
		if d.Precision != "day" {
			continue
		}
		ls, le := lineStart(d.Word), lineEnd(d.Word)
		before, onLine := 0, 0
		for k := range words[:n] {
			if words[k].start >= ls && words[k].end <= le {
				onLine++
				if k < d.Word {
					before++
				}
			}
		}
		if onLine <= 8 || before <= 3 {
			t, err := time.Parse(time.DateOnly, d.Value)
			if err == nil {
				return &t
			}
		}
	}
	return nil
}
