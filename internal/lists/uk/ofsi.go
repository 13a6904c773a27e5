package uk

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/thedatashed/xlsxreader"

	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
)

// ConListReader reads the OFSI Consolidated List CSV (2022 format): a
// "Last Updated" line, a header, then one row per name of a subject —
// multiplied by its birth dates and addresses — keyed by Group ID. The
// rows of one group are spread through the file, so the whole file is
// grouped first (about the size of the file in memory: 15 MB for the
// 18,800-row list) and the subjects then come out in first-seen order.
type ConListReader struct {
	generatedAt time.Time
	subjects    []*lists.Subject
	next        int
}

// conListColumns are the columns the reader needs, by header name.
var conListColumns = []string{
	"Name 6", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Title", "Name Non-Latin Script",
	"Non-Latin Script Language", "DOB", "Town of Birth", "Country of Birth", "Nationality",
	"Passport Number", "Passport Details", "National Identification Number", "National Identification Details",
	"Position", "Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6", "Post/Zip Code",
	"Country", "Other Information", "Group Type", "Alias Type", "Alias Quality", "Regime", "Listed On",
	"Group ID",
}

// rowSource yields the rows of a ConList file with their line number,
// and io.EOF after the last.
type rowSource func() ([]string, int, error)

// NewConListReader reads and groups a whole CSV file; name is used in errors.
func NewConListReader(r io.Reader, name string) (*ConListReader, error) {
	cr := csv.NewReader(limits.CSV(r, ',', limits.Default()))
	cr.FieldsPerRecord = -1
	return newConList(func() ([]string, int, error) {
		rec, err := cr.Read()
		line, _ := cr.FieldPos(0)
		if err != nil && err != io.EOF {
			err = fmt.Errorf("%s: %w", name, err)
		}
		return rec, line, err
	}, name)
}

// NewConListXLSX reads the same list from OFSI's Excel export (one sheet,
// the same rows as the CSV); size is the file's size. The workbook is read
// into memory, so its parts are checked first against lim (zero fields:
// the defaults): at most XLSXBytes unpacked, and in every XML part no text
// node longer than TextBytes nor deeper nesting than XMLDepth.
func NewConListXLSX(r io.ReaderAt, size int64, name string, lim limits.Input) (*ConListReader, error) {
	lim = lim.WithDefaults()
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: not an .xlsx file: %w", name, err)
	}
	if err := checkWorkbook(zr, lim); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	xl, err := xlsxreader.NewReaderZip(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(xl.Sheets) == 0 {
		return nil, fmt.Errorf("%s: the workbook has no sheet", name)
	}
	rows := xl.ReadRows(xl.Sheets[0])
	n, width := 0, 0 // rows read; the header's width
	defer func() {
		for range rows { // let the reader's goroutine finish after an error
		}
	}()
	return newConList(func() ([]string, int, error) {
		row, ok := <-rows
		if !ok {
			return nil, 0, io.EOF
		}
		if row.Error != nil {
			return nil, row.Index, fmt.Errorf("%s: row %d: %w", name, row.Index, row.Error)
		}
		var rec []string
		for _, c := range row.Cells {
			i := c.ColumnIndex()
			if i < 0 || i > 1000 {
				return nil, row.Index, fmt.Errorf("%s: row %d: cell %s%d out of range", name, row.Index, c.Column, c.Row)
			}
			for len(rec) <= i {
				rec = append(rec, "")
			}
			rec[i] = c.Value
		}
		if n++; n == 2 {
			width = len(rec)
		}
		for len(rec) < width { // a spreadsheet row stops at its last filled cell
			rec = append(rec, "")
		}
		return rec, row.Index, nil
	}, name)
}

// checkWorkbook streams every XML part of a workbook through the input
// bounds before the xlsx reader loads it.
func checkWorkbook(zr *zip.Reader, lim limits.Input) error {
	if err := limits.CheckZip(zr, lim.XLSXBytes); err != nil {
		return err
	}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		_, err = io.Copy(io.Discard, limits.XML(rc, lim))
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return nil
}

// newConList reads the date line, the header and the rows.
func newConList(next rowSource, name string) (*ConListReader, error) {
	rd := &ConListReader{}
	first, _, err := next()
	if err != nil {
		return nil, fmt.Errorf("%s: line 1: %w", name, err)
	}
	if len(first) >= 2 && strings.EqualFold(clean(first[0]), "Last Updated") {
		if rd.generatedAt, err = time.Parse("02/01/2006", clean(first[1])); err != nil {
			return nil, fmt.Errorf("%s: line 1: Last Updated %q is not a dd/mm/yyyy date", name, first[1])
		}
	} else {
		return nil, fmt.Errorf("%s: line 1: want \"Last Updated,dd/mm/yyyy\", got %q", name, strings.Join(first, ","))
	}
	header, _, err := next()
	if err != nil {
		return nil, fmt.Errorf("%s: line 2 (header): %w", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[clean(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, c := range conListColumns {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s: line 2: header has no column %q", name, c)
		}
	}
	groups := map[string]*lists.Subject{}
	for {
		rec, line, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(rec) != len(header) {
			return nil, fmt.Errorf("%s: line %d: %d columns, want %d", name, line, len(rec), len(header))
		}
		row := func(c string) string { return rec[col[c]] }
		for i, v := range rec {
			if !utf8.ValidString(v) {
				return nil, fmt.Errorf("%s: line %d, column %q: invalid UTF-8 text", name, line, header[i])
			}
		}
		gid := clean(row("Group ID"))
		if gid == "" {
			return nil, fmt.Errorf("%s: line %d: Group ID is empty", name, line)
		}
		s := groups[gid]
		if s == nil {
			k, err := kind(row("Group Type"))
			if err != nil {
				return nil, fmt.Errorf("%s: line %d: Group Type: %w", name, line, err)
			}
			s = &lists.Subject{ID: lists.NewSubjectID(lists.SourceOFSI, gid), Source: lists.SourceOFSI, SourceID: gid,
				Kind: k, MeasureScope: "GB", Measures: []lists.Measure{lists.MeasureAssetFreeze}}
			groups[gid] = s
			rd.subjects = append(rd.subjects, s)
			// Other Information is the same on every row of a group.
			applyInfo(s, otherInformation(row("Other Information")))
		}
		if err := mergeRow(s, row); err != nil {
			return nil, fmt.Errorf("%s: line %d: group %s: %w", name, line, gid, err)
		}
	}
	for _, s := range rd.subjects {
		if len(s.Names) == 0 {
			return nil, fmt.Errorf("%s: group %s has no name", name, s.SourceID)
		}
		primaryFirst(s)
	}
	return rd, nil
}

// GeneratedAt is the file's "Last Updated" date.
func (rd *ConListReader) GeneratedAt() time.Time { return rd.generatedAt }

// Next returns the next subject, or io.EOF.
func (rd *ConListReader) Next() (*lists.Subject, error) {
	if rd.next >= len(rd.subjects) {
		return nil, io.EOF
	}
	rd.next++
	s := rd.subjects[rd.next-1]
	rd.subjects[rd.next-1] = nil // let the caller own it
	return s, nil
}

var infoKeyRe = regexp.MustCompile(`\(([A-Z][A-Za-z ]{1,40})\):`)

// otherInformation splits "(UK Sanctions List Ref):IRN0082. (Gender):Male"
// into its labelled parts; text before the first label is returned under "".
func otherInformation(s string) map[string]string {
	out := map[string]string{}
	locs := infoKeyRe.FindAllStringSubmatchIndex(s, -1)
	prev, key := 0, ""
	for _, l := range locs {
		if v := strings.TrimSuffix(clean(s[prev:l[0]]), "."); v != "" {
			out[key] = strings.TrimSpace(out[key] + " " + v)
		}
		key, prev = s[l[2]:l[3]], l[1]
	}
	if v := strings.TrimSuffix(clean(s[prev:]), "."); v != "" {
		out[key] = strings.TrimSpace(out[key] + " " + v)
	}
	return out
}

func mergeRow(s *lists.Subject, row func(string) string) error {
	var parts [6]string
	parts[5] = row("Name 6")
	for i := range 5 {
		parts[i] = row(fmt.Sprintf("Name %d", i+1))
	}
	full, np := fullName(parts)
	if s.Kind != lists.KindPerson {
		np = nil
	}
	if full != "" {
		addName(s, lists.Name{Full: full, Role: aliasRole(row("Alias Type"), row("Alias Quality")), Script: names.Script(full), Parts: np})
	}
	if nl := clean(row("Name Non-Latin Script")); nl != "" {
		addName(s, lists.Name{Full: nl, Role: lists.RoleOriginalScript, Script: names.Script(nl), Lang: langCode(row("Non-Latin Script Language"))})
	}
	for _, t := range numbered(row("Title")) {
		s.Titles = addUnique(s.Titles, t)
	}
	if dob, ok := birthDate(row("DOB")); ok && !slices.Contains(s.BirthDates, dob) {
		s.BirthDates = append(s.BirthDates, dob)
	}
	towns, countries := numbered(row("Town of Birth")), numberedKeep(row("Country of Birth"))
	for i := range max(len(towns), len(countries)) {
		pl := lists.Place{}
		if i < len(towns) {
			pl.City = towns[i]
		}
		if i < len(countries) && countries[i] != "" {
			pl.CountryName, pl.Country = countries[i], s.MapCountry(countries[i])
		}
		if pl != (lists.Place{}) && !slices.Contains(s.BirthPlaces, pl) {
			s.BirthPlaces = append(s.BirthPlaces, pl)
		}
	}
	for _, n := range numbered(row("Nationality")) {
		s.Nationalities = s.AddCountry(s.Nationalities, n)
	}
	nums, details := numbered(row("Passport Number")), numberedKeep(row("Passport Details"))
	for i, n := range nums {
		s.Documents = appendDocument(s, "Passport", n, at(details, i))
	}
	nums, details = numbered(row("National Identification Number")), numberedKeep(row("National Identification Details"))
	for i, n := range nums {
		s.Documents = appendDocument(s, "National identification number", n, at(details, i))
	}
	for _, p := range numbered(row("Position")) {
		s.Designations = addUnique(s.Designations, p)
	}
	s.Addresses = appendAddress(s, [6]string{row("Address 1"), row("Address 2"), row("Address 3"), row("Address 4"), row("Address 5"), row("Address 6")},
		row("Post/Zip Code"), row("Country"))
	if r := clean(row("Regime")); r != "" {
		s.Programs = addUnique(s.Programs, program(r))
	}
	if d := row("Listed On"); s.ListedOn == "" && clean(d) != "" {
		day, err := ukDate(d)
		if err != nil {
			return fmt.Errorf("Listed On: %w", err)
		}
		s.ListedOn = day
	}
	return nil
}

// applyInfo files the labelled parts of Other Information, once per group.
func applyInfo(s *lists.Subject, info map[string]string) {
	var remarks []string
	ship := map[string][]string{}
	keys := slices.Sorted(maps.Keys(info)) // the same file gives the same record
	for _, k := range keys {
		v := info[k]
		switch k {
		case "":
		case "UK Sanctions List Ref", "UN Ref":
			// The value may run on into prose: keep the reference itself.
			src, re := lists.SourceUK, ukRefRe
			if k == "UN Ref" {
				src, re = lists.SourceUN, unRefRe
			}
			ref := re.FindString(v)
			if ref != "" {
				s.Links = append(s.Links, lists.Link{Relation: "same_as", Target: lists.NewSubjectID(src, ref)})
			}
			if rest := strings.TrimLeft(strings.TrimPrefix(v, ref), ". "); rest != "" {
				remarks = append(remarks, rest)
			}
		case "Gender":
			s.Gender = lists.Gender(v)
		case "UK Statement of Reasons":
			remarks = append(remarks, "Statement of reasons: "+v)
		case "Type of entity":
			s.Designations = addUnique(s.Designations, v)
		case "Business Reg No":
			s.Documents = appendDocument(s, "Business registration number", v, "")
		case "Parent company", "Subsidiaries":
			rel := map[string]string{"Parent company": "parent_company", "Subsidiaries": "subsidiary"}[k]
			s.Links = append(s.Links, lists.Link{Relation: rel, Name: v})
		case "IMO number", "Current owners", "Flag of ship", "Previous flags", "Type of ship", "Tonnage of ship", "Length of ship", "Year built":
			key := map[string]string{"IMO number": "imo", "Current owners": "owner", "Flag of ship": "flag", "Previous flags": "previous_flags",
				"Type of ship": "type", "Tonnage of ship": "tonnage", "Length of ship": "length", "Year built": "year_built"}[k]
			ship[key] = []string{v}
		default: // phone, email, website, fax, …
			remarks = append(remarks, k+": "+v)
		}
	}
	s.VesselInfo = vesselInfo(ship)
	if lead := info[""]; lead != "" {
		remarks = slices.Insert(remarks, 0, lead)
	}
	s.Remarks = strings.Join(remarks, "; ")
}

var (
	unRefRe = regexp.MustCompile(`^[A-Z]{2}[ie]\.\d{3}`)
	ukRefRe = regexp.MustCompile(`^[A-Z]{3}\d{4}`)
)

// numberedKeep is numbered, but keeps a "-" as an empty slot, so the
// values stay aligned with a paired column.
func numberedKeep(s string) []string {
	var out []string
	for i, p := range numberedRe.Split(s, -1) {
		p = strings.TrimSpace(p)
		if i == 0 && p == "" {
			continue
		}
		if p == "-" {
			p = ""
		}
		out = append(out, p)
	}
	return out
}

func at(vs []string, i int) string {
	if i < len(vs) {
		return vs[i]
	}
	return ""
}
