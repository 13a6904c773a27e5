// Package screening matches names against listed subjects. Candidates come
// from an inverted index over phonetic keys (with one-deletion variants for
// typos) and whole-name keys; each candidate name is then aligned token by
// token, weighted by how rare each token is across the lists, and adjusted
// by supporting evidence (date of birth, nationality, document number,
// kind). Every result carries its explanation.
package screening

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
)

// subjectInfo is what scoring needs of a subject, kept compact; the full
// record is read through Index.subject.
type subjectInfo struct {
	id     lists.SubjectID
	source lists.Source
	kind   lists.Kind
	docs   []string // normalised document numbers
	// spellings: a hash of each name's folded words in any order, to tell
	// the names written as a query from those that match it as well
	spellings []uint64
	// entries[first:end] are the subject's indexed names
	first, end int32
}

// entry is one indexed name of one subject.
type entry struct {
	subject int32
	name    int32 // index into the subject's Names
	// nickname: the entry is a given name of the primary name with this
	// one-word alias, and the name it shows is built, not listed
	nickname string
	role     lists.NameRole
	person   bool // the subject is a person (kept here: scoring reads it for every candidate)
	parsed   names.Parsed
	weights  []float32
	joinKey  string
	joined   string
}

// Index is an immutable screening index; build a new one when the lists
// change (Open keeps it in a cache directory between processes). It is
// safe for concurrent use.
type Index struct {
	subjects []subjectInfo
	// records are the subjects' full records. An index read from the cache
	// decodes each from blobs on first use: a query reads a few.
	records []atomic.Pointer[lists.Subject]
	// blob holds the records as JSON, record i ending at blobEnds[i]
	blob     []byte
	blobEnds []uint32
	ids      strTable // subject IDs, numbered by position
	entries  []entry
	// m is the index's columns when it was read from the cache (subjects
	// and entries are then nil, and made on demand: see info and entry)
	m *mappedIndex
	// totals and letters are what choosing candidates reads of every
	// touched entry (the sum of its words' weights, and a bit per first
	// letter of its words and of the particles it leaves out, for queries
	// that give initials), packed apart from the entries for locality
	totals  []float32
	letters []uint32
	byKey   postings // token key → entries
	byText  postings // token text → entries
	byDel   postings // token key with one letter deleted → entries
	byJoin  postings // key of the whole name without spaces → entries
	// byVariant finds names written another way: two adjacent tokens run
	// together (Jae Il = Jaeil) and a joined article removed (Alaqsa).
	byVariant postings
	byDoc     postings // normalised document number → subjects
	byBirth   postings // full date of birth → subjects
	// sameAsRefs: subject ID → the subjects whose entries name it as the
	// same subject (stated cross-references, both ends).
	sameAsRefs postings
	// bySpelling: a name's words in any order (spelling) → the subjects
	// bearing it, for counterparts known by an identical name
	bySpelling spellingIndex
	idfKeys    strTable  // token keys
	idf        []float32 // inverse subject frequency of each of idfKeys
	maxIDF     float32
	model      *Model
	versions   []lists.Version
	// sameAs caches each subject's counterparts on other lists (subject
	// position → []Counterpart), found on first need: screening reports
	// the counterparts of its matches.
	sameAs sync.Map
}

// WithModel is the index scoring with another model (the trainer's
// candidates); the two share everything else.
func (ix *Index) WithModel(m *Model) *Index {
	return &Index{subjects: ix.subjects, records: ix.records, blob: ix.blob, blobEnds: ix.blobEnds, ids: ix.ids, entries: ix.entries, m: ix.m, totals: ix.totals, letters: ix.letters,
		byKey: ix.byKey, byText: ix.byText, byDel: ix.byDel, byJoin: ix.byJoin, byVariant: ix.byVariant, byDoc: ix.byDoc,
		byBirth: ix.byBirth, sameAsRefs: ix.sameAsRefs, bySpelling: ix.bySpelling, idfKeys: ix.idfKeys, idf: ix.idf, maxIDF: ix.maxIDF, model: m, versions: ix.versions}
}

// Versions are the list versions the index was built from.
func (ix *Index) Versions() []lists.Version { return ix.versions }

// Size is the number of subjects and of indexed names.
func (ix *Index) Size() (subjects, names int) { return ix.numSubjects(), ix.numEntries() }

// subject is the full record of the subject at position si.
func (ix *Index) subject(si int32) *lists.Subject {
	if s := ix.records[si].Load(); s != nil {
		return s
	}
	s := &lists.Subject{}
	from, to := span(ix.blobEnds, si)
	info := ix.info(si)
	err := json.Unmarshal(ix.blob[from:to], s)
	if err == nil && len(s.Names) <= ix.maxName(info) {
		err = errors.New("fewer names than indexed")
	}
	if err != nil {
		// The entry was checked when read: this is a bug, shown as such
		// rather than dropped, with the names the index holds.
		s = &lists.Subject{ID: info.id, Source: info.source, Kind: info.kind, Remarks: "record unreadable from the index cache: " + err.Error()}
		for range ix.maxName(info) + 1 {
			s.Names = append(s.Names, lists.Name{Full: "?"})
		}
		for ei := info.first; ei < info.end; ei++ {
			e := ix.entry(ei)
			s.Names[e.name] = lists.Name{Full: tokenTexts(e.parsed.Tokens), Role: e.role}
		}
	}
	ix.records[si].CompareAndSwap(nil, s)
	return ix.records[si].Load()
}

// maxName is the highest name number among the subject's entries, -1
// with none.
func (ix *Index) maxName(info *subjectInfo) int {
	n := -1
	for ei := info.first; ei < info.end; ei++ {
		n = max(n, int(ix.entry(ei).name))
	}
	return n
}

// Subject is the record of a subject in the index, nil when absent.
func (ix *Index) Subject(id lists.SubjectID) *lists.Subject {
	if si := ix.position(id); si >= 0 {
		return ix.subject(si)
	}
	return nil
}

// Subjects are the records of every subject in the index, in index
// order. An index read from the cache decodes them all: structures built
// over every subject (a scanner's lexicon) should be cached beside it.
func (ix *Index) Subjects() []*lists.Subject {
	out := make([]*lists.Subject, ix.numSubjects())
	for i := range out {
		out[i] = ix.subject(int32(i))
	}
	return out
}

// NormalizeDocument folds a document number for comparison: letters and
// digits only, upper case ("A-123 456" = "a123456").
func NormalizeDocument(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// builder holds the maps an index is built in before they are frozen.
type builder struct {
	byKey, byText, byDel, byJoin, byVariant, byDoc, byBirth, sameAsRefs postingsBuilder
	df                                                                  map[string]int
	spellings                                                           []spellingPair
}

// Build indexes the subjects.
func Build(subjects []*lists.Subject, versions []lists.Version) *Index {
	ix, _ := build(subjects, versions, false)
	return ix
}

// build indexes the subjects. With owned, the slice is the caller's no
// more: each subject is written as JSON into the index's records and let
// go once indexed, so that a million full records are not held beside the
// index being built (they are read back from the JSON when a query needs
// one).
func build(subjects []*lists.Subject, versions []lists.Version, owned bool) (*Index, error) {
	ix := &Index{
		subjects: make([]subjectInfo, 0, len(subjects)),
		records:  make([]atomic.Pointer[lists.Subject], len(subjects)),
		versions: versions,
		model:    defaultModel,
	}
	if owned {
		ix.blobEnds = make([]uint32, len(subjects))
	}
	b := &builder{byKey: postingsBuilder{}, byText: postingsBuilder{}, byDel: postingsBuilder{}, byJoin: postingsBuilder{},
		byVariant: postingsBuilder{}, byDoc: postingsBuilder{}, byBirth: postingsBuilder{}, sameAsRefs: postingsBuilder{}, df: map[string]int{}}
	ids := make([]string, len(subjects))
	parsed, spellings := parseNames(subjects)
	for si, s := range subjects {
		ps := parsed[si]
		parsed[si] = nil // the entries keep what they need
		ids[si] = string(s.ID)
		if owned {
			b, err := json.Marshal(s)
			if err != nil {
				return nil, fmt.Errorf("subject %s: %w", s.ID, err)
			}
			ix.blob = append(ix.blob, b...)
			ix.blobEnds[si] = uint32(len(ix.blob))
			subjects[si] = nil
		} else {
			ix.records[si].Store(s)
		}
		info := subjectInfo{id: s.ID, source: s.Source, kind: s.Kind}
		for _, d := range s.Documents {
			if n := NormalizeDocument(d.Number); len(n) >= 5 {
				info.docs = append(info.docs, n)
				b.byDoc.add(n, int32(si))
			}
		}
		info.spellings = spellings[si]
		ix.subjects = append(ix.subjects, info)
		for _, d := range s.BirthDates {
			if d.Precision == lists.PrecisionDay {
				b.byBirth.add(d.Date, int32(si))
			}
		}
		for _, l := range s.Links {
			if l.Relation == "same_as" {
				b.sameAsRefs.add(string(l.Target), int32(si))
			}
		}
		seen := map[string]bool{}
		ix.subjects[si].first = int32(len(ix.entries))
		var given [][]names.Token // the primary name's first word groups
		for ni, n := range s.Names {
			p := ps[ni]
			if len(p.Tokens) == 0 {
				continue
			}
			if n.Role == lists.RolePrimary && s.Kind == lists.KindPerson {
				given = givenNames(p.Tokens)
			}
			e := entry{subject: int32(si), name: int32(ni), role: n.Role, person: s.Kind == lists.KindPerson, parsed: p, joinKey: names.Key(p.Joined()), joined: p.Joined()}
			ix.addEntry(b, e, seen)
			b.spellings = append(b.spellings, spellingPair{info.spellings[ni], int32(si)})
			if nick := oneWordAlias(n, p); nick != "" && ni > 0 {
				// News write a nom de guerre after a given name (Ahmed
				// Godane for AHMED ABDI AW-MOHAMED alias "GODANE"): the
				// given names with the alias are indexed too.
				for _, g := range given {
					ge := e
					ge.nickname = nick
					ge.role = lists.RoleWeakAlias
					ge.parsed.Tokens = append(slices.Clone(g), p.Tokens...)
					ge.joined = ge.parsed.Joined()
					ge.joinKey = names.Key(ge.joined)
					ix.addEntry(b, ge, seen)
				}
			}
		}
	}
	for si := range ix.subjects {
		ix.subjects[si].end = int32(len(ix.entries))
		if si+1 < len(ix.subjects) {
			ix.subjects[si].end = ix.subjects[si+1].first
		}
	}
	ix.ids = newStrTable(ids)
	ix.byKey, ix.byText, ix.byDel, ix.byJoin = b.byKey.freeze(), b.byText.freeze(), b.byDel.freeze(), b.byJoin.freeze()
	ix.byVariant, ix.byDoc, ix.byBirth, ix.sameAsRefs = b.byVariant.freeze(), b.byDoc.freeze(), b.byBirth.freeze(), b.sameAsRefs.freeze()
	ix.bySpelling = newSpellingIndex(b.spellings)
	n := float64(len(subjects)) + 1
	ix.maxIDF = float32(math.Log(1 + n))
	if len(subjects) == 0 {
		ix.maxIDF = 5 // no statistics: every token weighs as a typical name word
	}
	keys := make([]string, 0, len(b.df))
	for k := range b.df {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	ix.idfKeys = newStrTable(keys)
	ix.idf = make([]float32, len(keys))
	for i, k := range keys {
		ix.idf[i] = float32(math.Log(1 + n/float64(b.df[k])))
	}
	ix.totals = make([]float32, len(ix.entries))
	for i := range ix.entries {
		e := &ix.entries[i]
		e.weights = make([]float32, len(e.parsed.Tokens))
		for j, t := range e.parsed.Tokens {
			e.weights[j] = ix.weight(t)
			ix.totals[i] += e.weights[j]
		}
	}
	return ix, nil
}

// parseNames parses every name of the subjects, and hashes its spelling,
// on every core: parsing is most of the work of building an index.
func parseNames(subjects []*lists.Subject) ([][]names.Parsed, [][]uint64) {
	parsed := make([][]names.Parsed, len(subjects))
	spellings := make([][]uint64, len(subjects))
	const chunk = 512
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				from := int(next.Add(chunk)) - chunk
				if from >= len(subjects) {
					return
				}
				for si := from; si < min(from+chunk, len(subjects)); si++ {
					ns := subjects[si].Names
					ps, sp := make([]names.Parsed, len(ns)), make([]uint64, len(ns))
					for ni, n := range ns {
						ps[ni], sp[ni] = names.Parse(n.Full), spelling(n.Full)
					}
					parsed[si], spellings[si] = ps, sp
				}
			}
		})
	}
	wg.Wait()
	return parsed, spellings
}

// spelling is a hash of a name's folded words, sorted.
func spelling(name string) uint64 {
	w := strings.Fields(names.Fold(name))
	slices.Sort(w)
	h := fnv.New64a()
	for _, x := range w {
		h.Write([]byte(x))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// addEntry indexes one name of a subject; seen holds the keys the subject
// has counted in df already.
func (ix *Index) addEntry(b *builder, e entry, seen map[string]bool) {
	p := e.parsed
	letters := p.Particles // an initial may stand for ben or al-
	for _, t := range p.Tokens {
		letters |= letterBit(t.Text)
	}
	id := int32(len(ix.entries))
	ix.entries = append(ix.entries, e)
	ix.letters = append(ix.letters, letters)
	for _, t := range p.Tokens {
		if !seen[t.Key] {
			seen[t.Key] = true
			b.df[t.Key]++
		}
		if t.Key == "" {
			continue
		}
		b.byKey.add(t.Key, id)
		b.byText.add(t.Text, id)
		if len(t.Key) >= 3 {
			for _, d := range deletions(t.Key) {
				b.byDel.add(d, id)
			}
		}
	}
	for j, t := range p.Tokens {
		if t.Bare != "" {
			b.byVariant.add(t.BareKey, id)
		}
		if j+1 < len(p.Tokens) {
			if k := names.Key(t.Text + p.Tokens[j+1].Text); len(k) >= 2 {
				b.byVariant.add(k, id)
			}
		}
	}
	if len(p.Tokens) > 1 && len(e.joinKey) >= 3 {
		b.byJoin.add(e.joinKey, id)
	}
}

// givenNames are the first word group of a person's name and the first
// two (a word group is a word with the parts bound to it: Abd al-Rahman),
// when the name has more words than that.
func givenNames(ts []names.Token) [][]names.Token {
	var out [][]names.Token
	groups := 0
	for i := 1; i <= len(ts); i++ {
		if i < len(ts) && ts[i].Bound {
			continue
		}
		if groups++; groups > 2 || i == len(ts) {
			break
		}
		out = append(out, ts[:i])
	}
	return out
}

// oneWordAlias is an alias of one word of five letters or more (a nom de
// guerre: "GODANE"), as listed; "" for other names.
func oneWordAlias(n lists.Name, p names.Parsed) string {
	if n.Role == lists.RolePrimary || n.Role == lists.RoleOriginalScript || len(p.Tokens) != 1 || len(p.Tokens[0].Text) < 5 || len(p.Titles) > 0 {
		return ""
	}
	return n.Full
}

// weight is a token's information: its IDF, discounted for initials and
// very short tokens, which identify little.
func (ix *Index) weight(t names.Token) float32 {
	w := ix.maxIDF
	if i := ix.idfKeys.find(t.Key); i >= 0 {
		w = ix.idf[i]
	}
	switch {
	case t.Initial():
		return min(w, 1.0)
	case len(t.Text) == 2:
		return w * 0.7
	}
	return w
}

// letterBit is the bit of a word's first letter (a–z), 0 for others.
func letterBit(w string) uint32 {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return 0
	}
	return 1 << (w[0] - 'a')
}

// deletions lists key with each single letter removed.
func deletions(key string) []string {
	out := make([]string, 0, len(key))
	for i := 0; i < len(key); i++ {
		if i > 0 && key[i] == key[i-1] {
			continue
		}
		out = append(out, key[:i]+key[i+1:])
	}
	return out
}

// KeyWeight is the rarity (IDF) of a phonetic key among listed names; 0
// for a key no listed name has.
func (ix *Index) KeyWeight(key string) float32 {
	if i := ix.idfKeys.find(key); i >= 0 {
		return ix.idf[i]
	}
	return 0
}

// MaxKeyWeight is the weight of a key only one listed name has. Rarity bars
// are capped at a share of it, since a tiny list has small IDFs throughout.
func (ix *Index) MaxKeyWeight() float32 { return ix.maxIDF }
