package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/ftm"
)

// deltaVersion is one version of an OpenSanctions delta series.
type deltaVersion struct {
	name string
	path string
	sum  string
	ops  []ftm.Op
	at   time.Time
}

// importDelta applies the versions of an OpenSanctions delta folder that
// are not yet stored, oldest first, each as a new version built on the
// version in force at its time (none before the first: a series imported
// alone starts from an empty list). Every delta file is read and checked before the
// first version is stored, so a bad file stores nothing.
func importDelta(ctx context.Context, st lists.Store, src lists.Source, index string, opt Options, log *slog.Logger) (lists.ImportResult, error) {
	dir := filepath.Dir(index)
	b, err := readDocument(index)
	if err != nil {
		return lists.ImportResult{}, &InputError{index, err}
	}
	var idx struct {
		Versions map[string]string `json:"versions"`
	}
	if err := json.Unmarshal(b, &idx); err != nil {
		return lists.ImportResult{}, &InputError{index, err}
	}
	if len(idx.Versions) == 0 {
		return lists.ImportResult{}, &InputError{index, errors.New("no versions listed")}
	}
	var pending []deltaVersion
	for _, name := range slices.Sorted(maps.Keys(idx.Versions)) {
		v := deltaVersion{name: name, path: filepath.Join(dir, name, "entities.delta.json")}
		if _, err := os.Stat(v.path); err != nil {
			if _, errGz := os.Stat(v.path + ".gz"); errGz != nil {
				return lists.ImportResult{}, &InputError{index, fmt.Errorf("version %s: %w", name, err)}
			}
			v.path += ".gz"
		}
		if len(name) < 14 {
			return lists.ImportResult{}, &InputError{index, fmt.Errorf("version %q does not start with a YYYYMMDDhhmmss time", name)}
		}
		if v.at, err = time.Parse("20060102150405", name[:14]); err != nil {
			return lists.ImportResult{}, &InputError{index, fmt.Errorf("version %q does not start with a YYYYMMDDhhmmss time", name)}
		}
		r, closeFn, err := openFile(v.path, nil, opt.Limits.ListBytes)
		if err != nil {
			return lists.ImportResult{}, &InputError{v.path, err}
		}
		r = guard(formatDelta, r, opt.Limits)
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00", name)
		v.ops, err = ftm.ReadDelta(io.TeeReader(r, h))
		closeFn()
		if err != nil {
			return lists.ImportResult{}, &InputError{v.path, err}
		}
		v.sum = hex.EncodeToString(h.Sum(nil))
		if old, err := st.HasVersion(ctx, src, v.sum); err != nil {
			return lists.ImportResult{}, err
		} else if old != nil {
			log.Info("delta version already imported", "source", src, "version", name)
			continue
		}
		pending = append(pending, v)
	}
	var last lists.ImportResult
	for _, v := range pending {
		base, err := subjectsAt(ctx, st, src, v.at)
		if err != nil {
			return last, err
		}
		next, err := ftm.ApplyDelta(base, src, v.ops)
		if err != nil {
			return last, &InputError{v.path, err}
		}
		if len(next) == 0 {
			// A store version holds at least one subject; an empty start
			// of a series (the first delta is often empty) has nothing to keep.
			log.Info("delta version leaves the list empty; not stored", "source", src, "version", v.name)
			continue
		}
		meta := lists.VersionMeta{Source: src, SHA256: v.sum, GeneratedAt: v.at, GeneratedFrom: "file name",
			FileName: v.name + "/" + filepath.Base(v.path)}
		if last, err = st.ImportVersion(ctx, meta, slices2seq(next)); err != nil {
			return last, err
		}
		log.Info("applied delta version", "source", src, "version", v.name, "subjects", last.Version.Total,
			"added", last.Added, "removed", last.Removed, "changed", last.Changed)
	}
	if last.Version.ID == 0 { // nothing new to store
		vs, err := st.Versions(ctx, src)
		if err != nil || len(vs) == 0 {
			return last, err
		}
		return lists.ImportResult{Version: vs[len(vs)-1], Unchanged: true}, nil
	}
	return last, nil
}

// subjectsAt returns the subjects of the source's version in force at t,
// the base a delta made at t applies to; none before the first version.
func subjectsAt(ctx context.Context, st lists.Store, src lists.Source, t time.Time) ([]*lists.Subject, error) {
	vs, err := st.Versions(ctx, src)
	if err != nil {
		return nil, err
	}
	v := lists.VersionAt(vs, t)
	if v == nil {
		return nil, nil
	}
	return st.SubjectsIn(ctx, v.ID)
}
