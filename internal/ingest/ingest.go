// Package ingest reads list files from disk (plain or gzipped, a single
// file or an OFAC folder), identifies the version by content hash and
// generation date, and feeds the parsed subjects to a lists.Store in one
// atomic import.
package ingest

import (
	"bufio"
	"compress/gzip"
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

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/ofac"
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
}

// ErrInput marks an error in the imported file, as opposed to the store.
var ErrInput = errors.New("invalid input")

// InputError names the file and the reason an import was refused.
type InputError struct {
	Path string
	Err  error
}

func (e *InputError) Error() string   { return fmt.Sprintf("%s: %v", e.Path, e.Err) }
func (e *InputError) Unwrap() []error { return []error{ErrInput, e.Err} }

// files is the set of files of one version, the main one first.
type files struct {
	main  string
	extra map[string]string // OFAC companions by role: alt, add, comments
}

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
	sum, err := hashFiles(fs)
	if err != nil {
		return lists.ImportResult{}, &InputError{path, err}
	}
	if v, err := store.HasVersion(ctx, src, sum); err != nil {
		return lists.ImportResult{}, err
	} else if v != nil {
		log.Info("identical file already imported", "source", src, "version", v.ID, "sha256", sum)
		return lists.ImportResult{Version: *v, Unchanged: true}, nil
	}
	meta := lists.VersionMeta{Source: src, SHA256: sum, FileName: filepath.Base(fs.main)}
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

func locate(src lists.Source, path string) (files, error) {
	st, err := os.Stat(path)
	if err != nil {
		return files{}, err
	}
	switch src {
	case lists.SourceUN:
		if st.IsDir() {
			return files{}, errors.New("is a folder; give the consolidated XML file")
		}
		return files{main: path}, nil
	case lists.SourceOFAC:
		dir, main := path, ""
		if !st.IsDir() {
			dir, main = filepath.Dir(path), path
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
			if main = find("sdn.csv"); main == "" {
				return files{}, errors.New("folder holds no sdn.csv")
			}
		}
		fs := files{main: main, extra: map[string]string{}}
		// Companions belong to the same publication only when sdn.csv
		// itself is named sdn.csv; a dated "sdn-2024-05-03.csv" stands alone.
		if strings.HasPrefix(filepath.Base(main), "sdn.csv") {
			for role, base := range map[string]string{"alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"} {
				if p := find(base); p != "" {
					fs.extra[role] = p
				}
			}
		}
		return fs, nil
	}
	return files{}, fmt.Errorf("unknown source %q", src)
}

// openFile opens a plain or gzipped file.
func openFile(path string, wrap func(io.Reader, int64) io.Reader) (io.Reader, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	var r io.Reader = bufio.NewReaderSize(f, 256<<10)
	if wrap != nil {
		if st, err := f.Stat(); err == nil {
			r = wrap(r, st.Size())
		}
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
		}
		return zr, func() { f.Close() }, nil
	}
	return r, func() { f.Close() }, nil
}

// hashFiles hashes the uncompressed content of every file of the set, so a
// gzipped and a plain copy of the same list are the same version.
func hashFiles(fs files) (string, error) {
	h := sha256.New()
	paths := []string{fs.main}
	for _, role := range []string{"alt", "add", "comments"} {
		if p, ok := fs.extra[role]; ok {
			paths = append(paths, p)
		}
	}
	for _, p := range paths {
		r, closeFn, err := openFile(p, nil)
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

type nexter interface {
	Next() (*lists.Subject, error)
}

func sequence(n nexter) iter.Seq2[*lists.Subject, error] {
	return func(yield func(*lists.Subject, error) bool) {
		for {
			s, err := n.Next()
			if err == io.EOF {
				return
			}
			if !yield(s, err) || err != nil {
				return
			}
		}
	}
}

func open(src lists.Source, fs files, opt Options) (iter.Seq2[*lists.Subject, error], time.Time, func(), error) {
	var closers []func()
	closeAll := func() {
		for _, c := range closers {
			c()
		}
	}
	r, c, err := openFile(fs.main, opt.Progress)
	if err != nil {
		return nil, time.Time{}, nil, err
	}
	closers = append(closers, c)
	switch src {
	case lists.SourceUN:
		rd, err := un.NewReader(r)
		if err != nil {
			closeAll()
			return nil, time.Time{}, nil, err
		}
		return sequence(rd), rd.GeneratedAt(), closeAll, nil
	default:
		in := ofac.Files{SDN: r, SDNName: filepath.Base(fs.main)}
		for role, p := range fs.extra {
			r, c, err := openFile(p, nil)
			if err != nil {
				closeAll()
				return nil, time.Time{}, nil, err
			}
			closers = append(closers, c)
			switch role {
			case "alt":
				in.Alt, in.AltName = r, filepath.Base(p)
			case "add":
				in.Add, in.AddName = r, filepath.Base(p)
			case "comments":
				in.Comments, in.CommentsName = r, filepath.Base(p)
			}
		}
		rd, err := ofac.NewReader(in)
		if err != nil {
			closeAll()
			return nil, time.Time{}, nil, err
		}
		return sequence(rd), time.Time{}, closeAll, nil
	}
}
