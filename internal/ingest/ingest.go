// Package ingest reads list files from disk (plain or gzipped, a single
// file or an OFAC folder), identifies the version by content hash and
// generation date, and feeds the parsed subjects to a lists.Store in one
// atomic import.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/eu"
	"github.com/vigilhq/vigil/internal/lists/ftm"
	"github.com/vigilhq/vigil/internal/lists/ofac"
	"github.com/vigilhq/vigil/internal/lists/uk"
	"github.com/vigilhq/vigil/internal/lists/un"
)

// Options tune an import.
type Options struct {
	// GeneratedAt overrides the list's generation date (for files that
	// carry none, such as the OFAC CSVs).
	GeneratedAt time.Time
	// Progress, when set, wraps the main file's reader so the caller can
	// show how far the import has got; size is the file's size on disk.
	Progress func(r io.Reader, size int64) io.Reader
	Logger   *slog.Logger
	// Partial accepts an OFAC CSV set without all its companions (alt.csv,
	// add.csv, sdn_comments.csv): its subjects then lack aliases,
	// addresses or remarks, which an import refuses to lose silently.
	Partial bool
	// Limits bound what the import reads (zero fields: the defaults of
	// package limits, which the parsers enforce in any case; lower values
	// apply on top).
	Limits limits.Input
}

// ErrInput marks an error in the imported file, as opposed to the store.
var ErrInput = errors.New("invalid input")

// InputError names the file and the reason an import was refused.
type InputError struct {
	Path string
	Err  error
}

func (e *InputError) Error() string {
	msg := e.Err.Error()
	// A file's own name, when the reason starts with it, is said once.
	msg = strings.TrimPrefix(msg, filepath.Base(e.Path)+": ")
	return fmt.Sprintf("%s: %s", e.Path, msg)
}
func (e *InputError) Unwrap() []error { return []error{ErrInput, e.Err} }

// format is the file format of one import.
type format int

const (
	formatUN       format = iota // UN consolidated XML
	formatOFACCSV                // OFAC legacy CSV set (sdn.csv or cons_prim.csv and companions)
	formatSDNXML                 // OFAC sdnList XML (sdn.xml, consolidated.xml)
	formatEU                     // EU FSF XML 1.1
	formatUK                     // FCDO UK Sanctions List XML
	formatOFSI                   // OFSI ConList CSV
	formatOFSIXLSX               // OFSI ConList Excel export
	formatFtM                    // FollowTheMoney entities, JSON lines
	formatDelta                  // OpenSanctions delta folder (delta.json and one folder per version)
)

// files is the set of files of one version, the main one first.
type files struct {
	main    string
	format  format
	extra   map[string]string // OFAC companions by role: alt, add, comments
	missing []string          // OFAC companions not found (file names)
}

// ErrPartialSet refuses an OFAC CSV set without all its companions.
var ErrPartialSet = errors.New("incomplete OFAC set")

// Import reads the list at path and stores it as a new version of src,
// unless the identical content is already stored.
func Import(ctx context.Context, store lists.Store, src lists.Source, path string, opt Options) (lists.ImportResult, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	fs, err := locate(src, path)
	if err != nil {
		return lists.ImportResult{}, &InputError{path, err}
	}
	if len(fs.missing) > 0 {
		if !opt.Partial {
			return lists.ImportResult{}, &InputError{path, fmt.Errorf("%w: %s has no %s beside it; its subjects would lose their aliases, addresses or remarks (give the whole set, or --partial to import it as it is)",
				ErrPartialSet, filepath.Base(fs.main), strings.Join(fs.missing, ", "))}
		}
		log.Warn("importing an incomplete OFAC set (--partial)", "file", fs.main, "missing", fs.missing)
	}
	if fs.format == formatDelta {
		opt.Limits = opt.Limits.WithDefaults()
		return importDelta(ctx, store, src, fs.main, opt, log)
	}
	opt.Limits = opt.Limits.WithDefaults()
	sum, err := hashFiles(fs, opt.Limits)
	if err != nil {
		return lists.ImportResult{}, &InputError{path, err}
	}
	meta := lists.VersionMeta{Source: src, SHA256: sum, FileName: filepath.Base(fs.main)}
	if v, err := store.HasVersion(ctx, src, sum); err != nil {
		return lists.ImportResult{}, err
	} else if v != nil && v.RecordRevision >= lists.RecordRevision {
		log.Info("identical file already imported", "source", src, "version", v.ID, "sha256", sum)
		return lists.ImportResult{Version: *v, Unchanged: true}, nil
	} else if v != nil {
		// Stored by an older Vigil: read the file again into the same
		// version, so its records gain what the older format lacked.
		log.Info("refreshing a version stored by an older record format", "source", src, "version", v.ID, "revision", v.RecordRevision)
		meta.Replace = v.ID
	}
	seq, generated, closeAll, err := open(src, fs, opt)
	if err != nil {
		return lists.ImportResult{}, &InputError{path, err}
	}
	defer closeAll()
	switch {
	case !opt.GeneratedAt.IsZero():
		meta.GeneratedAt, meta.GeneratedFrom = opt.GeneratedAt, "flag"
	case !generated.IsZero():
		meta.GeneratedAt, meta.GeneratedFrom = generated, "file"
	default:
		meta.GeneratedAt, meta.GeneratedFrom = dateFromPath(fs.main)
	}
	var parseErr error
	guarded := func(yield func(*lists.Subject, error) bool) {
		for s, err := range seq {
			if err != nil {
				parseErr = err
			}
			if !yield(s, err) || err != nil {
				return
			}
		}
	}
	res, err := store.ImportVersion(ctx, meta, guarded)
	if errors.Is(err, lists.ErrDuplicate) {
		// Imported by another import while this one waited its turn.
		if v, herr := store.HasVersion(ctx, src, sum); herr == nil && v != nil {
			return lists.ImportResult{Version: *v, Unchanged: true}, nil
		}
	}
	if parseErr != nil {
		return lists.ImportResult{}, &InputError{path, parseErr}
	}
	if err != nil {
		return lists.ImportResult{}, err
	}
	log.Info("imported list version", "source", src, "version", res.Version.ID, "subjects", res.Version.Total,
		"added", res.Added, "removed", res.Removed, "changed", res.Changed)
	return res, nil
}

var datePattern = regexp.MustCompile(`(\d{4})-(\d{2})-(\d{2})`)

// dateFromPath takes the last YYYY-MM-DD in the path (OFAC snapshots are
// named by their publication date), else the file's modification time.
func dateFromPath(path string) (time.Time, string) {
	ms := datePattern.FindAllString(path, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		if t, err := time.Parse(time.DateOnly, ms[i]); err == nil {
			return t, "file name"
		}
	}
	if st, err := os.Stat(path); err == nil {
		return st.ModTime().UTC(), "modification time"
	}
	return time.Now().UTC(), "import time"
}

// hasExt reports whether a file name ends in one of exts, before any .gz.
func hasExt(path string, exts ...string) bool {
	base := strings.TrimSuffix(strings.ToLower(filepath.Base(path)), ".gz")
	for _, e := range exts {
		if strings.HasSuffix(base, e) {
			return true
		}
	}
	return false
}

// locate finds the files of one version and their format: by the file's
// extension, and for XML by the source, since each source has one XML
// format. An FtM file can be imported as any source (a Vigil export of
// that source, or OpenSanctions data).
func locate(src lists.Source, path string) (files, error) {
	st, err := os.Stat(path)
	if err != nil {
		return files{}, err
	}
	if st.IsDir() {
		if _, err := os.Stat(filepath.Join(path, "delta.json")); err == nil {
			return files{main: filepath.Join(path, "delta.json"), format: formatDelta}, nil
		}
		if src == lists.SourceOFAC || src == lists.SourceOFACCons {
			return locateOFAC(src, path, "")
		}
		return files{}, errors.New("is a folder; give the list file (a folder is read for OFAC CSV sets and OpenSanctions deltas)")
	}
	switch {
	case hasExt(path, ".json", ".jsonl", ".ndjson"):
		return files{main: path, format: formatFtM}, nil
	case hasExt(path, ".xml"):
		f, ok := map[lists.Source]format{lists.SourceUN: formatUN, lists.SourceOFAC: formatSDNXML, lists.SourceOFACCons: formatSDNXML,
			lists.SourceEU: formatEU, lists.SourceUK: formatUK}[src]
		if !ok {
			return files{}, fmt.Errorf("source %s has no XML format (use its CSV or FtM JSON)", src)
		}
		return files{main: path, format: f}, nil
	case hasExt(path, ".csv") && (src == lists.SourceOFAC || src == lists.SourceOFACCons):
		return locateOFAC(src, filepath.Dir(path), path)
	case hasExt(path, ".csv") && src == lists.SourceOFSI:
		return files{main: path, format: formatOFSI}, nil
	case strings.HasSuffix(strings.ToLower(path), ".xlsx") && src == lists.SourceOFSI:
		return files{main: path, format: formatOFSIXLSX}, nil
	}
	return files{}, fmt.Errorf("cannot tell the format of %s for source %s (want .xml, .csv, .xlsx for OFSI, or FtM .json)", filepath.Base(path), src)
}

// locateOFAC finds an OFAC CSV set: sdn.csv, alt.csv, add.csv and
// sdn_comments.csv, or for the Consolidated list the same files prefixed
// cons_ (cons_prim.csv for the primary records).
func locateOFAC(src lists.Source, dir, main string) (files, error) {
	prim, alt, add, comments := "sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"
	if src == lists.SourceOFACCons {
		prim, alt, add, comments = "cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"
	}
	find := func(base string) string {
		for _, p := range []string{filepath.Join(dir, base), filepath.Join(dir, base+".gz")} {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
		return ""
	}
	if main == "" {
		if main = find(prim); main == "" {
			return files{}, fmt.Errorf("folder holds no %s", prim)
		}
	}
	fs := files{main: main, format: formatOFACCSV, extra: map[string]string{}}
	// Companions belong to the same publication only when the primary file
	// has its official name; a dated "sdn-2024-05-03.csv" has none.
	official := strings.HasPrefix(filepath.Base(main), prim)
	for _, c := range []struct{ role, base string }{{"alt", alt}, {"add", add}, {"comments", comments}} {
		if p := find(c.base); official && p != "" {
			fs.extra[c.role] = p
		} else {
			fs.missing = append(fs.missing, c.base)
		}
	}
	return fs, nil
}

// openFile opens a plain or gzipped file (told by its first bytes), of at
// most max bytes once decompressed: a small file that unpacks to
// gigabytes stops there.
func openFile(path string, wrap func(io.Reader, int64) io.Reader, max int64) (io.Reader, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	var r io.Reader = f
	if wrap != nil {
		if st, err := f.Stat(); err == nil {
			r = wrap(r, st.Size())
		}
	}
	if r, err = limits.Decompress(r, max); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return r, func() { f.Close() }, nil
}

// guard bounds the structure of one file of format f with lim: the text
// nodes and nesting of XML, the fields and records of CSV, the lines of
// JSON lines. The parsers enforce the defaults themselves; this applies
// lower limits an import was given.
func guard(f format, r io.Reader, lim limits.Input) io.Reader {
	if lim == limits.Default() {
		return r // the parser's own guard applies the same bounds
	}
	switch f {
	case formatUN, formatSDNXML, formatEU, formatUK:
		return limits.XML(r, lim)
	case formatOFACCSV, formatOFSI:
		return limits.CSV(r, ',', lim)
	case formatFtM, formatDelta:
		return limits.Lines(r, lim.JSONLineBytes, "a JSON line")
	}
	return r
}

// readDocument reads a JSON document whole (a delta index), bounded.
func readDocument(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return limits.ReadAll(f, limits.DocumentBytes, "the document")
}

// hashFiles hashes the uncompressed content of every file of the set, so a
// gzipped and a plain copy of the same list are the same version.
func hashFiles(fs files, lim limits.Input) (string, error) {
	h := sha256.New()
	paths := []string{fs.main}
	for _, role := range []string{"alt", "add", "comments"} {
		if p, ok := fs.extra[role]; ok {
			paths = append(paths, p)
		}
	}
	for _, p := range paths {
		r, closeFn, err := openFile(p, nil, lim.ListBytes)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00", strings.TrimSuffix(filepath.Base(p), ".gz"))
		_, err = io.Copy(h, r)
		closeFn()
		if err != nil {
			return "", fmt.Errorf("%s: %w", filepath.Base(p), err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func open(src lists.Source, fs files, opt Options) (iter.Seq2[*lists.Subject, error], time.Time, func(), error) {
	var closers []func()
	closeAll := func() {
		for _, c := range closers {
			c()
		}
	}
	if fs.format == formatOFSIXLSX { // a zip archive is read by offset, not streamed
		f, err := os.Open(fs.main)
		if err != nil {
			return nil, time.Time{}, nil, err
		}
		defer f.Close() // the reader has grouped the whole sheet when it returns
		st, err := f.Stat()
		if err != nil {
			return nil, time.Time{}, nil, err
		}
		rd, err := uk.NewConListXLSX(f, st.Size(), filepath.Base(fs.main), opt.Limits)
		if err != nil {
			return nil, time.Time{}, nil, err
		}
		return lists.All(rd), rd.GeneratedAt(), closeAll, nil
	}
	r, c, err := openFile(fs.main, opt.Progress, opt.Limits.ListBytes)
	if err != nil {
		return nil, time.Time{}, nil, err
	}
	closers = append(closers, c)
	r = guard(fs.format, r, opt.Limits)
	fail := func(err error) (iter.Seq2[*lists.Subject, error], time.Time, func(), error) {
		closeAll()
		return nil, time.Time{}, nil, err
	}
	type dated interface {
		lists.Reader
		GeneratedAt() time.Time
	}
	var rd dated
	switch fs.format {
	case formatUN:
		rd, err = un.NewReader(r)
	case formatSDNXML:
		rd, err = ofac.NewXMLReader(r, src)
	case formatEU:
		rd, err = eu.NewReader(r)
	case formatUK:
		rd, err = uk.NewXMLReader(r)
	case formatOFSI:
		rd, err = uk.NewConListReader(r, filepath.Base(fs.main))
	case formatFtM:
		c, err := ftm.Read(r, src)
		if err != nil {
			return fail(err)
		}
		return c.All(), c.LastSeen(), closeAll, nil
	case formatOFACCSV:
		in := ofac.Files{Source: src, SDN: r, SDNName: filepath.Base(fs.main)}
		for role, p := range fs.extra {
			r, c, err := openFile(p, nil, opt.Limits.ListBytes)
			if err != nil {
				return fail(err)
			}
			closers = append(closers, c)
			r = guard(formatOFACCSV, r, opt.Limits)
			switch role {
			case "alt":
				in.Alt, in.AltName = r, filepath.Base(p)
			case "add":
				in.Add, in.AddName = r, filepath.Base(p)
			case "comments":
				in.Comments, in.CommentsName = r, filepath.Base(p)
			}
		}
		csv, err := ofac.NewReader(in)
		if err != nil {
			return fail(err)
		}
		return lists.All(csv), time.Time{}, closeAll, nil
	default:
		return fail(fmt.Errorf("format %d cannot be opened as one file", fs.format))
	}
	if err != nil {
		return fail(err)
	}
	return lists.All(rd), rd.GeneratedAt(), closeAll, nil
}

// slices2seq yields subjects already in memory.
func slices2seq(subjects []*lists.Subject) iter.Seq2[*lists.Subject, error] {
	return func(yield func(*lists.Subject, error) bool) {
		for _, s := range subjects {
			if !yield(s, nil) {
				return
			}
		}
	}
}
