package scan

import (
	"cmp"
	"slices"
)

// Segment is a run of article text: plain, a mention of a subject
// (Subject and Mention set), or a place (Place set). The CLI and the web UI
// both render a scanned article from these, so they mark the same runs.
type Segment struct {
	Text    string
	Subject *SubjectReport
	Mention *Mention
	Place   *PlaceMention
}

// Segments cuts text at the mentions and places res reports (rune offsets,
// as in Result), in text order. A mark that overlaps an earlier one, is
// empty or runs past the text is left out.
func Segments(text string, res *Result) []Segment {
	type mark struct {
		start, end int
		seg        Segment
	}
	var marks []mark
	for _, reports := range [][]SubjectReport{res.Subjects, res.Organisations} {
		for i := range reports {
			s := &reports[i]
			for j := range s.Mentions {
				m := &s.Mentions[j]
				marks = append(marks, mark{m.Start, m.End, Segment{Subject: s, Mention: m}})
			}
		}
	}
	for i := range res.Places {
		p := &res.Places[i]
		marks = append(marks, mark{p.Start, p.End, Segment{Place: p}})
	}
	slices.SortStableFunc(marks, func(a, b mark) int { return cmp.Compare(a.start, b.start) })
	runes := []rune(text)
	var out []Segment
	pos := 0
	for _, m := range marks {
		if m.start < pos || m.end > len(runes) || m.start >= m.end {
			continue
		}
		if m.start > pos {
			out = append(out, Segment{Text: string(runes[pos:m.start])})
		}
		m.seg.Text = string(runes[m.start:m.end])
		out = append(out, m.seg)
		pos = m.end
	}
	if pos < len(runes) {
		out = append(out, Segment{Text: string(runes[pos:])})
	}
	return out
}
