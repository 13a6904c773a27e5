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
		got := findDates(words, 0, len(words), tt.published)
		if len(got) == 0 || got[0].Value != tt.value || got[0].Precision != tt.pre {
			t.Errorf("findDates(%q) = %+v, want %s (%s)", tt.text, got, tt.value, tt.pre)
		}
	}
	if got := findDates(tokenize("on Wednesday"), 0, 2, nil); len(got) != 0 {
		t.Errorf("a weekday without publication date gave %+v", got)
	}
}
