package ftm

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vigilhq/vigil/internal/lists"
)

// Op is one line of an OpenSanctions delta file (entities.delta.json):
// ADD or MOD carries the whole new entity, DEL only its ID.
type Op struct {
	Op     string  `json:"op"`
	Entity *Entity `json:"entity"`
}

// ReadDelta reads a delta file; an empty file is a valid, empty delta.
func ReadDelta(r io.Reader) ([]Op, error) {
	var ops []Op
	err := Lines(r, func(b []byte, line int) error {
		var op Op
		if err := json.Unmarshal(b, &op); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		op.Op = strings.ToUpper(op.Op)
		switch {
		case op.Entity == nil || op.Entity.ID == "":
			return fmt.Errorf("line %d: op %q without an entity ID", line, op.Op)
		case op.Op != "ADD" && op.Op != "MOD" && op.Op != "DEL":
			return fmt.Errorf("line %d: op %q is not ADD, MOD or DEL", line, op.Op)
		case op.Op != "DEL" && op.Entity.Schema == "":
			return fmt.Errorf("line %d: %s of %s without a schema", line, op.Op, op.Entity.ID)
		}
		if op.Entity.Properties == nil {
			op.Entity.Properties = map[string][]string{}
		}
		ops = append(ops, op)
		return nil
	})
	return ops, err
}

// ApplyDelta returns the subjects of src after the delta. A thing added or
// modified replaces the subject whole; when the delta brings no Sanction
// for it, the listing details (programmes, measures, listing date) of
// the version before are kept, since a MOD of the thing alone does not
// end its sanctions. A DEL of a thing removes the subject; a DEL of a side
// entity cannot be traced to its subject and is ignored.
func ApplyDelta(prev []*lists.Subject, src lists.Source, ops []Op) ([]*lists.Subject, error) {
	c := NewCollector(src)
	deleted := map[lists.SubjectID]bool{}
	for _, op := range ops {
		if op.Op == "DEL" {
			deleted[SubjectID(src, op.Entity.ID)] = true
			continue
		}
		delete(deleted, SubjectID(src, op.Entity.ID))
		c.Add(op.Entity)
	}
	changed, err := c.Subjects()
	if err != nil {
		return nil, err
	}
	byID := map[lists.SubjectID]*lists.Subject{}
	for _, s := range changed {
		byID[s.ID] = s
	}
	out := make([]*lists.Subject, 0, len(prev)+len(changed))
	for _, old := range prev {
		if deleted[old.ID] {
			continue
		}
		s, ok := byID[old.ID]
		if !ok {
			out = append(out, old)
			continue
		}
		delete(byID, old.ID)
		if len(s.Programs) == 0 && len(s.Measures) == 0 && s.ListedOn == "" {
			s.Programs, s.Measures, s.ListedOn = old.Programs, old.Measures, old.ListedOn
			s.LegalBasis, s.MeasureScope = old.LegalBasis, old.MeasureScope
		}
		out = append(out, s)
	}
	for _, s := range changed {
		if _, ok := byID[s.ID]; ok {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b *lists.Subject) int { return strings.Compare(string(a.ID), string(b.ID)) })
	return out, nil
}
