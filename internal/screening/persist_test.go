package screening

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"iter"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/cache"
	"github.com/vigilhq/vigil/internal/lists"
)

// roundTrip saves ix in a cache directory and reads it back.
func roundTrip(t testing.TB, ix *Index) *Index {
	t.Helper()
	dir := cache.Open(t.TempDir(), nil)
	key := cache.NewKey(cacheName, indexFormat, nil)
	built := 0
	build := func() (*Index, error) { built++; return ix, nil }
	if _, err := cache.Get(dir, cacheName, key, decodeIndex, build, (*Index).encode); err != nil {
		t.Fatal(err)
	}
	got, err := cache.Get(dir, cacheName, key, decodeIndex, build, (*Index).encode)
	if err != nil {
		t.Fatal(err)
	}
	if built != 1 || got == ix {
		t.Fatalf("the index was not read from the cache (built %d times)", built)
	}
	return got
}

// persistQueries exercise every part of the index: keys, typos, joined
// words, documents, dates, titles, counterparts, alternatives.
var persistQueries = []Query{
	{Name: "Qassem Soleimani"}, {Name: "Kasim Sulaimani", DOB: "1957-03-11", Nationality: "IR"},
	{Name: "Ghasem Soleymani", DOB: "1958"}, {Name: "Ayman al-Zawahiri"}, {Name: "أيمن الظواهري"},
	{Name: "Al Qaida", Kind: lists.KindOrganization}, {Name: "Jaeil Ri"}, {Name: "Alaqsa"}, {Name: "Mohammad Ahmadi"},
	{Name: "Abdulrahman Abdullah Muhammad Rajab"}, {Name: "X Y", Document: "008827"}, {Name: "Bank Meli Iran; Soleimani Qasem"},
	{Name: "General Soleimani"}, {Name: "Mohammad Zzzadeh", Threshold: -1, Limit: 30},
}

func TestIndexCacheRoundTrip(t *testing.T) {
	ix := fixtureIndex()
	got := roundTrip(t, ix)
	for _, q := range persistQueries {
		want, have := ix.Screen(q), got.Screen(q)
		if a, b := mustJSON(t, want), mustJSON(t, have); a != b {
			t.Errorf("%q: built index gives\n%s\nthe read one\n%s", q.Name, a, b)
		}
	}
	for _, id := range []lists.SubjectID{"un:IRi.039", "ofac:5"} {
		if a, b := mustJSON(t, ix.Subject(id)), mustJSON(t, got.Subject(id)); a != b {
			t.Errorf("%s: record differs after the cache:\n%s\n%s", id, a, b)
		}
		if a, b := mustJSON(t, ix.Counterparts(ix.Subject(id))), mustJSON(t, got.Counterparts(got.Subject(id))); a != b {
			t.Errorf("%s: counterparts differ after the cache", id)
		}
	}
	if got.Subject("un:nobody") != nil {
		t.Error("an unknown ID found a subject")
	}
	if a, b := got.KeyWeight("slmn"), ix.KeyWeight("slmn"); a != b {
		t.Errorf("key weight %v after the cache, %v before", a, b)
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOpenRebuildsWhenAListChanges: Open reads the cache while the
// versions stay, and builds again once a new version is imported.
func TestOpenRebuildsWhenAListChanges(t *testing.T) {
	ctx := context.Background()
	st := &memStore{versions: map[lists.Source][]lists.Version{}, subjects: map[int64][]*lists.Subject{}}
	st.add(lists.SourceUN, "v1", subject("un:A", "person", "QASEM SOLEIMANI"))
	dir := cache.Open(t.TempDir(), nil)
	for range 2 {
		ix, err := Open(ctx, st, dir, timeZero)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := ix.Size(); n != 1 || len(ix.Versions()) != 1 {
			t.Fatalf("%d subjects, versions %v", n, ix.Versions())
		}
		if ix.m == nil {
			t.Error("Open screens with the index it built, not the saved one")
		}
	}
	if st.reads != 1 {
		t.Errorf("subjects read %d times, want once (then from the cache)", st.reads)
	}
	st.add(lists.SourceUN, "v2", subject("un:A", "person", "QASEM SOLEIMANI"), subject("un:B", "person", "GHASEM SOLEYMANI"))
	ix, err := Open(ctx, st, dir, timeZero)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Size(); n != 2 || ix.Versions()[0].SHA256 != "v2" {
		t.Errorf("after a new version: %d subjects, versions %v", n, ix.Versions())
	}
	if got := ix.Screen(Query{Name: "Ghasem Soleymani"}); len(got) == 0 || got[0].ID != "un:B" {
		t.Errorf("the new version's subject is not found: %v", got)
	}
}

// FuzzIndexCache damages a valid index entry and fixes its checksum, so
// that the damage reaches decodeIndex: it must fail cleanly or give an
// index that screens without panicking.
func FuzzIndexCache(f *testing.F) {
	path := f.TempDir()
	dir := cache.Open(path, nil)
	key := cache.NewKey(cacheName, indexFormat, nil)
	small := Build([]*lists.Subject{subject("un:A", "person", "QASEM SOLEIMANI", "Kasim Sulaimani"), subject("ofac:1", "organization", "AL-AQSA")}, nil)
	if err := dir.Save(cacheName, key, small.encode); err != nil {
		f.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(path, "*.bin"))
	good, err := os.ReadFile(files[0])
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint32(200), byte(1))
	f.Add(uint32(700), byte(0xff))
	f.Fuzz(func(t *testing.T, at uint32, x byte) {
		b := append([]byte(nil), good...)
		body := b[:len(b)-4]
		header := len("VIGILCACHE2\n") + 1 + len(cacheName) + len(key)
		body[header+int(at)%(len(body)-header)] ^= x
		binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli)))
		if err := os.WriteFile(files[0], b, 0o644); err != nil {
			t.Fatal(err)
		}
		ix, err := cache.Get(dir, cacheName, key, decodeIndex, func() (*Index, error) { return small, nil }, (*Index).encode)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"Qasem Soleimani", "Al Aqsa", "Sulaimani"} {
			for _, m := range ix.Screen(Query{Name: q, Threshold: -1}) {
				ix.Counterparts(ix.Subject(m.ID))
			}
		}
	})
}

var timeZero time.Time

// memStore holds versions in memory and counts the reads of subjects.
type memStore struct {
	versions map[lists.Source][]lists.Version
	subjects map[int64][]*lists.Subject
	reads    int
	next     int64
}

func (m *memStore) add(src lists.Source, sha string, subs ...*lists.Subject) {
	m.next++
	m.versions[src] = append(m.versions[src], lists.Version{ID: m.next, Source: src, SHA256: sha, GeneratedAt: time.Unix(m.next, 0)})
	m.subjects[m.next] = subs
}

func (m *memStore) HasVersion(context.Context, lists.Source, string) (*lists.Version, error) {
	return nil, nil
}

func (m *memStore) ImportVersion(context.Context, lists.VersionMeta, iter.Seq2[*lists.Subject, error]) (lists.ImportResult, error) {
	return lists.ImportResult{}, errors.New("read only")
}

func (m *memStore) Versions(_ context.Context, src lists.Source) ([]lists.Version, error) {
	return m.versions[src], nil
}

func (m *memStore) Version(context.Context, int64) (*lists.Version, error) {
	return nil, lists.ErrNotFound
}

func (m *memStore) SubjectsIn(_ context.Context, id int64) ([]*lists.Subject, error) {
	m.reads++
	return m.subjects[id], nil
}

func (m *memStore) SubjectRecords(context.Context, lists.SubjectID) (map[int64]*lists.Subject, error) {
	return nil, nil
}

func (m *memStore) Close() error { return nil }
