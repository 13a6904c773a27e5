package scan

import (
	"testing"
	"testing/fstest"
)

// TestLexiconFolded: words written in their own script are found in the
// form the tokenizer gives the same word in an article.
func TestLexiconFolded(t *testing.T) {
	tests := []struct {
		text string
		set  map[string]bool
	}{
		{"He visited Kabul", presenceCues},
		{"Il a visité Kaboul", presenceCues},
		{"Он посетил Кабул", presenceCues},
		{"زار كابول", presenceCues},
		{"سفر به کابل", presenceCues},
		{"He didn’t travel", negations},
		{"Он не поехал", negations},
	}
	for _, tt := range tests {
		found := false
		for _, w := range tokenize(tt.text) {
			found = found || tt.set[w.lower]
		}
		if !found {
			t.Errorf("no word of %q is in its set", tt.text)
		}
	}
}

func TestLoadLexiconErrors(t *testing.T) {
	for _, data := range []string{
		"[nosuchsection]\nword",
		"[month 13]\nsmarch",
		"[weekday x]\nsomeday",
		"[presence]\n!!!",
	} {
		if err := loadLexicons(fstest.MapFS{"lexicon/xx.txt": {Data: []byte(data)}}); err == nil {
			t.Errorf("%q loaded without error", data)
		}
	}
}
