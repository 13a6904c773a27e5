package screening

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/vigilhq/vigil/internal/cache"
)

// strTable is a frozen set of strings, each found by its number. It
// replaces Go maps in the index: the keys live in one string and the hash
// table in one slice, so a million names cost a few large allocations,
// and the table is written to and read from the cache as it is, without
// hashing every key again.
type strTable struct {
	text  string   // the keys, concatenated
	ends  []uint32 // key i is text[ends[i-1]:ends[i]]
	slots []uint32 // open addressing: key number + 1, 0 for empty; a power of two long
}

func newStrTable(keys []string) strTable {
	var t strTable
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
	}
	t.text = b.String()
	t.ends = make([]uint32, len(keys))
	end := uint32(0)
	for i, k := range keys {
		end += uint32(len(k))
		t.ends[i] = end
	}
	size := 8
	for size < 2*len(keys) {
		size *= 2
	}
	t.slots = make([]uint32, size)
	mask := uint64(size - 1)
	for i, k := range keys {
		h := hashString(k) & mask
		for t.slots[h] != 0 {
			h = (h + 1) & mask
		}
		t.slots[h] = uint32(i + 1)
	}
	return t
}

// fnv-1a: stable across processes, which the stored table needs.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func hashBytes(s []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range s {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

func (t *strTable) len() int { return len(t.ends) }

func (t *strTable) key(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.text[start:t.ends[i]]
}

// find is the number of key k, -1 if absent.
func (t *strTable) find(k string) int {
	if len(t.slots) == 0 {
		return -1
	}
	mask := uint64(len(t.slots) - 1)
	for h := hashString(k) & mask; ; h = (h + 1) & mask {
		n := t.slots[h]
		if n == 0 {
			return -1
		}
		if t.key(int(n-1)) == k {
			return int(n - 1)
		}
	}
}

// findBytes is find for a key built in a buffer, without allocating.
func (t *strTable) findBytes(k []byte) int {
	if len(t.slots) == 0 {
		return -1
	}
	mask := uint64(len(t.slots) - 1)
	for h := hashBytes(k) & mask; ; h = (h + 1) & mask {
		n := t.slots[h]
		if n == 0 {
			return -1
		}
		if t.key(int(n-1)) == string(k) {
			return int(n - 1)
		}
	}
}

func (t *strTable) encode(e *cache.Encoder) {
	e.String(t.text)
	e.Uint32s(t.ends)
	e.Uint32s(t.slots)
}

func (t *strTable) decode(d *cache.Decoder) {
	t.text = d.String()
	t.ends = d.Uint32s()
	t.slots = d.Uint32s()
}

// sized reports whether the table's parts agree in size.
func (t *strTable) sized() bool {
	return len(t.slots)&(len(t.slots)-1) == 0 && len(t.slots) >= len(t.ends) && (len(t.ends) == 0 || int(t.ends[len(t.ends)-1]) == len(t.text))
}

// check checks the slots and the order of the ends.
func (t *strTable) check() error {
	if !slices.IsSorted(t.ends) {
		return errors.New("string table: offsets out of order")
	}
	for _, s := range t.slots {
		if int(s) > len(t.ends) {
			return fmt.Errorf("string table: slot %d out of range", s)
		}
	}
	return nil
}

// postings maps strings to lists of numbers (indexed names or subjects).
type postings struct {
	keys strTable
	offs []uint32 // the list of key i is ids[offs[i]:offs[i+1]]
	ids  []int32
}

// postingsBuilder collects postings while the index is built.
type postingsBuilder map[string][]int32

// add appends v to k's list once (values arrive in order).
func (b postingsBuilder) add(k string, v int32) {
	s := b[k]
	if len(s) > 0 && s[len(s)-1] == v {
		return
	}
	b[k] = append(s, v)
}

// freeze packs the builder, keys in sorted order (the same lists make
// the same bytes).
func (b postingsBuilder) freeze() postings {
	keys := make([]string, 0, len(b))
	n := 0
	for k, v := range b {
		keys = append(keys, k)
		n += len(v)
	}
	slices.Sort(keys)
	p := postings{keys: newStrTable(keys), offs: make([]uint32, len(keys)+1), ids: make([]int32, 0, n)}
	for i, k := range keys {
		p.ids = append(p.ids, b[k]...)
		p.offs[i+1] = uint32(len(p.ids))
	}
	return p
}

func (p *postings) at(i int) []int32 {
	if i < 0 {
		return nil
	}
	return p.ids[p.offs[i]:p.offs[i+1]:p.offs[i+1]]
}

func (p *postings) get(k string) []int32 { return p.at(p.keys.find(k)) }

func (p *postings) getBytes(k []byte) []int32 { return p.at(p.keys.findBytes(k)) }

func (p *postings) encode(e *cache.Encoder) {
	p.keys.encode(e)
	e.Uint32s(p.offs)
	e.Int32s(p.ids)
}

func (p *postings) decode(d *cache.Decoder) {
	p.keys.decode(d)
	p.offs = d.Uint32s()
	p.ids = d.Int32s()
}

// sized reports whether the postings' parts agree in size.
func (p *postings) sized() bool {
	return p.keys.sized() && len(p.offs) == p.keys.len()+1 && p.offs[0] == 0 && int(p.offs[len(p.offs)-1]) == len(p.ids)
}

// check checks that the lists are in order and their numbers below limit.
func (p *postings) check(limit int) error {
	if !slices.IsSorted(p.offs) {
		return errors.New("postings: offsets out of order")
	}
	for _, v := range p.ids {
		if v < 0 || int(v) >= limit {
			return fmt.Errorf("postings: %d out of range", v)
		}
	}
	return nil
}

// spellingIndex finds the subjects bearing a name of given words in any
// order (a spelling hash): pairs sorted by hash, then subject.
type spellingIndex struct {
	hashes   []uint64
	subjects []int32
}

type spellingPair struct {
	hash    uint64
	subject int32
}

func newSpellingIndex(pairs []spellingPair) spellingIndex {
	slices.SortFunc(pairs, func(a, b spellingPair) int {
		if a.hash != b.hash {
			return cmp.Compare(a.hash, b.hash)
		}
		return cmp.Compare(a.subject, b.subject)
	})
	pairs = slices.Compact(pairs)
	s := spellingIndex{hashes: make([]uint64, len(pairs)), subjects: make([]int32, len(pairs))}
	for i, p := range pairs {
		s.hashes[i], s.subjects[i] = p.hash, p.subject
	}
	return s
}

// get lists the subjects with a name of spelling h, in order.
func (s *spellingIndex) get(h uint64) []int32 {
	i, _ := slices.BinarySearch(s.hashes, h)
	j := i
	for j < len(s.hashes) && s.hashes[j] == h {
		j++
	}
	return s.subjects[i:j:j]
}

func (s *spellingIndex) encode(e *cache.Encoder) {
	e.Uint64s(s.hashes)
	e.Int32s(s.subjects)
}

func (s *spellingIndex) decode(d *cache.Decoder) {
	s.hashes = d.Uint64s()
	s.subjects = d.Int32s()
}

func (s *spellingIndex) check(limit int) error {
	if !slices.IsSorted(s.hashes) {
		return errors.New("spellings: out of order")
	}
	for _, v := range s.subjects {
		if v < 0 || int(v) >= limit {
			return fmt.Errorf("spellings: subject %d out of range", v)
		}
	}
	return nil
}

// contains reports whether a sorted posting holds v.
func contains(posting []int32, v int32) bool {
	_, ok := slices.BinarySearch(posting, v)
	return ok
}

// intersect appends to dst the values two sorted postings share: by
// merging, or by galloping through the longer when one is much shorter.
func intersect(dst, a, b []int32) []int32 {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b) > 8*len(a) {
		for _, v := range a {
			// gallop: double the step until past v, then search the span
			step := 1
			for step < len(b) && b[step-1] < v {
				step *= 2
			}
			i, found := slices.BinarySearch(b[:min(step, len(b))], v)
			if found {
				dst = append(dst, v)
			}
			if b = b[i:]; len(b) == 0 {
				break
			}
		}
		return dst
	}
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch x, y := a[i], b[j]; {
		case x < y:
			i++
		case x > y:
			j++
		default:
			dst = append(dst, x)
			i++
			j++
		}
	}
	return dst
}
