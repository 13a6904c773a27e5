package lists

import (
	"context"
	"errors"
	"iter"
	"time"
)

// Version is one imported edition of one list.
type Version struct {
	ID     int64  `json:"id"`
	Source Source `json:"source"`
	SHA256 string `json:"sha256"`
	// GeneratedAt is the list's own date (UN dateGenerated); where the file
	// has none (OFAC CSV) it comes from GeneratedFrom. It keeps the
	// publisher's zone offset, so that its date is the publisher's: the UN
	// file generated 2017-07-03T20:27-04:00 is the list of 3 July.
	GeneratedAt   time.Time    `json:"generated_at"`
	GeneratedFrom string       `json:"generated_from"` // "file", "file name", "flag", "modification time"
	ImportedAt    time.Time    `json:"imported_at"`
	FileName      string       `json:"file_name"`
	Counts        map[Kind]int `json:"counts"`
	Total         int          `json:"total"`
	// RecordRevision is the revision of Vigil's record format the version
	// was stored with; an older one is read again from its file when that
	// file is imported again (see RecordRevision).
	RecordRevision int `json:"record_revision"`
}

// RecordRevision is the revision of the record format this Vigil stores.
// Revision 2 added the entries' amendment dates (Subject.Amended) and the
// publisher's zone of GeneratedAt; versions stored before are refreshed
// in place when their file is imported again.
const RecordRevision = 2

// Day is the publisher's calendar date of the version, at midnight UTC.
func (v Version) Day() time.Time {
	y, m, d := v.GeneratedAt.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// VersionMeta is what an import knows of a version before storing it.
type VersionMeta struct {
	Source        Source
	SHA256        string
	GeneratedAt   time.Time
	GeneratedFrom string
	FileName      string
	// Replace, when set, names a stored version of the same file whose
	// records are replaced in place (same ID) instead of adding a version.
	Replace int64
}

// ImportResult reports what an import did.
type ImportResult struct {
	Version   Version `json:"version"`
	Unchanged bool    `json:"unchanged"` // the identical file was already imported
	// Refreshed: the identical file was imported by an older Vigil and its
	// records were read again (see RecordRevision).
	Refreshed bool `json:"refreshed,omitempty"`
	Added     int  `json:"added"`
	Removed   int  `json:"removed"`
	Changed   int  `json:"changed"`
}

// Appearance is one subject's state in one version of its list.
type Appearance struct {
	Version Version `json:"version"`
	Listed  bool    `json:"listed"`
	// Changed is true when the record differs from the previous version
	// in which it was listed.
	Changed bool `json:"changed"`
}

// ErrNotFound is returned when a version or subject does not exist.
var ErrNotFound = errors.New("not found")

// ErrDuplicate is ImportVersion's answer to a file whose hash is already
// stored for the source (another import may have stored it meanwhile).
var ErrDuplicate = errors.New("this file is already imported")

// Store keeps every version of every list. Implementations must make
// ImportVersion atomic: on any error, nothing of the import remains.
type Store interface {
	// HasVersion finds an already imported file by its hash.
	HasVersion(ctx context.Context, src Source, sha256 string) (*Version, error)
	// ImportVersion stores a new version whose subjects come from the
	// sequence (or replaces the records of meta.Replace); an error from
	// the sequence aborts the whole import.
	ImportVersion(ctx context.Context, meta VersionMeta, subjects iter.Seq2[*Subject, error]) (ImportResult, error)
	// Versions lists a source's versions, oldest generation first.
	Versions(ctx context.Context, src Source) ([]Version, error)
	// Version returns one version by ID.
	Version(ctx context.Context, id int64) (*Version, error)
	// SubjectsIn returns every subject of a version.
	SubjectsIn(ctx context.Context, versionID int64) ([]*Subject, error)
	// SubjectRecords returns, for one subject, its record in each version
	// that lists it, keyed by version ID.
	SubjectRecords(ctx context.Context, id SubjectID) (map[int64]*Subject, error)
	Close() error
}

// VersionOn picks the latest version the publisher dated on or before
// day (a calendar date; its clock and zone are ignored), or nil.
func VersionOn(versions []Version, day time.Time) *Version {
	y, m, d := day.Date()
	end := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	var best *Version
	for i := range versions {
		v := &versions[i]
		if v.Day().After(end) {
			continue
		}
		if best == nil || v.GeneratedAt.After(best.GeneratedAt) ||
			(v.GeneratedAt.Equal(best.GeneratedAt) && v.ID > best.ID) {
			best = v
		}
	}
	return best
}

// VersionAt picks the latest version generated on or before the instant t,
// or nil.
func VersionAt(versions []Version, t time.Time) *Version {
	var best *Version
	for i := range versions {
		v := &versions[i]
		if v.GeneratedAt.After(t) {
			continue
		}
		if best == nil || v.GeneratedAt.After(best.GeneratedAt) ||
			(v.GeneratedAt.Equal(best.GeneratedAt) && v.ID > best.ID) {
			best = v
		}
	}
	return best
}
