package screening

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/vigilhq/vigil/internal/cache"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
)

// indexFormat is the version of the index's encoding in the cache; change
// it whenever what encode writes changes. (A new build of the program makes
// new cache keys anyway; this covers builds from one commit.)
const indexFormat = 2

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
	ix, err := cache.Get(dir, cacheName, cache.NewKey(cacheName, indexFormat, versions), decodeIndex,
		func() (*Index, error) {
			subs, err := lists.SubjectsOf(ctx, st, versions)
			if err != nil {
				return nil, err
			}
			return Build(subs, versions), nil
		}, (*Index).encode)
	if err != nil {
		return nil, err
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
// their documents …), so that reading it back is a few large reads.
func (ix *Index) encode(e *cache.Encoder) error {
	// subjects
	ix.ids.encode(e)
	var sources, kinds []string
	srcCodes := make([]byte, len(ix.subjects))
	kindCodes := make([]byte, len(ix.subjects))
	var docCounts, spellCounts []uint32
	var docs []string
	var spells []uint64
	firsts := make([]int32, len(ix.subjects))
	for i, s := range ix.subjects {
		srcCodes[i] = code(&sources, string(s.source))
		kindCodes[i] = code(&kinds, string(s.kind))
		docCounts = append(docCounts, uint32(len(s.docs)))
		docs = append(docs, s.docs...)
		spellCounts = append(spellCounts, uint32(len(s.spellings)))
		spells = append(spells, s.spellings...)
		firsts[i] = s.first
	}
	e.Strings(sources)
	e.Bytes(srcCodes)
	e.Strings(kinds)
	e.Bytes(kindCodes)
	e.Uint32s(docCounts)
	e.Strings(docs)
	e.Uint32s(spellCounts)
	e.Uint64s(spells)
	e.Int32s(firsts)
	// records, as JSON: read one by one when a query needs them
	var blob []byte
	ends := make([]uint32, len(ix.subjects))
	for i := range ix.subjects {
		b, err := json.Marshal(ix.subject(int32(i)))
		if err != nil {
			return fmt.Errorf("subject %s: %w", ix.subjects[i].id, err)
		}
		blob = append(blob, b...)
		ends[i] = uint32(len(blob))
	}
	e.Bytes(blob)
	e.Uint32s(ends)

	// entries
	vocab := map[vocabToken]uint32{}
	var vocabList []vocabToken
	n := len(ix.entries)
	subjects, nameIdx := make([]int32, n), make([]int32, n)
	roleCodes := make([]byte, n)
	tokEnds := make([]uint32, n)
	var tokIDs []uint32
	var tokFlags []byte
	var weights []float32
	joinKeys := make([]string, n)
	var extras []uint32 // entries with titles, legal forms or a nickname
	particles := make([]uint32, n)
	totals, letters := make([]float32, n), make([]uint32, n)
	for i := range ix.entries {
		en := &ix.entries[i]
		subjects[i], nameIdx[i] = en.subject, en.name
		roleCodes[i] = byte(slices.Index(roles, en.role))
		for _, t := range en.parsed.Tokens {
			v := vocabToken{t.Text, t.Key, t.Bare, t.BareKey, t.Letters}
			id, ok := vocab[v]
			if !ok {
				id = uint32(len(vocabList))
				vocab[v] = id
				vocabList = append(vocabList, v)
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
		totals[i], letters[i] = ix.brief[i].total, ix.brief[i].letters
		if len(en.parsed.Titles) > 0 || len(en.parsed.LegalForms) > 0 || en.nickname != "" {
			extras = append(extras, uint32(i))
		}
	}
	e.Uint(uint64(len(vocabList)))
	for _, v := range vocabList {
		e.String(v.text)
		e.String(v.key)
		e.String(v.bare)
		e.String(v.bareKey)
		e.Uint(uint64(v.letters))
	}
	e.Int32s(subjects)
	e.Int32s(nameIdx)
	e.Bytes(roleCodes)
	e.Uint32s(tokEnds)
	e.Uint32s(tokIDs)
	e.Bytes(tokFlags)
	e.Float32s(weights)
	e.Strings(joinKeys)
	e.Uint32s(particles)
	e.Float32s(totals)
	e.Uint32s(letters)
	e.Uint32s(extras)
	for _, i := range extras {
		en := &ix.entries[i]
		e.Strings(en.parsed.Titles)
		e.Strings(en.parsed.LegalForms)
		e.String(en.nickname)
	}

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

// code is the number of v in table, added if new.
func code(table *[]string, v string) byte {
	if i := slices.Index(*table, v); i >= 0 {
		return byte(i)
	}
	*table = append(*table, v)
	return byte(len(*table) - 1)
}

// decodeIndex reads what encode wrote, checking every number that indexes
// something against its size: a damaged entry is an error, never a panic.
func decodeIndex(d *cache.Decoder) (*Index, error) {
	ix := &Index{model: defaultModel}
	ix.ids.decode(d)
	sources := d.Strings()
	srcCodes := d.Bytes()
	kinds := d.Strings()
	kindCodes := d.Bytes()
	docCounts := d.Uint32s()
	docs := d.Strings()
	spellCounts := d.Uint32s()
	spells := d.Uint64s()
	firsts := d.Int32s()
	blob := d.Bytes()
	blobEnds := d.Uint32s()
	if err := d.Err(); err != nil {
		return nil, err
	}
	ns := ix.ids.len()
	for _, l := range []int{len(srcCodes), len(kindCodes), len(docCounts), len(spellCounts), len(firsts), len(blobEnds)} {
		if l != ns {
			return nil, fmt.Errorf("subjects: %d values for %d subjects", l, ns)
		}
	}
	if !slices.IsSorted(blobEnds) || ns > 0 && int(blobEnds[ns-1]) != len(blob) {
		return nil, fmt.Errorf("subjects: record offsets out of range")
	}
	ix.subjects = make([]subjectInfo, ns)
	ix.records = make([]atomic.Pointer[lists.Subject], ns)
	ix.blobs = make([][]byte, ns)
	di, spi := 0, 0
	for i := range ix.subjects {
		if int(srcCodes[i]) >= len(sources) || int(kindCodes[i]) >= len(kinds) {
			return nil, fmt.Errorf("subject %d: source or kind code out of range", i)
		}
		nd, nsp := int(docCounts[i]), int(spellCounts[i])
		if di+nd > len(docs) || spi+nsp > len(spells) {
			return nil, fmt.Errorf("subject %d: documents or spellings out of range", i)
		}
		s := &ix.subjects[i]
		s.id = lists.SubjectID(ix.ids.key(i))
		s.source, s.kind = lists.Source(sources[srcCodes[i]]), lists.Kind(kinds[kindCodes[i]])
		s.docs = docs[di : di+nd : di+nd]
		s.spellings = spells[spi : spi+nsp : spi+nsp]
		di, spi = di+nd, spi+nsp
		s.first = firsts[i]
		start := uint32(0)
		if i > 0 {
			start = blobEnds[i-1]
		}
		ix.blobs[i] = blob[start:blobEnds[i]:blobEnds[i]]
	}

	nv := d.Len(4)
	vocab := make([]names.Token, nv)
	for i := range vocab {
		vocab[i] = names.Token{Text: d.String(), Key: d.String(), Bare: d.String(), BareKey: d.String(), Letters: uint32(d.Uint())}
	}
	subjects := d.Int32s()
	nameIdx := d.Int32s()
	roleCodes := d.Bytes()
	tokEnds := d.Uint32s()
	tokIDs := d.Uint32s()
	tokFlags := d.Bytes()
	weights := d.Float32s()
	joinKeys := d.Strings()
	particles := d.Uint32s()
	totals := d.Float32s()
	letters := d.Uint32s()
	extras := d.Uint32s()
	if err := d.Err(); err != nil {
		return nil, err
	}
	ne := len(subjects)
	for _, l := range []int{len(nameIdx), len(roleCodes), len(tokEnds), len(joinKeys), len(particles), len(totals), len(letters)} {
		if l != ne {
			return nil, fmt.Errorf("entries: %d values for %d entries", l, ne)
		}
	}
	if len(tokIDs) != len(tokFlags) || len(weights) != len(tokIDs) || !slices.IsSorted(tokEnds) || ne > 0 && int(tokEnds[ne-1]) != len(tokIDs) {
		return nil, fmt.Errorf("entries: token columns disagree")
	}
	tokens := make([]names.Token, len(tokIDs))
	for i, id := range tokIDs {
		if int(id) >= nv {
			return nil, fmt.Errorf("token %d: word %d out of range", i, id)
		}
		t := vocab[id]
		f := tokFlags[i]
		t.Optional, t.Bound, t.Romanized = f&flagOptional != 0, f&flagBound != 0, f&flagRomanized != 0
		tokens[i] = t
	}
	ix.entries = make([]entry, ne)
	ix.brief = make([]entryBrief, ne)
	start := uint32(0)
	for i := range ix.entries {
		if subjects[i] < 0 || int(subjects[i]) >= ns || int(roleCodes[i]) >= len(roles) {
			return nil, fmt.Errorf("entry %d: subject or role out of range", i)
		}
		end := tokEnds[i]
		en := &ix.entries[i]
		en.subject, en.name, en.role = subjects[i], nameIdx[i], roles[roleCodes[i]]
		en.person = ix.subjects[en.subject].kind == lists.KindPerson
		en.parsed = names.Parsed{Tokens: tokens[start:end:end], Particles: particles[i]}
		en.weights = weights[start:end:end]
		en.joinKey = joinKeys[i]
		en.joined = en.parsed.Joined()
		ix.brief[i] = entryBrief{total: totals[i], letters: letters[i]}
		start = end
	}
	for _, i := range extras {
		if int(i) >= ne {
			return nil, fmt.Errorf("entry %d out of range", i)
		}
		en := &ix.entries[i]
		en.parsed.Titles, en.parsed.LegalForms, en.nickname = d.Strings(), d.Strings(), d.String()
	}
	for i, s := range ix.subjects {
		end := int32(ne)
		if i+1 < ns {
			end = ix.subjects[i+1].first
		}
		if s.first < 0 || s.first > end || int(end) > ne {
			return nil, fmt.Errorf("subject %d: entries out of range", i)
		}
		ix.subjects[i].end = end
	}

	for i, p := range ix.postingLists() {
		limit := ne // postings of entries …
		if i >= 5 {
			limit = ns // … and of subjects (documents, births, references)
		}
		p.decode(d, limit)
	}
	ix.bySpelling.decode(d, ns)
	ix.idfKeys.decode(d)
	ix.idf = d.Float32s()
	maxIDF := d.Float32s()
	if err := d.Err(); err != nil {
		return nil, err
	}
	if len(ix.idf) != ix.idfKeys.len() || len(maxIDF) != 1 {
		return nil, fmt.Errorf("weights: %d for %d keys", len(ix.idf), ix.idfKeys.len())
	}
	ix.maxIDF = maxIDF[0]
	return ix, nil
}
