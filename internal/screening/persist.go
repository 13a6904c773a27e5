package screening

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/vigilhq/vigil/internal/cache"
	"github.com/vigilhq/vigil/internal/lists"
)

// indexFormat is the version of the index's encoding in the cache; change
// it whenever what encode writes changes. (A new build of the program makes
// new cache keys anyway; this covers builds from one commit.)
const indexFormat = 3

// cacheName names the screening index among the cache's entries.
const cacheName = "screening-index"

// Open returns the screening index of the lists in st as they stood on
// date at (zero: the latest versions). An index built from the same list
// versions by the same program is read from the cache directory; else the
// index is built and saved there for the next process. A nil dir builds
// every time. With no list imported the index is empty: callers check
// Versions.
func Open(ctx context.Context, st lists.Store, dir *cache.Dir, at time.Time) (*Index, error) {
	versions, err := lists.LatestVersions(ctx, st, nil, at)
	if err != nil {
		return nil, err
	}
	key := cache.NewKey(cacheName, indexFormat, versions)
	built := false
	ix, err := cache.Get(dir, cacheName, key, decodeIndex,
		func() (*Index, error) {
			built = true
			subs, err := lists.SubjectsOf(ctx, st, versions)
			if err != nil {
				return nil, err
			}
			return build(subs, versions, true)
		}, (*Index).encode)
	if err != nil {
		return nil, err
	}
	if built {
		// Screen with the saved entry, mapped, as every later process
		// will, rather than with the structures just built: a fraction of
		// the memory (a process that serves for days keeps what it opened).
		if saved, ok := cache.Load(dir, cacheName, key, decodeIndex); ok {
			ix = saved
		}
	}
	// The versions come from this store (numbers, import times), not from
	// the store that saved the entry: the key holds only their content.
	ix.versions = versions
	return ix, nil
}

// vocabToken is what a token is apart from its place in a name.
type vocabToken struct {
	text, key, bare, bareKey string
	letters                  uint32
}

// token flags, as stored
const (
	flagOptional = 1 << iota
	flagBound
	flagRomanized
)

var roles = []lists.NameRole{lists.RolePrimary, lists.RoleStrongAlias, lists.RoleWeakAlias, lists.RoleOriginalScript, lists.RoleFormerName}

// encode writes the index column by column (all subjects' kinds, then all
// their documents …), arrays of numbers and strings laid out so that
// decodeIndex uses them in place.
func (ix *Index) encode(e *cache.Encoder) error {
	ns, ne := ix.numSubjects(), ix.numEntries()
	// subjects
	ix.ids.encode(e)
	var sources, kinds, docs []string
	srcCodes, kindCodes := make([]byte, ns), make([]byte, ns)
	docEnds, spellEnds := make([]uint32, ns), make([]uint32, ns)
	var spells []uint64
	firsts := make([]int32, ns)
	for i := range ns {
		s := ix.info(int32(i))
		srcCodes[i] = code(&sources, string(s.source))
		kindCodes[i] = code(&kinds, string(s.kind))
		docs = append(docs, s.docs...)
		docEnds[i] = uint32(len(docs))
		spells = append(spells, s.spellings...)
		spellEnds[i] = uint32(len(spells))
		firsts[i] = s.first
	}
	e.Strings(sources)
	e.Bytes(srcCodes)
	e.Strings(kinds)
	e.Bytes(kindCodes)
	e.Uint32s(docEnds)
	docCol := newStrColumn(docs)
	docCol.encode(e)
	e.Uint32s(spellEnds)
	e.Uint64s(spells)
	e.Int32s(firsts)
	// records, as JSON: read one by one when a query needs them (an index
	// that holds them so already is written as it is)
	blob, ends := ix.blob, ix.blobEnds
	if len(ends) != ns {
		blob, ends = nil, make([]uint32, ns)
		for i := range ns {
			b, err := json.Marshal(ix.subject(int32(i)))
			if err != nil {
				return fmt.Errorf("subject %s: %w", ix.info(int32(i)).id, err)
			}
			blob = append(blob, b...)
			ends[i] = uint32(len(blob))
		}
	}
	e.Bytes(blob)
	e.Uint32s(ends)

	// entries: their words are numbered in a vocabulary
	vocab := map[vocabToken]uint32{}
	var vocabCols [4][]string
	var vocabLetters []uint32
	subjects, nameIdx := make([]int32, ne), make([]int32, ne)
	roleCodes := make([]byte, ne)
	tokEnds := make([]uint32, ne)
	var tokIDs []uint32
	var tokFlags []byte
	var weights []float32
	joinKeys := make([]string, ne)
	particles := make([]uint32, ne)
	var extraIDs, titleEnds, legalEnds []uint32
	var titles, legals, nicknames []string
	for i := range ne {
		en := ix.entry(int32(i))
		subjects[i], nameIdx[i] = en.subject, en.name
		roleCodes[i] = byte(slices.Index(roles, en.role))
		for _, t := range en.parsed.Tokens {
			v := vocabToken{t.Text, t.Key, t.Bare, t.BareKey, t.Letters}
			id, ok := vocab[v]
			if !ok {
				id = uint32(len(vocabLetters))
				vocab[v] = id
				for k, s := range []string{v.text, v.key, v.bare, v.bareKey} {
					vocabCols[k] = append(vocabCols[k], s)
				}
				vocabLetters = append(vocabLetters, v.letters)
			}
			tokIDs = append(tokIDs, id)
			var f byte
			if t.Optional {
				f |= flagOptional
			}
			if t.Bound {
				f |= flagBound
			}
			if t.Romanized {
				f |= flagRomanized
			}
			tokFlags = append(tokFlags, f)
		}
		tokEnds[i] = uint32(len(tokIDs))
		weights = append(weights, en.weights...)
		joinKeys[i] = en.joinKey
		particles[i] = en.parsed.Particles
		if len(en.parsed.Titles) > 0 || len(en.parsed.LegalForms) > 0 || en.nickname != "" {
			extraIDs = append(extraIDs, uint32(i))
			titles = append(titles, en.parsed.Titles...)
			titleEnds = append(titleEnds, uint32(len(titles)))
			legals = append(legals, en.parsed.LegalForms...)
			legalEnds = append(legalEnds, uint32(len(legals)))
			nicknames = append(nicknames, en.nickname)
		}
	}
	for k := range vocabCols {
		c := newStrColumn(vocabCols[k])
		c.encode(e)
	}
	e.Uint32s(vocabLetters)
	e.Int32s(subjects)
	e.Int32s(nameIdx)
	e.Bytes(roleCodes)
	e.Uint32s(tokEnds)
	e.Uint32s(tokIDs)
	e.Bytes(tokFlags)
	e.Float32s(weights)
	jk := newStrColumn(joinKeys)
	jk.encode(e)
	e.Uint32s(particles)
	e.Float32s(ix.totals)
	e.Uint32s(ix.letters)
	e.Uint32s(extraIDs)
	e.Uint32s(titleEnds)
	tc := newStrColumn(titles)
	tc.encode(e)
	e.Uint32s(legalEnds)
	lc := newStrColumn(legals)
	lc.encode(e)
	nc := newStrColumn(nicknames)
	nc.encode(e)

	// lookups
	for _, p := range ix.postingLists() {
		p.encode(e)
	}
	ix.bySpelling.encode(e)
	ix.idfKeys.encode(e)
	e.Float32s(ix.idf)
	e.Float32s([]float32{ix.maxIDF})
	return nil
}

// postingLists are the index's postings in their stored order.
func (ix *Index) postingLists() []*postings {
	return []*postings{&ix.byKey, &ix.byText, &ix.byDel, &ix.byJoin, &ix.byVariant, &ix.byDoc, &ix.byBirth, &ix.sameAsRefs}
}

// postingTables are the string tables of the postings.
func (ix *Index) postingTables() []*strTable {
	var out []*strTable
	for _, p := range ix.postingLists() {
		out = append(out, &p.keys)
	}
	return out
}

// code is the number of v in table, added if new.
func code(table *[]string, v string) byte {
	if i := slices.Index(*table, v); i >= 0 {
		return byte(i)
	}
	*table = append(*table, v)
	return byte(len(*table) - 1)
}

// decodeIndex reads what encode wrote, in place. Sizes are checked on
// every read; the values (every number that indexes something, every
// order a lookup relies on) the first time an entry is read, since that
// reads the whole entry (cache.Decoder.Trusted): a damaged entry is an
// error, never a panic.
func decodeIndex(d *cache.Decoder) (*Index, error) {
	m := &mappedIndex{}
	ix := &Index{model: defaultModel, m: m}
	ix.ids.decode(d)
	m.sources = d.Strings()
	m.srcCodes = d.Bytes()
	m.kinds = d.Strings()
	m.kindCodes = d.Bytes()
	m.docEnds = d.Uint32s()
	m.docs.decode(d)
	m.spellEnds = d.Uint32s()
	m.spells = d.Uint64s()
	m.firsts = d.Int32s()
	ix.blob = d.Bytes()
	ix.blobEnds = d.Uint32s()
	for k := range m.vocab {
		m.vocab[k].decode(d)
	}
	m.vocabLetters = d.Uint32s()
	m.entSubjects = d.Int32s()
	m.nameIdx = d.Int32s()
	m.roleCodes = d.Bytes()
	m.tokEnds = d.Uint32s()
	m.tokIDs = d.Uint32s()
	m.tokFlags = d.Bytes()
	m.weights = d.Float32s()
	m.joinKeys.decode(d)
	m.particles = d.Uint32s()
	ix.totals = d.Float32s()
	ix.letters = d.Uint32s()
	m.extraIDs = d.Uint32s()
	m.titleEnds = d.Uint32s()
	m.titles.decode(d)
	m.legalEnds = d.Uint32s()
	m.legals.decode(d)
	m.nicknames.decode(d)
	for _, p := range ix.postingLists() {
		p.decode(d)
	}
	ix.bySpelling.decode(d)
	ix.idfKeys.decode(d)
	ix.idf = d.Float32s()
	maxIDF := d.Float32s()
	if err := d.Err(); err != nil {
		return nil, err
	}
	if len(maxIDF) != 1 {
		return nil, errors.New("weights: no maximum")
	}
	ix.maxIDF = maxIDF[0]
	if err := ix.checkSizes(); err != nil {
		return nil, err
	}
	if !d.Trusted() {
		if err := ix.checkValues(); err != nil {
			return nil, err
		}
	}
	ix.records = make([]atomic.Pointer[lists.Subject], ix.numSubjects())
	m.infos = make([]atomic.Pointer[subjectInfo], ix.numSubjects())
	m.entries = make([]atomic.Pointer[entry], ix.numEntries())
	return ix, nil
}

// lastIs reports whether a prefix array of n spans ends at total.
func lastIs(ends []uint32, n, total int) bool {
	return len(ends) == n && (n == 0 && total == 0 || n > 0 && int(ends[n-1]) == total)
}

// checkSizes checks that the columns agree in length, reading no more
// than their ends.
func (ix *Index) checkSizes() error {
	m := ix.m
	ns, ne, nv := ix.ids.len(), len(m.entSubjects), len(m.vocabLetters)
	switch {
	case !ix.ids.sized():
		return errors.New("subject IDs: inconsistent sizes")
	case len(m.srcCodes) != ns || len(m.kindCodes) != ns || len(m.firsts) != ns:
		return fmt.Errorf("subjects: columns disagree with %d subjects", ns)
	case !lastIs(m.docEnds, ns, len(m.docs.ends)) || !lastIs(m.docs.ends, len(m.docs.ends), len(m.docs.text)):
		return errors.New("subjects: documents out of range")
	case !lastIs(m.spellEnds, ns, len(m.spells)):
		return errors.New("subjects: spellings out of range")
	case !lastIs(ix.blobEnds, ns, len(ix.blob)):
		return errors.New("subjects: record offsets out of range")
	case len(m.nameIdx) != ne || len(m.roleCodes) != ne || len(m.particles) != ne || len(ix.totals) != ne || len(ix.letters) != ne ||
		!lastIs(m.joinKeys.ends, ne, len(m.joinKeys.text)):
		return fmt.Errorf("entries: columns disagree with %d entries", ne)
	case !lastIs(m.tokEnds, ne, len(m.tokIDs)) || len(m.tokFlags) != len(m.tokIDs) || len(m.weights) != len(m.tokIDs):
		return errors.New("entries: token columns disagree")
	case len(m.titleEnds) != len(m.extraIDs) || len(m.legalEnds) != len(m.extraIDs) ||
		!lastIs(m.titleEnds, len(m.extraIDs), len(m.titles.ends)) || !lastIs(m.legalEnds, len(m.extraIDs), len(m.legals.ends)) ||
		!lastIs(m.nicknames.ends, len(m.extraIDs), len(m.nicknames.text)) ||
		!lastIs(m.titles.ends, len(m.titles.ends), len(m.titles.text)) || !lastIs(m.legals.ends, len(m.legals.ends), len(m.legals.text)):
		return errors.New("entries: titles, legal forms or nicknames disagree")
	case len(ix.idf) != ix.idfKeys.len() || !ix.idfKeys.sized():
		return fmt.Errorf("weights: %d for %d keys", len(ix.idf), ix.idfKeys.len())
	case len(ix.bySpelling.hashes) != len(ix.bySpelling.subjects):
		return errors.New("spellings: columns disagree")
	}
	for k := range m.vocab {
		if !lastIs(m.vocab[k].ends, nv, len(m.vocab[k].text)) {
			return errors.New("words: columns disagree")
		}
	}
	for _, p := range ix.postingLists() {
		if !p.sized() {
			return errors.New("postings: inconsistent sizes")
		}
	}
	return nil
}

// checkValues checks every number that indexes something and every order
// a lookup relies on: it reads the whole entry.
func (ix *Index) checkValues() error {
	m := ix.m
	ns, ne, nv := ix.ids.len(), len(m.entSubjects), len(m.vocabLetters)
	sorted := [][]uint32{ix.ids.ends, m.docEnds, m.docs.ends, m.spellEnds, ix.blobEnds, m.tokEnds, m.joinKeys.ends, m.extraIDs,
		m.titleEnds, m.titles.ends, m.legalEnds, m.legals.ends, m.nicknames.ends, ix.idfKeys.ends}
	for k := range m.vocab {
		sorted = append(sorted, m.vocab[k].ends)
	}
	for _, s := range sorted {
		if !slices.IsSorted(s) {
			return errors.New("offsets out of order")
		}
	}
	for i := range ns {
		if int(m.srcCodes[i]) >= len(m.sources) || int(m.kindCodes[i]) >= len(m.kinds) {
			return fmt.Errorf("subject %d: source or kind code out of range", i)
		}
		if m.firsts[i] < 0 || int(m.firsts[i]) > ne || i > 0 && m.firsts[i] < m.firsts[i-1] {
			return fmt.Errorf("subject %d: entries out of range", i)
		}
	}
	for i := range ne {
		if m.entSubjects[i] < 0 || int(m.entSubjects[i]) >= ns || int(m.roleCodes[i]) >= len(roles) || m.nameIdx[i] < 0 {
			return fmt.Errorf("entry %d: subject, name or role out of range", i)
		}
		si := m.entSubjects[i]
		if int32(i) < m.firsts[si] || int(si)+1 < ns && int32(i) >= m.firsts[si+1] {
			return fmt.Errorf("entry %d: not among its subject's entries", i)
		}
		if from, to := span(m.spellEnds, si); from > to || uint32(m.nameIdx[i]) >= to-from {
			return fmt.Errorf("entry %d: name %d beyond its subject's names", i, m.nameIdx[i])
		}
	}
	prev := uint32(0)
	for i, end := range m.vocab[0].ends { // every word has a text
		if end <= prev {
			return fmt.Errorf("word %d: empty", i)
		}
		prev = end
	}
	for i, id := range m.tokIDs {
		if int(id) >= nv {
			return fmt.Errorf("token %d: word %d out of range", i, id)
		}
	}
	if len(m.extraIDs) > 0 && int(m.extraIDs[len(m.extraIDs)-1]) >= ne {
		return errors.New("extras out of range")
	}
	for i, p := range ix.postingLists() {
		limit := ne // postings of entries …
		if i >= 5 {
			limit = ns // … and of subjects (documents, births, references)
		}
		if err := p.check(limit); err != nil {
			return err
		}
	}
	if err := ix.bySpelling.check(ns); err != nil {
		return err
	}
	for _, t := range append([]*strTable{&ix.ids, &ix.idfKeys}, ix.postingTables()...) {
		if err := t.check(); err != nil {
			return err
		}
	}
	return nil
}
