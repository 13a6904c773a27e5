package screening

import (
	"slices"
	"sync/atomic"

	"github.com/vigilhq/vigil/internal/cache"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
)

// An index is held in one of two forms. Build makes it in memory: a
// subjectInfo and an entry per subject and name. An index read from the
// cache keeps the columns the cache entry holds, in place in the mapped
// file, and makes a subject's or name's struct the first time a query
// needs it: a million subjects are ready in milliseconds, and a query
// reads a few dozen of them. info and entry hide the difference.

// mappedIndex is the columns of an index read from the cache.
type mappedIndex struct {
	sources, kinds      []string
	srcCodes, kindCodes []byte
	docEnds             []uint32 // subject i's documents are docs[docEnds[i-1]:docEnds[i]]
	docs                strColumn
	spellEnds           []uint32
	spells              []uint64
	firsts              []int32
	infos               []atomic.Pointer[subjectInfo]

	entSubjects, nameIdx []int32
	roleCodes            []byte
	tokEnds, tokIDs      []uint32
	tokFlags             []byte
	weights              []float32
	joinKeys             strColumn
	particles            []uint32
	// extras are the entries with titles, legal forms or a nickname
	extraIDs                  []uint32
	titleEnds, legalEnds      []uint32
	titles, legals, nicknames strColumn
	vocab                     [4]strColumn // text, key, bare, bare key of each word
	vocabLetters              []uint32
	entries                   []atomic.Pointer[entry]
}

// strColumn is a sequence of strings in one string.
type strColumn struct {
	text string
	ends []uint32
}

func newStrColumn(ss []string) strColumn {
	c := strColumn{ends: make([]uint32, len(ss))}
	n := 0
	for _, s := range ss {
		n += len(s)
	}
	b := make([]byte, 0, n)
	for i, s := range ss {
		b = append(b, s...)
		c.ends[i] = uint32(len(b))
	}
	c.text = string(b)
	return c
}

func (c *strColumn) at(i int) string {
	start := uint32(0)
	if i > 0 {
		start = c.ends[i-1]
	}
	return c.text[start:c.ends[i]]
}

// slice is strings [from, to) as a new slice.
func (c *strColumn) slice(from, to uint32) []string {
	if from >= to {
		return nil
	}
	out := make([]string, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, c.at(int(i)))
	}
	return out
}

func (c *strColumn) encode(e *cache.Encoder) {
	e.String(c.text)
	e.Uint32s(c.ends)
}

func (c *strColumn) decode(d *cache.Decoder) {
	c.text = d.String()
	c.ends = d.Uint32s()
}

// span is the range [ends[i-1], ends[i]) of a prefix array.
func span(ends []uint32, i int32) (uint32, uint32) {
	if i == 0 {
		return 0, ends[0]
	}
	return ends[i-1], ends[i]
}

// numSubjects is the number of subjects indexed.
func (ix *Index) numSubjects() int { return ix.ids.len() }

// numEntries is the number of indexed names.
func (ix *Index) numEntries() int {
	if ix.m != nil {
		return len(ix.m.entSubjects)
	}
	return len(ix.entries)
}

// info is what scoring reads of subject si.
func (ix *Index) info(si int32) *subjectInfo {
	if ix.m == nil {
		return &ix.subjects[si]
	}
	if p := ix.m.infos[si].Load(); p != nil {
		return p
	}
	m := ix.m
	s := &subjectInfo{id: lists.SubjectID(ix.ids.key(int(si))), source: lists.Source(m.sources[m.srcCodes[si]]),
		kind: lists.Kind(m.kinds[m.kindCodes[si]]), first: m.firsts[si]}
	if from, to := span(m.docEnds, si); from < to {
		s.docs = m.docs.slice(from, to)
	}
	from, to := span(m.spellEnds, si)
	s.spellings = m.spells[from:to:to]
	s.end = int32(len(m.entSubjects))
	if int(si)+1 < len(m.firsts) {
		s.end = m.firsts[si+1]
	}
	m.infos[si].CompareAndSwap(nil, s)
	return m.infos[si].Load()
}

// entry is indexed name ei.
func (ix *Index) entry(ei int32) *entry {
	if ix.m == nil {
		return &ix.entries[ei]
	}
	if p := ix.m.entries[ei].Load(); p != nil {
		return p
	}
	m := ix.m
	from, to := span(m.tokEnds, ei)
	tokens := make([]names.Token, 0, to-from)
	for i := from; i < to; i++ {
		v := int(m.tokIDs[i])
		f := m.tokFlags[i]
		tokens = append(tokens, names.Token{Text: m.vocab[0].at(v), Key: m.vocab[1].at(v), Bare: m.vocab[2].at(v), BareKey: m.vocab[3].at(v),
			Letters: m.vocabLetters[v], Optional: f&flagOptional != 0, Bound: f&flagBound != 0, Romanized: f&flagRomanized != 0})
	}
	si := m.entSubjects[ei]
	e := &entry{subject: si, name: m.nameIdx[ei], role: roles[m.roleCodes[ei]], person: lists.Kind(m.kinds[m.kindCodes[si]]) == lists.KindPerson,
		parsed: names.Parsed{Tokens: tokens, Particles: m.particles[ei]}, weights: m.weights[from:to:to], joinKey: m.joinKeys.at(int(ei))}
	e.joined = e.parsed.Joined()
	if x, ok := slices.BinarySearch(m.extraIDs, uint32(ei)); ok {
		e.parsed.Titles = m.titles.slice(span(m.titleEnds, int32(x)))
		e.parsed.LegalForms = m.legals.slice(span(m.legalEnds, int32(x)))
		e.nickname = m.nicknames.at(x)
	}
	m.entries[ei].CompareAndSwap(nil, e)
	return m.entries[ei].Load()
}
