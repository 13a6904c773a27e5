package lists

import (
	"context"
	"fmt"
	"time"
)

// EntityView is a subject as a list stood on a date, with its history.
type EntityView struct {
	ID SubjectID `json:"id"`
	// At is the date asked about; zero means "latest".
	At *time.Time `json:"at,omitempty"`
	// Listed says whether the subject was on the list at that date.
	Listed bool `json:"listed"`
	// Version is the list version that answered (nil if none existed yet).
	Version *Version `json:"version"`
	// Subject is the record in that version; when the subject was not
	// listed then, the nearest record known (so the user sees whom the ID
	// names), and RecordFrom says which version it comes from.
	Subject    *Subject     `json:"subject"`
	RecordFrom *Version     `json:"record_from,omitempty"`
	History    []Appearance `json:"history"`
	// Periods condenses History into listed intervals.
	Periods []ListedPeriod `json:"periods"`
}

// ListedPeriod is a run of consecutive versions that list the subject.
type ListedPeriod struct {
	FirstSeen Version `json:"first_seen"`
	LastSeen  Version `json:"last_seen"`
	// RemovedIn is the first version without the subject, nil while listed.
	RemovedIn *Version `json:"removed_in,omitempty"`
}

// ShowEntity answers "what did the list say about id on date at"; a zero
// at means the latest version.
func ShowEntity(ctx context.Context, st Store, id SubjectID, at time.Time) (*EntityView, error) {
	src, _ := id.Split()
	versions, err := st.Versions(ctx, src)
	if err != nil {
		return nil, err
	}
	records, err := st.SubjectRecords(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("subject %s: %w in any imported version", id, ErrNotFound)
	}
	view := &EntityView{ID: id, History: History(versions, records)}
	view.Periods = Periods(view.History)
	if at.IsZero() {
		if len(versions) > 0 {
			view.Version = &versions[len(versions)-1]
		}
	} else {
		view.At = &at
		// A date means the whole day: a version generated during it counts.
		view.Version = VersionOn(versions, at)
	}
	if view.Version != nil {
		if rec, ok := records[view.Version.ID]; ok {
			view.Listed, view.Subject = true, rec
			return view, nil
		}
	}
	// Not listed at that date: show the nearest known record, preferring the
	// latest one before the date, else the earliest after it.
	var before, after *Version
	for i := range versions {
		v := &versions[i]
		if _, ok := records[v.ID]; !ok {
			continue
		}
		if view.Version != nil && !v.GeneratedAt.After(view.Version.GeneratedAt) {
			before = v
		} else if after == nil {
			after = v
		}
	}
	if before == nil {
		before = after
	}
	view.Subject, view.RecordFrom = records[before.ID], before
	return view, nil
}

// History lists the subject's state in every version of its source.
func History(versions []Version, records map[int64]*Subject) []Appearance {
	out := make([]Appearance, 0, len(versions))
	var last *Subject
	for _, v := range versions {
		rec, ok := records[v.ID]
		a := Appearance{Version: v, Listed: ok}
		if ok && last != nil {
			a.Changed = len(FieldChanges(last, rec)) > 0
		}
		if ok {
			last = rec
		}
		out = append(out, a)
	}
	return out
}

// Periods condenses a history into listed intervals.
func Periods(h []Appearance) []ListedPeriod {
	var out []ListedPeriod
	var cur *ListedPeriod
	for i := range h {
		a := h[i]
		switch {
		case a.Listed && cur == nil:
			out = append(out, ListedPeriod{FirstSeen: a.Version, LastSeen: a.Version})
			cur = &out[len(out)-1]
		case a.Listed:
			cur.LastSeen = a.Version
		case cur != nil:
			v := a.Version
			cur.RemovedIn = &v
			cur = nil
		}
	}
	return out
}

// DiffVersions compares two versions of a source. Zero IDs default to the
// two latest versions.
func DiffVersions(ctx context.Context, st Store, src Source, fromID, toID int64) (*Diff, error) {
	versions, err := st.Versions(ctx, src)
	if err != nil {
		return nil, err
	}
	find := func(id int64) (*Version, error) {
		for i := range versions {
			if versions[i].ID == id {
				return &versions[i], nil
			}
		}
		return nil, fmt.Errorf("version %d of %s: %w", id, src, ErrNotFound)
	}
	var from, to *Version
	if toID == 0 {
		if len(versions) == 0 {
			return nil, fmt.Errorf("no version of %s imported: %w", src, ErrNotFound)
		}
		to = &versions[len(versions)-1]
	} else if to, err = find(toID); err != nil {
		return nil, err
	}
	if fromID == 0 {
		for i := range versions {
			if versions[i].ID != to.ID && !versions[i].GeneratedAt.After(to.GeneratedAt) {
				from = &versions[i]
			}
		}
		if from == nil {
			return nil, fmt.Errorf("no version of %s before version %d to compare with: %w", src, to.ID, ErrNotFound)
		}
	} else if from, err = find(fromID); err != nil {
		return nil, err
	}
	old, err := st.SubjectsIn(ctx, from.ID)
	if err != nil {
		return nil, err
	}
	cur, err := st.SubjectsIn(ctx, to.ID)
	if err != nil {
		return nil, err
	}
	d := Compare(old, cur)
	d.From, d.To = from, to
	return &d, nil
}

// SourceStatus summarises one source's versions.
type SourceStatus struct {
	Source   Source       `json:"source"`
	Versions []Version    `json:"versions"`
	Latest   *Version     `json:"latest"`
	Counts   map[Kind]int `json:"counts"`
}

// Status summarises every known source.
func Status(ctx context.Context, st Store) ([]SourceStatus, error) {
	var out []SourceStatus
	for _, src := range KnownSources {
		vs, err := st.Versions(ctx, src)
		if err != nil {
			return nil, err
		}
		ss := SourceStatus{Source: src, Versions: vs, Counts: map[Kind]int{}}
		if vs == nil {
			ss.Versions = []Version{}
		}
		if len(vs) > 0 {
			ss.Latest = &vs[len(vs)-1]
			ss.Counts = ss.Latest.Counts
		}
		out = append(out, ss)
	}
	return out, nil
}

// LatestVersions picks, for each source (all known sources when none are
// given), the version in force on date at (zero: the latest), skipping
// sources with none. It reads no subject: callers that keep structures
// built from these versions (a cached index) ask this first.
func LatestVersions(ctx context.Context, st Store, sources []Source, at time.Time) ([]Version, error) {
	if len(sources) == 0 {
		sources = KnownSources
	}
	var used []Version
	for _, src := range sources {
		vs, err := st.Versions(ctx, src)
		if err != nil {
			return nil, err
		}
		var v *Version
		if at.IsZero() {
			if len(vs) > 0 {
				v = &vs[len(vs)-1]
			}
		} else {
			v = VersionOn(vs, at)
		}
		if v != nil {
			used = append(used, *v)
		}
	}
	return used, nil
}

// SubjectsOf reads every subject of the given versions.
func SubjectsOf(ctx context.Context, st Store, versions []Version) ([]*Subject, error) {
	var subs []*Subject
	for _, v := range versions {
		ss, err := st.SubjectsIn(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		subs = append(subs, ss...)
	}
	return subs, nil
}

// LatestSubjects returns every subject of every source as the lists stood
// at t (zero: latest), with the versions used.
func LatestSubjects(ctx context.Context, st Store, sources []Source, at time.Time) ([]*Subject, []Version, error) {
	used, err := LatestVersions(ctx, st, sources, at)
	if err != nil {
		return nil, nil, err
	}
	subs, err := SubjectsOf(ctx, st, used)
	if err != nil {
		return nil, nil, err
	}
	return subs, used, nil
}
