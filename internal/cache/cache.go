// Package cache keeps structures built from the lists (the screening index,
// a scanner's gazetteer) on disk, so that a process loads them instead of
// building them again. An entry is keyed by a fingerprint of what it was
// built from — the list versions and the program that built it — so a new
// list version or a new build of Vigil makes a new entry, and a stale one is
// never read. Entries are written to a temporary file and renamed into
// place, so concurrent processes never read a half-written file; each ends
// with a checksum, and anything unreadable is treated as absent.
//
// An entry is read by mapping its file into memory: the numbers, strings
// and byte slices a Decoder returns are the file's bytes in place (arrays
// of numbers are aligned for that), so a structure of a million names is
// ready without being copied or parsed, and only the pages a query
// touches are read. They are read-only: writing to them crashes. The
// mapping lives as long as the process (what is read from it may be kept
// anywhere); entries are replaced when the lists change, which is rare.
//
// The checksum of a large entry takes longer to verify than the rest of a
// `vigil screen` run, so it is verified in full once, by the first process
// that maps the file, which then leaves a mark beside it (the file's size,
// modification time and checksum) once it has read the entry whole; later
// processes that find the mark matching skip the checksum, and the reader
// may skip checks of its own (Decoder.Trusted).
//
// The package knows nothing of what it stores: a domain package writes its
// structure with an Encoder and reads it back with a Decoder.
package cache

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/vigilhq/vigil/internal/lists"
)

// Dir is a directory of cached structures. A nil *Dir caches nothing: Get
// always builds.
type Dir struct {
	path string
	log  *slog.Logger
}

// Open uses the directory at path (created on first save). An empty path
// gives nil, which caches nothing.
func Open(path string, log *slog.Logger) *Dir {
	if path == "" {
		return nil
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Dir{path: path, log: log}
}

// Path is the directory's location.
func (d *Dir) Path() string {
	if d == nil {
		return ""
	}
	return d.path
}

// Key fingerprints what a structure was built from.
type Key [sha256.Size]byte

func (k Key) String() string { return hex.EncodeToString(k[:]) }

// NewKey fingerprints a structure named name in its encoding format,
// built by this program from the given list versions. Each version counts
// by its source, content hash and date, not by its number in one store:
// two stores holding the same files share entries.
func NewKey(name string, format int, versions []lists.Version) Key {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%s\x00", name, format, programIdentity())
	vs := slices.Clone(versions)
	slices.SortFunc(vs, func(a, b lists.Version) int {
		return strings.Compare(string(a.Source)+a.SHA256, string(b.Source)+b.SHA256)
	})
	for _, v := range vs {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", v.Source, v.SHA256, v.GeneratedAt.UTC().Format(time.RFC3339Nano))
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// programIdentity says which code builds the structures: the commit when
// the binary was built from a clean checkout, else the executable's path,
// size and modification time (any rebuild changes them). Parsing rules
// live in the code, so a structure built by other code is not reused.
var programIdentity = sync.OnceValue(func() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" && modified == "false" {
			return "rev:" + rev
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return "exe:" + exe
	}
	return fmt.Sprintf("exe:%s:%d:%d", exe, fi.Size(), fi.ModTime().UnixNano())
})

// keep is how many entries of one name stay on disk; older ones are
// removed when a new one is saved (one per list version in use, roughly).
const keep = 3

const magic = "VIGILCACHE2\n"

func (d *Dir) file(name string, key Key) string {
	return filepath.Join(d.path, name+"-"+key.String()[:32]+".bin")
}

// Get returns the structure named name for key: read from the directory
// when an entry is there and readable, else built and saved. A failed
// save is logged, not returned: the structure is still good.
func Get[T any](d *Dir, name string, key Key, read func(*Decoder) (T, error), build func() (T, error), write func(T, *Encoder) error) (T, error) {
	if d != nil {
		v, ok := load(d, name, key, read)
		if ok {
			return v, nil
		}
	}
	v, err := build()
	if err != nil || d == nil {
		return v, err
	}
	if err := d.Save(name, key, func(e *Encoder) error { return write(v, e) }); err != nil {
		d.log.Warn("cache: could not save", "name", name, "dir", d.path, "err", err)
	}
	return v, nil
}

// Load reads the entry for name and key when there is a readable one.
func Load[T any](d *Dir, name string, key Key, read func(*Decoder) (T, error)) (T, bool) {
	if d == nil {
		var zero T
		return zero, false
	}
	return load(d, name, key, read)
}

func load[T any](d *Dir, name string, key Key, read func(*Decoder) (T, error)) (T, bool) {
	var zero T
	start := time.Now()
	path := d.file(name, key)
	data, fi, release, err := mapFile(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			d.log.Warn("cache: could not open", "path", path, "err", err)
		}
		return zero, false
	}
	mark := markOf(fi, data)
	trusted := mark != "" && readMark(path) == mark
	v, err := func() (T, error) {
		if !trusted && !checksumOK(data) {
			return zero, errors.New("checksum mismatch")
		}
		dec := &Decoder{data: data[:len(data)-4], trusted: trusted}
		if err := dec.header(name, key); err != nil {
			return zero, err
		}
		v, err := read(dec)
		if err != nil {
			return zero, err
		}
		return v, dec.finish()
	}()
	if err != nil {
		release()
		d.log.Warn("cache: unreadable entry ignored", "path", path, "err", err)
		return zero, false
	}
	if !trusted {
		_ = writeAtomic(path+".ok", []byte(mark)) // without it the next reader checks again
	} else {
		// most recently used: kept longest (the entry's own time is in
		// its mark, so the mark's time says when it was last used)
		now := time.Now()
		_ = os.Chtimes(path+".ok", now, now)
	}
	d.log.Debug("cache: loaded", "name", name, "path", path, "elapsed", time.Since(start))
	return v, true
}

// markOf is what the mark of a verified entry says: the file's size,
// modification time and checksum; "" for a file too short to be one.
func markOf(fi fs.FileInfo, data []byte) string {
	if len(data) < len(magic)+4 {
		return ""
	}
	return fmt.Sprintf("%d %d %08x\n", fi.Size(), fi.ModTime().UnixNano(), binary.LittleEndian.Uint32(data[len(data)-4:]))
}

func readMark(path string) string {
	b, err := os.ReadFile(path + ".ok")
	if err != nil || len(b) > 100 {
		return ""
	}
	return string(b)
}

func checksumOK(data []byte) bool {
	return len(data) >= len(magic)+4 && crc32.Checksum(data[:len(data)-4], castagnoli) == binary.LittleEndian.Uint32(data[len(data)-4:])
}

// writeAtomic writes a small file through a temporary one.
func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+"-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Save writes the entry for name and key: to a temporary file, renamed
// into place once complete. Older entries of the same name beyond the
// last few used are removed.
func (d *Dir) Save(name string, key Key, write func(*Encoder) error) error {
	if d == nil {
		return nil
	}
	if err := os.MkdirAll(d.path, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(d.path, name+"-*.tmp")
	if err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	enc := newEncoder(tmp)
	enc.header(name, key)
	if err := write(enc); err != nil {
		tmp.Close()
		return err
	}
	if err := enc.finish(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), d.file(name, key)); err != nil {
		return err
	}
	d.prune(name)
	return nil
}

// prune removes all but the most recently used entries of name (by the
// time of their mark, else of their file), and
// temporary files a crashed process left behind.
func (d *Dir) prune(name string) {
	entries, err := filepath.Glob(filepath.Join(d.path, name+"-*.bin"))
	if err != nil || len(entries) <= keep {
		return
	}
	type aged struct {
		path string
		mod  time.Time
	}
	var all []aged
	for _, p := range entries {
		if fi, err := os.Stat(p); err == nil {
			used := fi.ModTime()
			if mk, err := os.Stat(p + ".ok"); err == nil && mk.ModTime().After(used) {
				used = mk.ModTime() // read since it was written
			}
			all = append(all, aged{p, used})
		}
	}
	slices.SortFunc(all, func(a, b aged) int { return b.mod.Compare(a.mod) })
	for _, a := range all[min(keep, len(all)):] {
		if err := os.Remove(a.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			d.log.Warn("cache: could not remove an old entry", "path", a.path, "err", err)
		}
		os.Remove(a.path + ".ok")
	}
	if tmps, _ := filepath.Glob(filepath.Join(d.path, name+"-*.tmp")); len(tmps) > 0 {
		for _, p := range tmps {
			if fi, err := os.Stat(p); err == nil && time.Since(fi.ModTime()) > time.Hour {
				os.Remove(p)
			}
		}
	}
}

// Encoder writes an entry: numbers as fixed-width little-endian or
// varints, strings and slices with their length first. Errors are kept
// and reported once, at the end.
type Encoder struct {
	w   *bufio.Writer
	crc hash.Hash32
	err error
	off int64 // bytes written, for alignment
	buf [binary.MaxVarintLen64]byte
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func newEncoder(w io.Writer) *Encoder {
	c := crc32.New(castagnoli)
	return &Encoder{w: bufio.NewWriterSize(io.MultiWriter(w, c), 1<<16), crc: c}
}

func (e *Encoder) write(p []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(p)
		e.off += int64(len(p))
	}
}

// align pads with zeros to a multiple of 8 bytes from the start of the
// file, so that a mapped array of numbers can be used in place.
func (e *Encoder) align() {
	var zeros [8]byte
	if r := e.off % 8; r != 0 {
		e.write(zeros[:8-r])
	}
}

func (e *Encoder) header(name string, key Key) {
	e.write([]byte(magic))
	e.String(name)
	e.write(key[:])
}

// finish writes the checksum of everything before it.
func (e *Encoder) finish() error {
	if e.err == nil {
		e.err = e.w.Flush()
	}
	if e.err != nil {
		return e.err
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], e.crc.Sum32())
	e.write(sum[:])
	if e.err == nil {
		e.err = e.w.Flush()
	}
	return e.err
}

// Uint writes an unsigned number.
func (e *Encoder) Uint(v uint64) { e.write(binary.AppendUvarint(e.buf[:0], v)) }

// Int writes a signed number.
func (e *Encoder) Int(v int64) { e.write(binary.AppendVarint(e.buf[:0], v)) }

// Bool writes a flag.
func (e *Encoder) Bool(v bool) {
	if v {
		e.Uint(1)
	} else {
		e.Uint(0)
	}
}

// String writes a string.
func (e *Encoder) String(s string) {
	e.Uint(uint64(len(s)))
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
		e.off += int64(len(s))
	}
}

// Bytes writes a byte slice.
func (e *Encoder) Bytes(b []byte) {
	e.Uint(uint64(len(b)))
	e.write(b)
}

// Strings writes a slice of strings.
func (e *Encoder) Strings(ss []string) {
	e.Uint(uint64(len(ss)))
	for _, s := range ss {
		e.String(s)
	}
}

// Uint32s writes a slice of fixed-width numbers (postings, offsets).
func (e *Encoder) Uint32s(vs []uint32) {
	e.Uint(uint64(len(vs)))
	e.align()
	var b [4]byte
	for _, v := range vs {
		binary.LittleEndian.PutUint32(b[:], v)
		e.write(b[:])
	}
}

// Int32s writes a slice of fixed-width signed numbers.
func (e *Encoder) Int32s(vs []int32) {
	e.Uint(uint64(len(vs)))
	e.align()
	var b [4]byte
	for _, v := range vs {
		binary.LittleEndian.PutUint32(b[:], uint32(v))
		e.write(b[:])
	}
}

// Uint64s writes a slice of 64-bit numbers (hashes).
func (e *Encoder) Uint64s(vs []uint64) {
	e.Uint(uint64(len(vs)))
	e.align()
	var b [8]byte
	for _, v := range vs {
		binary.LittleEndian.PutUint64(b[:], v)
		e.write(b[:])
	}
}

// Float32s writes a slice of float32 (weights) exactly.
func (e *Encoder) Float32s(vs []float32) {
	e.Uint(uint64(len(vs)))
	e.align()
	var b [4]byte
	for _, v := range vs {
		binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
		e.write(b[:])
	}
}

// Decoder reads what an Encoder wrote, in place in the mapped entry.
// Lengths are checked against what the entry holds, so a damaged entry
// fails instead of reading beyond it; the first error sticks and is
// returned by Err. What it returns shares the entry's read-only memory.
type Decoder struct {
	data    []byte // the entry without its checksum
	pos     int
	err     error
	trusted bool
}

// Trusted reports whether an earlier reader verified this very file, its
// checksum and whatever its read function checked: a reader may skip
// checks that read the whole entry.
func (d *Decoder) Trusted() bool { return d.trusted }

// Err is the first error met.
func (d *Decoder) Err() error { return d.err }

// Fail records an error found by the reader (a value out of range).
func (d *Decoder) Fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format, args...)
	}
}

func (d *Decoder) read(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.data)-d.pos {
		d.err = fmt.Errorf("length %d beyond the end of the entry", n)
		return nil
	}
	b := d.data[d.pos : d.pos+n : d.pos+n]
	d.pos += n
	return b
}

func (d *Decoder) header(name string, key Key) error {
	if m := d.read(len(magic)); d.err == nil && string(m) != magic {
		return errors.New("not a cache entry")
	}
	if n := d.String(); d.err == nil && n != name {
		return fmt.Errorf("entry of %q, not %q", n, name)
	}
	if k := d.read(len(key)); d.err == nil && string(k) != string(key[:]) {
		return errors.New("entry of another key")
	}
	return d.err
}

// finish checks that everything was read.
func (d *Decoder) finish() error {
	if d.err != nil {
		return d.err
	}
	if left := len(d.data) - d.pos; left != 0 {
		return fmt.Errorf("%d bytes left unread", left)
	}
	return nil
}

// Uint reads an unsigned number.
func (d *Decoder) Uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data[d.pos:])
	if n <= 0 {
		d.err = errors.New("bad number")
		return 0
	}
	d.pos += n
	return v
}

// Int reads a signed number.
func (d *Decoder) Int() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.data[d.pos:])
	if n <= 0 {
		d.err = errors.New("bad number")
		return 0
	}
	d.pos += n
	return v
}

// Bool reads a flag.
func (d *Decoder) Bool() bool { return d.Uint() != 0 }

// Len reads a length of elements of size bytes each, checked against
// what is left.
func (d *Decoder) Len(size int) int {
	n := d.Uint()
	if d.err == nil && n*uint64(size) > uint64(len(d.data)-d.pos) {
		d.err = fmt.Errorf("length %d beyond the end of the entry", n)
	}
	if d.err != nil {
		return 0
	}
	return int(n)
}

// String reads a string, in place.
func (d *Decoder) String() string {
	b := d.read(d.Len(1))
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// Bytes reads a byte slice, in place (read-only).
func (d *Decoder) Bytes() []byte {
	b := d.read(d.Len(1))
	if d.err != nil || len(b) == 0 {
		return nil
	}
	return b
}

// Strings reads a slice of strings (each in place).
func (d *Decoder) Strings() []string {
	n := d.Len(1)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.String()
	}
	return out
}

// array reads the bytes of n fixed-width numbers of size bytes, after
// the padding that aligns them.
func (d *Decoder) array(size int) []byte {
	n := d.Len(size)
	if d.err != nil {
		return nil
	}
	if r := d.pos % 8; r != 0 {
		d.read(8 - r)
	}
	return d.read(n * size)
}

// littleEndian: numbers are used in place only on little-endian
// machines (amd64, arm64); others copy them.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

func view[T uint32 | int32 | uint64 | float32](b []byte, size int, conv func([]byte) T) []T {
	n := len(b) / size
	if n == 0 {
		return nil
	}
	if littleEndian && uintptr(unsafe.Pointer(&b[0]))%uintptr(size) == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), n)
	}
	out := make([]T, n)
	for i := range out {
		out[i] = conv(b[i*size:])
	}
	return out
}

// Uint32s reads a slice of fixed-width numbers.
func (d *Decoder) Uint32s() []uint32 {
	return view(d.array(4), 4, binary.LittleEndian.Uint32)
}

// Int32s reads a slice of fixed-width signed numbers.
func (d *Decoder) Int32s() []int32 {
	return view(d.array(4), 4, func(b []byte) int32 { return int32(binary.LittleEndian.Uint32(b)) })
}

// Uint64s reads a slice of 64-bit numbers.
func (d *Decoder) Uint64s() []uint64 {
	return view(d.array(8), 8, binary.LittleEndian.Uint64)
}

// Float32s reads a slice of float32.
func (d *Decoder) Float32s() []float32 {
	return view(d.array(4), 4, func(b []byte) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(b)) })
}
