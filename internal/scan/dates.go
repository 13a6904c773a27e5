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

func dayNum(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "th"), "st"), "nd"), "rd")
	if len(s) > 2 || !allDigits(s) {
		return 0, false
	}
	d, err := strconv.Atoi(s)
	return d, err == nil && d >= 1 && d <= 31
}

// findDates finds explicit and relative dates in words[from:to]. Relative
// dates ("on Wednesday", "last month", "July 24") need the publication
// date; without it they are left out (their precision is unknown).
func findDates(words []word, from, to int, published *time.Time) []DateRef {
	var out []DateRef
	text := func(a, b int) string {
		var parts []string
		for _, w := range words[a:b] {
			parts = append(parts, w.text)
		}
		return strings.Join(parts, " ")
	}
	for i := from; i < to; i++ {
		w := words[i].lower
		if len(w) == 10 && w[4] == '-' && w[7] == '-' {
			if _, err := time.Parse(time.DateOnly, w); err == nil {
				out = append(out, DateRef{w, "day", i, words[i].text})
				continue
			}
		}
		// ISO dates: 2015-07-24 arrives as three words 2015 07 24 when split on hyphens
		if y, ok := year(w); ok {
			if i+2 < to {
				if m, err := strconv.Atoi(words[i+1].lower); allDigits(words[i+1].lower) && err == nil && m >= 1 && m <= 12 && words[i+1].start == words[i].end+1 {
					if d, ok := dayNum(words[i+2].lower); ok && words[i+2].start == words[i+1].end+1 {
						if t, ok := mkDate(y, time.Month(m), d); ok {
							out = append(out, DateRef{t.Format(time.DateOnly), "day", i, text(i, i+3)})
							i += 2
							continue
						}
					}
				}
			}
			out = append(out, DateRef{strconv.Itoa(y), "year", i, words[i].text})
			continue
		}
		if m, ok := months[w]; ok && (words[i].cap || !words[i].latin || !capitalisedOnly[w]) && i+1 < to {
			// "July 24, 2015", "July 24", "July 2015"
			if d, ok := dayNum(words[i+1].lower); ok {
				if t, n, ok := dayDate(words, i+2, to, m, d, published); ok {
					out = append(out, DateRef{t.Format(time.DateOnly), "day", i, text(i, i+1+n)})
				}
				i++
				continue
			}
			if y, ok := year(words[i+1].lower); ok {
				out = append(out, DateRef{time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Format("2006-01"), "month", i, text(i, i+2)})
				i++
				continue
			}
		}
		if m, ok := months[w]; ok && (words[i].cap || !words[i].latin || !capitalisedOnly[w]) && i > from && monthPrepositions[words[i-1].lower] && published != nil {
			// "in August": the last such month up to publication
			y := published.Year()
			if m > published.Month() {
				y--
			}
			out = append(out, DateRef{time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Format("2006-01"), "month", i, text(i-1, i+1)})
			continue
		}
		if d, ok := dayNum(w); ok && i+1 < to {
			// "24 July 2015", "24 July"
			if m, ok := months[words[i+1].lower]; ok {
				if t, n, ok := dayDate(words, i+2, to, m, d, published); ok {
					out = append(out, DateRef{t.Format(time.DateOnly), "day", i, text(i, i+1+n)})
					i += n - 1
				}
				i++
				continue
			}
		}
		if published == nil {
			continue
		}
		p := *published
		if wd, ok := weekdays[w]; ok {
			back := (int(p.Weekday()) - int(wd) + 7) % 7
			out = append(out, DateRef{p.AddDate(0, 0, -back).Format(time.DateOnly), "day", i, words[i].text})
			continue
		}
		if delta, ok := relativeDays[w]; ok {
			out = append(out, DateRef{p.AddDate(0, 0, delta).Format(time.DateOnly), "day", i, words[i].text})
			continue
		}
		switch {
		case w == "last" && i+1 < to:
			switch words[i+1].lower {
			case "week":
				// the week before publication, by the month it mostly fell in
				out = append(out, DateRef{p.AddDate(0, 0, -10).Format("2006-01"), "month", i, text(i, i+2)})
			case "month":
				out = append(out, DateRef{p.AddDate(0, -1, 0).Format("2006-01"), "month", i, text(i, i+2)})
			case "year":
				out = append(out, DateRef{strconv.Itoa(p.Year() - 1), "year", i, text(i, i+2)})
			}
		case w == "this" && i+1 < to && words[i+1].lower == "month":
			out = append(out, DateRef{p.Format("2006-01"), "month", i, text(i, i+2)})
		case w == "this" && i+1 < to && words[i+1].lower == "week":
			out = append(out, DateRef{p.Format("2006-01"), "month", i, text(i, i+2)})
		}
	}
	return out
}

// dayDate completes a day and month with the year at words[at] when there
// is one, else with the publication year (the latest such day not after
// publication). n counts the words the date took after the month or day.
func dayDate(words []word, at, to int, m time.Month, d int, published *time.Time) (time.Time, int, bool) {
	if at < to {
		if y, ok := year(words[at].lower); ok {
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
