package cache

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/lists"
)

// sample is a structure with one field of each kind the codec writes.
type sample struct {
	N       uint64
	I       int64
	B       bool
	S       string
	Bytes   []byte
	Strs    []string
	U32     []uint32
	I32     []int32
	U64     []uint64
	F32     []float32
	Chunked []uint32 // a long array, read in place
}

func writeSample(s sample, e *Encoder) error {
	e.Uint(s.N)
	e.Int(s.I)
	e.Bool(s.B)
	e.String(s.S)
	e.Bytes(s.Bytes)
	e.Strings(s.Strs)
	e.Uint32s(s.U32)
	e.Int32s(s.I32)
	e.Uint64s(s.U64)
	e.Float32s(s.F32)
	e.Uint32s(s.Chunked)
	return nil
}

func readSample(d *Decoder) (sample, error) {
	s := sample{N: d.Uint(), I: d.Int(), B: d.Bool(), S: d.String(), Bytes: d.Bytes(), Strs: d.Strings(),
		U32: d.Uint32s(), I32: d.Int32s(), U64: d.Uint64s(), F32: d.Float32s(), Chunked: d.Uint32s()}
	return s, d.Err()
}

func testSample() sample {
	s := sample{N: 1 << 40, I: -12345, B: true, S: "Qasem Soleimani", Bytes: []byte{0, 1, 255}, Strs: []string{"a", "", "ب"},
		U32: []uint32{0, 7, 1 << 31}, I32: []int32{-1, 0, 5}, U64: []uint64{1<<63 + 5}, F32: []float32{0.5, -3.25, 1e-9}}
	for i := range 3*8192 + 17 {
		s.Chunked = append(s.Chunked, uint32(i*7))
	}
	return s
}

func versions(sha string) []lists.Version {
	return []lists.Version{{ID: 1, Source: lists.SourceUN, SHA256: sha, GeneratedAt: time.Date(2026, 5, 8, 0, 0, 0, 0, time.UTC)}}
}

// counter builds testSample and counts how often it was asked to.
type counter struct{ n atomic.Int32 }

func (c *counter) build() (sample, error) {
	c.n.Add(1)
	return testSample(), nil
}

func TestGetBuildsOnceThenLoads(t *testing.T) {
	dir := Open(t.TempDir(), nil)
	key := NewKey("sample", 1, versions("aa"))
	var c counter
	for i := range 3 {
		got, err := Get(dir, "sample", key, readSample, c.build, writeSample)
		if err != nil {
			t.Fatal(err)
		}
		if !equalSample(got, testSample()) {
			t.Fatalf("run %d: got %+v", i, got)
		}
	}
	if n := c.n.Load(); n != 1 {
		t.Errorf("built %d times, want once", n)
	}
}

func equalSample(a, b sample) bool {
	return a.N == b.N && a.I == b.I && a.B == b.B && a.S == b.S && slices.Equal(a.Bytes, b.Bytes) && slices.Equal(a.Strs, b.Strs) &&
		slices.Equal(a.U32, b.U32) && slices.Equal(a.I32, b.I32) && slices.Equal(a.U64, b.U64) && slices.Equal(a.F32, b.F32) && slices.Equal(a.Chunked, b.Chunked)
}

func TestKeys(t *testing.T) {
	base := NewKey("sample", 1, versions("aa"))
	other := versions("aa")
	other[0].ID, other[0].ImportedAt = 99, time.Now() // another store's numbering
	for _, tc := range []struct {
		name string
		key  Key
		same bool
	}{
		{"same versions in another store", NewKey("sample", 1, other), true},
		{"another list file", NewKey("sample", 1, versions("bb")), false},
		{"another format", NewKey("sample", 2, versions("aa")), false},
		{"another structure", NewKey("gazetteer", 1, versions("aa")), false},
		{"a list more", NewKey("sample", 1, append(versions("aa"), lists.Version{Source: lists.SourceOFAC, SHA256: "cc"})), false},
	} {
		if (tc.key == base) != tc.same {
			t.Errorf("%s: same key = %v, want %v", tc.name, tc.key == base, tc.same)
		}
	}
}

// TestDamagedEntriesAreRebuilt: every byte of an entry is covered: a
// flipped bit or a cut file is read as absent, never as data.
func TestDamagedEntriesAreRebuilt(t *testing.T) {
	path := t.TempDir()
	dir := Open(path, nil)
	key := NewKey("sample", 1, versions("aa"))
	var c counter
	if _, err := Get(dir, "sample", key, readSample, c.build, writeSample); err != nil {
		t.Fatal(err)
	}
	file := dir.file("sample", key)
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	damage := map[string][]byte{
		"truncated":      good[:len(good)/2],
		"empty":          {},
		"flipped":        flip(good, len(good)/3),
		"flipped header": flip(good, 2),
		"flipped sum":    flip(good, len(good)-1),
		"extra byte":     append(slices.Clone(good), 0),
	}
	for name, b := range damage {
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
		before := c.n.Load()
		got, err := Get(dir, "sample", key, readSample, c.build, writeSample)
		if err != nil || !equalSample(got, testSample()) {
			t.Errorf("%s: got %v, %v", name, got, err)
		}
		if c.n.Load() != before+1 {
			t.Errorf("%s: the damaged entry was read instead of rebuilt", name)
		}
	}
}

func flip(b []byte, i int) []byte {
	out := slices.Clone(b)
	out[i] ^= 0x10
	return out
}

// TestConcurrentProcesses: writers racing on one key each rename a whole
// file into place; readers see a complete entry or none.
func TestConcurrentProcesses(t *testing.T) {
	path := t.TempDir()
	key := NewKey("sample", 1, versions("aa"))
	var c counter
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			got, err := Get(Open(path, nil), "sample", key, readSample, c.build, writeSample)
			if err == nil && !equalSample(got, testSample()) {
				err = errors.New("wrong content")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	left, _ := filepath.Glob(filepath.Join(path, "*"))
	slices.Sort(left)
	if len(left) != 2 || !strings.HasSuffix(left[0], ".bin") || left[1] != left[0]+".ok" {
		t.Errorf("files left: %v, want the one entry and its mark", left)
	}
}

// TestMarkSkipsOnlyTheSameFile: an entry read once is marked verified; a
// file changed since (same size, a flipped byte) is verified again and
// rebuilt.
func TestMarkSkipsOnlyTheSameFile(t *testing.T) {
	path := t.TempDir()
	dir := Open(path, nil)
	key := NewKey("sample", 1, versions("aa"))
	var c counter
	for range 2 { // built and saved, then read and marked
		if _, err := Get(dir, "sample", key, readSample, c.build, writeSample); err != nil {
			t.Fatal(err)
		}
	}
	file := dir.file("sample", key)
	if _, err := os.Stat(file + ".ok"); err != nil || c.n.Load() != 1 {
		t.Fatalf("built %d times, mark: %v", c.n.Load(), err)
	}
	for range 2 { // read under the mark, which a read leaves valid
		var trusted bool
		read := func(d *Decoder) (sample, error) { trusted = d.Trusted(); return readSample(d) }
		if _, err := Get(dir, "sample", key, read, c.build, writeSample); err != nil || !trusted {
			t.Fatalf("a marked entry read as untrusted (%v)", err)
		}
	}
	good, _ := os.ReadFile(file)
	time.Sleep(10 * time.Millisecond) // another modification time
	if err := os.WriteFile(file, flip(good, len(good)/2), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Get(dir, "sample", key, readSample, c.build, writeSample)
	if err != nil || !equalSample(got, testSample()) || c.n.Load() != 2 {
		t.Errorf("a damaged entry under an old mark: built %d times, %v", c.n.Load(), err)
	}
}

func TestOldEntriesArePruned(t *testing.T) {
	path := t.TempDir()
	dir := Open(path, nil)
	var c counter
	var keys []Key
	for i, sha := range []string{"a", "b", "c", "d", "e"} {
		k := NewKey("sample", 1, versions(sha))
		keys = append(keys, k)
		if _, err := Get(dir, "sample", k, readSample, c.build, writeSample); err != nil {
			t.Fatal(err)
		}
		// distinct modification times, oldest first
		when := time.Now().Add(time.Duration(i-10) * time.Minute)
		os.Chtimes(dir.file("sample", k), when, when)
	}
	// one more save prunes: the newest three remain
	if err := dir.Save("sample", NewKey("sample", 1, versions("f")), func(e *Encoder) error { return writeSample(testSample(), e) }); err != nil {
		t.Fatal(err)
	}
	left, _ := filepath.Glob(filepath.Join(path, "sample-*.bin"))
	if len(left) != keep {
		t.Fatalf("%d entries left, want %d", len(left), keep)
	}
	for _, k := range keys[:3] {
		if _, err := os.Stat(dir.file("sample", k)); err == nil {
			t.Errorf("old entry %s kept", k)
		}
	}
}

func TestNilDirBuildsEveryTime(t *testing.T) {
	var c counter
	for range 2 {
		if _, err := Get(Open("", nil), "sample", Key{}, readSample, c.build, writeSample); err != nil {
			t.Fatal(err)
		}
	}
	if c.n.Load() != 2 {
		t.Errorf("built %d times, want 2", c.n.Load())
	}
}

// TestBuildErrorIsReturned: nothing is saved for a failed build.
func TestBuildErrorIsReturned(t *testing.T) {
	path := t.TempDir()
	boom := errors.New("store unavailable")
	_, err := Get(Open(path, nil), "sample", Key{}, readSample, func() (sample, error) { return sample{}, boom }, writeSample)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	if left, _ := filepath.Glob(filepath.Join(path, "*")); len(left) != 0 {
		t.Errorf("files left: %v", left)
	}
}

// FuzzDecoder reads arbitrary bytes as an entry: errors, never a panic or
// a huge allocation.
func FuzzDecoder(f *testing.F) {
	path := f.TempDir()
	dir := Open(path, nil)
	key := NewKey("sample", 1, versions("aa"))
	var c counter
	if _, err := Get(dir, "sample", key, readSample, c.build, writeSample); err != nil {
		f.Fatal(err)
	}
	good, _ := os.ReadFile(dir.file("sample", key))
	f.Add(good)
	f.Add(good[:40])
	f.Fuzz(func(t *testing.T, b []byte) {
		d := &Decoder{data: b[:max(len(b)-4, 0)]}
		if d.header("sample", key) == nil {
			readSample(d)
			d.finish()
		}
	})
}
