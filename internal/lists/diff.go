package lists

import (
	"encoding/json"
	"reflect"
	"slices"
)

// FieldChange is one field of a subject that differs between two versions.
type FieldChange struct {
	Field string `json:"field"`
	From  any    `json:"from"`
	To    any    `json:"to"`
}

// SubjectChange is a subject present in both versions with different content.
type SubjectChange struct {
	ID     SubjectID     `json:"id"`
	Name   string        `json:"name"`
	Fields []FieldChange `json:"fields"`
}

// SubjectRef names a subject in a diff.
type SubjectRef struct {
	ID   SubjectID `json:"id"`
	Name string    `json:"name"`
	Kind Kind      `json:"kind"`
}

// Diff is what changed between two versions of a list.
type Diff struct {
	From    *Version        `json:"from"`
	To      *Version        `json:"to"`
	Added   []SubjectRef    `json:"added"`
	Removed []SubjectRef    `json:"removed"`
	Changed []SubjectChange `json:"changed"`
}

// Compare computes the subjects added, removed and changed from old to new,
// sorted by ID. Changes are reported per top-level field, order of list
// elements included, because a reordering in the source is not an edit:
// lists are compared as sets where the source gives no meaningful order.
func Compare(old, new []*Subject) Diff {
	oldByID := make(map[SubjectID]*Subject, len(old))
	for _, s := range old {
		oldByID[s.ID] = s
	}
	d := Diff{Added: []SubjectRef{}, Removed: []SubjectRef{}, Changed: []SubjectChange{}}
	seen := make(map[SubjectID]bool, len(new))
	for _, s := range new {
		seen[s.ID] = true
		o, ok := oldByID[s.ID]
		if !ok {
			d.Added = append(d.Added, SubjectRef{s.ID, s.PrimaryName(), s.Kind})
			continue
		}
		if fields := FieldChanges(o, s); len(fields) > 0 {
			d.Changed = append(d.Changed, SubjectChange{ID: s.ID, Name: s.PrimaryName(), Fields: fields})
		}
	}
	for _, s := range old {
		if !seen[s.ID] {
			d.Removed = append(d.Removed, SubjectRef{s.ID, s.PrimaryName(), s.Kind})
		}
	}
	slices.SortFunc(d.Added, func(a, b SubjectRef) int { return compareID(a.ID, b.ID) })
	slices.SortFunc(d.Removed, func(a, b SubjectRef) int { return compareID(a.ID, b.ID) })
	slices.SortFunc(d.Changed, func(a, b SubjectChange) int { return compareID(a.ID, b.ID) })
	return d
}

func compareID(a, b SubjectID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// FieldChanges lists the top-level JSON fields that differ. Slices are
// compared as multisets so that a source reordering child elements (the UN
// list does) is not reported as a change.
func FieldChanges(a, b *Subject) []FieldChange {
	am, bm := asMap(a), asMap(b)
	keys := make([]string, 0, len(am)+len(bm))
	for k := range am {
		keys = append(keys, k)
	}
	for k := range bm {
		if _, ok := am[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []FieldChange
	for _, k := range keys {
		if !sameValue(am[k], bm[k]) {
			out = append(out, FieldChange{Field: k, From: am[k], To: bm[k]})
		}
	}
	return out
}

func asMap(s *Subject) map[string]any {
	b, _ := json.Marshal(s) // a Subject always marshals
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

func sameValue(a, b any) bool {
	as, aok := a.([]any)
	bs, bok := b.([]any)
	if !aok || !bok {
		return reflect.DeepEqual(a, b)
	}
	if len(as) != len(bs) {
		return false
	}
	key := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	count := map[string]int{}
	for _, v := range as {
		count[key(v)]++
	}
	for _, v := range bs {
		k := key(v)
		if count[k] == 0 {
			return false
		}
		count[k]--
	}
	return true
}
