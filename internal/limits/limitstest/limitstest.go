// Package limitstest builds inputs for the tests of input bounds: endless
// or huge streams that are never held in memory, gzip bombs, and a measure
// of what a piece of code allocates.
package limitstest

import (
	"bytes"
	"compress/gzip"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/limits"
)

// Repeat is n bytes b (endless when n is negative), produced as read.
func Repeat(b byte, n int64) io.Reader { return &repeat{b: b, n: n} }

type repeat struct {
	b byte
	n int64
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	if r.n > 0 && int64(len(p)) > r.n {
		p = p[:r.n]
	}
	for i := range p {
		p[i] = r.b
	}
	if r.n > 0 {
		r.n -= int64(len(p))
	}
	return len(p), nil
}

// Gzip compresses everything r yields (a bomb: Repeat(0, 64<<20) gives
// about 64 KB).
func Gzip(tb testing.TB, r io.Reader) []byte {
	tb.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := io.Copy(zw, r); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// GzipString compresses s.
func GzipString(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

// Allocated is how many bytes fn allocates in all: an upper bound of the
// memory it held at any moment (other goroutines of the test binary add
// to it, so bounds should be generous).
func Allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// FuzzBytes bounds what a fuzz target unpacks from one input.
const FuzzBytes = 1 << 20

// AddSeeds adds every seed to f twice: as it is and gzipped, so that each
// parser's fuzz target also explores compressed input, as the list
// importer reads it.
func AddSeeds(f *testing.F, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
		f.Add(string(GzipString(s)))
	}
}

// Unpack returns a fuzz input as the importer reads a file: gunzipped when
// it starts with the gzip magic bytes, and bounded (FuzzBytes). ok is false
// for a broken gzip header.
func Unpack(data string) (r io.Reader, ok bool) {
	r, err := limits.Decompress(strings.NewReader(data), FuzzBytes)
	return r, err == nil
}
