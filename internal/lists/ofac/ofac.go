// Package ofac parses the OFAC SDN legacy CSV set: sdn.csv (12 columns),
// alt.csv (5), add.csv (6) and sdn_comments.csv (2), all keyed by ent_num
// and without a header row. The companions are read into memory first;
// sdn.csv then streams one record at a time.
//
// The free-text remarks column carries most of the identifying detail
// ("DOB 11 Mar 1957; POB Qom, Iran; Passport 008827 (Iran); Linked To: …");
// ParseRemarks turns it into structured fields.
package ofac

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
)

// Files are the readers of one SDN CSV set. Only SDN is required.
type Files struct {
	// Source is ofac (the SDN list, the default) or ofac_cons (the
	// Consolidated list, whose cons_*.csv files have the same layout).
	Source                  lists.Source
	SDN, Alt, Add, Comments io.Reader
	// Names used in error messages.
	SDNName, AltName, AddName, CommentsName string
}

// Reader streams subjects from an SDN CSV set.
type Reader struct {
	src      lists.Source
	sdn      *csvFile
	alts     map[string][]altRow
	adds     map[string][]lists.Address
	comments map[string]string
}

type altRow struct{ typ, name, remarks string }

type csvFile struct {
	name string
	r    *csv.Reader
	want int
}

func newCSV(name string, r io.Reader, fields int) *csvFile {
	cr := csv.NewReader(limits.CSV(r, ',', limits.Default()))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	cr.ReuseRecord = false
	return &csvFile{name: name, r: cr, want: fields}
}

// next returns the next record, io.EOF at the end. OFAC ends every file
// with a one-field "\x1a" (DOS end-of-file) record, which is skipped.
func (f *csvFile) next() ([]string, error) {
	for {
		rec, err := f.r.Read()
		if err == io.EOF {
			return nil, io.EOF
		}
		line, _ := f.r.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		if len(rec) == 1 && strings.TrimSpace(strings.Trim(rec[0], "\x1a")) == "" {
			continue
		}
		if len(rec) != f.want {
			return nil, fmt.Errorf("%s: line %d: %d columns, want %d", f.name, line, len(rec), f.want)
		}
		for i, v := range rec {
			if !utf8.ValidString(v) {
				return nil, fmt.Errorf("%s: line %d, column %d: invalid UTF-8 text", f.name, line, i+1)
			}
			rec[i] = value(v)
		}
		if rec[0] == "" {
			return nil, fmt.Errorf("%s: line %d: empty ent_num", f.name, line)
		}
		return rec, nil
	}
}

// value trims a field and maps OFAC's "-0-" placeholder to "".
func value(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" {
		return ""
	}
	return s
}

func orName(name, def string) string {
	if name == "" {
		return def
	}
	return name
}

// eachRecord reads a whole companion file (absent when r is nil).
func eachRecord(r io.Reader, name string, fields int, fn func([]string)) error {
	if r == nil {
		return nil
	}
	c := newCSV(name, r, fields)
	for {
		rec, err := c.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		fn(rec)
	}
}

// NewReader loads the companion files and prepares to stream sdn.csv.
func NewReader(f Files) (*Reader, error) {
	if f.SDN == nil {
		return nil, errors.New("sdn.csv is required")
	}
	if f.Source == "" {
		f.Source = lists.SourceOFAC
	}
	rd := &Reader{
		src:      f.Source,
		sdn:      newCSV(orName(f.SDNName, "sdn.csv"), f.SDN, 12),
		alts:     map[string][]altRow{},
		adds:     map[string][]lists.Address{},
		comments: map[string]string{},
	}
	err := eachRecord(f.Alt, orName(f.AltName, "alt.csv"), 5, func(rec []string) {
		rd.alts[rec[0]] = append(rd.alts[rec[0]], altRow{typ: rec[2], name: rec[3], remarks: rec[4]})
	})
	if err != nil {
		return nil, err
	}
	err = eachRecord(f.Add, orName(f.AddName, "add.csv"), 6, func(rec []string) {
		a := lists.Address{Street: rec[2], City: rec[3], CountryName: rec[4], Note: rec[5]}
		if a.CountryName != "" {
			a.Country, _ = country.Code(a.CountryName)
		}
		if a != (lists.Address{}) {
			rd.adds[rec[0]] = append(rd.adds[rec[0]], a)
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachRecord(f.Comments, orName(f.CommentsName, "sdn_comments.csv"), 2, func(rec []string) {
		rd.comments[rec[0]] += rec[1]
	})
	if err != nil {
		return nil, err
	}
	return rd, nil
}

// Next returns the next subject, or io.EOF.
func (rd *Reader) Next() (*lists.Subject, error) {
	rec, err := rd.sdn.next()
	if err != nil {
		return nil, err
	}
	ent := rec[0]
	s := &lists.Subject{
		ID:       lists.NewSubjectID(rd.src, ent),
		Source:   rd.src,
		SourceID: ent,
		Kind:     kind(rec[2]),
		Measures: []lists.Measure{lists.MeasureAssetFreeze}, MeasureScope: "US",
	}
	if rec[1] == "" {
		line, _ := rd.sdn.r.FieldPos(0)
		return nil, fmt.Errorf("%s: line %d: ent_num %s has no name", rd.sdn.name, line, ent)
	}
	s.Names = append(s.Names, primaryName(rec[1], s.Kind))
	if rd.src == lists.SourceOFACCons {
		s.Measures = nil // the non-SDN lists block nothing: each programme says what it restricts
	}
	for _, p := range strings.Split(rec[3], "] [") {
		if p = strings.Trim(strings.TrimSpace(p), "[]"); p != "" {
			s.Programs = append(s.Programs, p)
		}
	}
	if rec[4] != "" {
		s.Designations = append(s.Designations, rec[4])
	}
	if s.Kind == lists.KindVessel || s.Kind == lists.KindAircraft {
		info := map[string]string{}
		for i, k := range []string{"call_sign", "type", "tonnage", "gross_registered_tonnage", "flag", "owner"} {
			if v := rec[5+i]; v != "" {
				info[k] = v
			}
		}
		if len(info) > 0 {
			s.VesselInfo = info
		}
	}
	for _, a := range rd.alts[ent] {
		role := lists.RoleStrongAlias
		switch strings.ToLower(strings.Trim(a.typ, ". ")) {
		case "fka":
			role = lists.RoleFormerName
		case "weak aka", "weak":
			role = lists.RoleWeakAlias
		}
		if a.name != "" {
			n := primaryName(a.name, s.Kind)
			n.Role = role
			s.Names = append(s.Names, n)
		}
	}
	s.Addresses = rd.adds[ent]
	remarks := rec[11]
	if more, ok := rd.comments[ent]; ok {
		remarks = strings.TrimSpace(remarks + more)
	}
	s.Remarks = remarks
	ParseRemarks(remarks, s)
	return s, nil
}

func kind(t string) lists.Kind {
	switch strings.ToLower(t) {
	case "individual":
		return lists.KindPerson
	case "vessel":
		return lists.KindVessel
	case "aircraft":
		return lists.KindAircraft
	}
	return lists.KindOrganization
}

// primaryName keeps OFAC's "FAMILY, Given" form as the full name and
// records the two parts for individuals.
func primaryName(full string, k lists.Kind) lists.Name {
	n := lists.Name{Full: full, Role: lists.RolePrimary, Script: names.Script(full)}
	if k == lists.KindPerson {
		if fam, given, ok := strings.Cut(full, ","); ok {
			n.Parts = []lists.NamePart{{Type: "family", Value: strings.TrimSpace(fam)}, {Type: "given", Value: strings.TrimSpace(given)}}
		}
	}
	return n
}
