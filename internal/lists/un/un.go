// Package un parses the UN Security Council Consolidated List XML
// (CONSOLIDATED_LIST, sc-sanctions.xsd) into lists.Subject values.
//
// The decoder streams: it decodes one INDIVIDUAL or ENTITY element at a
// time, so memory grows only with the records kept by the caller. Unknown
// elements are ignored, since the UN adds elements over time (2026 added
// HAS_INTERPOL_LINK).
package un

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/xmlrec"
	"github.com/vigilhq/vigil/internal/names"
)

// Reader decodes subjects from a consolidated list.
type Reader struct {
	dec         *xmlrec.Decoder
	generatedAt time.Time
}

// NewReader starts decoding r; it reads up to the root element so that
// GeneratedAt is known before the first record.
func NewReader(r io.Reader) (*Reader, error) {
	dec, root, err := xmlrec.Open(r, "CONSOLIDATED_LIST")
	if err != nil {
		return nil, err
	}
	t, err := dec.TimeAttr(root, "dateGenerated")
	if err != nil {
		return nil, err
	}
	return &Reader{dec: dec, generatedAt: t}, nil
}

// GeneratedAt is the list's dateGenerated attribute (zero if absent).
func (rd *Reader) GeneratedAt() time.Time { return rd.generatedAt }

// Next returns the next subject, or io.EOF after the closing root element.
func (rd *Reader) Next() (*lists.Subject, error) {
	return xmlrec.NextSubject(rd.dec, "record", func(rec *record, element string) (*lists.Subject, error) {
		return rec.subject(element == "INDIVIDUAL")
	}, "INDIVIDUAL", "ENTITY")
}

type record struct {
	First        string   `xml:"FIRST_NAME"`
	Second       string   `xml:"SECOND_NAME"`
	Third        string   `xml:"THIRD_NAME"`
	Fourth       string   `xml:"FOURTH_NAME"`
	ListType     string   `xml:"UN_LIST_TYPE"`
	Ref          string   `xml:"REFERENCE_NUMBER"`
	ListedOn     string   `xml:"LISTED_ON"`
	LastUpdated  []string `xml:"LAST_DAY_UPDATED>VALUE"`
	Original     string   `xml:"NAME_ORIGINAL_SCRIPT"`
	Comments     string   `xml:"COMMENTS1"`
	Gender       string   `xml:"GENDER"`
	Titles       []string `xml:"TITLE>VALUE"`
	Designations []string `xml:"DESIGNATION>VALUE"`
	Nationality  []string `xml:"NATIONALITY>VALUE"`
	Aliases      []alias  `xml:"INDIVIDUAL_ALIAS"`
	EntAliases   []alias  `xml:"ENTITY_ALIAS"`
	Addresses    []addr   `xml:"INDIVIDUAL_ADDRESS"`
	EntAddresses []addr   `xml:"ENTITY_ADDRESS"`
	DOBs         []dob    `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	POBs         []pob    `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Documents    []doc    `xml:"INDIVIDUAL_DOCUMENT"`
}

type alias struct {
	Quality string `xml:"QUALITY"`
	Name    string `xml:"ALIAS_NAME"`
}

type addr struct {
	Street  string `xml:"STREET"`
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Zip     string `xml:"ZIP_CODE"`
	Country string `xml:"COUNTRY"`
	Note    string `xml:"NOTE"`
}

type dob struct {
	Type     string `xml:"TYPE_OF_DATE"`
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
	Note     string `xml:"NOTE"`
}

type pob struct {
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Country string `xml:"COUNTRY"`
	Note    string `xml:"NOTE"`
}

type doc struct {
	Type           string `xml:"TYPE_OF_DOCUMENT"`
	Type2          string `xml:"TYPE_OF_DOCUMENT2"`
	Number         string `xml:"NUMBER"`
	IssuingCountry string `xml:"ISSUING_COUNTRY"`
	CountryOfIssue string `xml:"COUNTRY_OF_ISSUE"`
	DateOfIssue    string `xml:"DATE_OF_ISSUE"`
	CityOfIssue    string `xml:"CITY_OF_ISSUE"`
	Note           string `xml:"NOTE"`
}

// clean collapses the whitespace the UN file spreads through values.
var clean = xmlrec.Clean

// programs maps UN_LIST_TYPE values to Vigil's regime codes.
var programs = map[string]string{
	"Al-Qaida": "al-qaida", "Taliban": "taliban", "DPRK": "dprk", "Iran": "iran",
	"Iraq": "iraq", "Libya": "libya", "DRC": "drc", "CAR": "car", "Sudan": "sudan",
	"SouthSudan": "south-sudan", "Somalia": "somalia", "Yemen": "yemen",
	"GB": "guinea-bissau", "Haiti": "haiti", "Mali": "mali", "Lebanon": "lebanon",
}

// Program maps a UN_LIST_TYPE to a regime code; unknown types are lower-cased.
func Program(listType string) string {
	if p, ok := programs[listType]; ok {
		return p
	}
	return strings.ToLower(listType)
}

var measureRe = regexp.MustCompile(`\(([^()]*(?:Travel Ban|Asset Freeze)[^()]*)\)`)

// Measures extracts the measures an entry states for itself, such as
// "(Travel Ban, Asset Freeze)" in Libya entries.
func Measures(comments string) []lists.Measure {
	var out []lists.Measure
	add := func(m lists.Measure) {
		for _, x := range out {
			if x == m {
				return
			}
		}
		out = append(out, m)
	}
	for _, m := range measureRe.FindAllStringSubmatch(clean(comments), -1) {
		if strings.Contains(m[1], "Travel Ban") {
			add(lists.MeasureTravelBan)
		}
		if strings.Contains(m[1], "Asset Freeze") {
			add(lists.MeasureAssetFreeze)
		}
	}
	return out
}

var refRe = regexp.MustCompile(`\b([A-Z]{2}[ie]\.\d{3})\b`)

func (r *record) subject(individual bool) (_ *lists.Subject, err error) {
	ref := clean(r.Ref)
	if ref == "" {
		return nil, errors.New("REFERENCE_NUMBER is empty")
	}
	s := &lists.Subject{
		ID:           lists.NewSubjectID(lists.SourceUN, ref),
		Source:       lists.SourceUN,
		SourceID:     ref,
		Kind:         lists.KindOrganization,
		ListedOn:     clean(r.ListedOn),
		Remarks:      clean(r.Comments),
		Gender:       clean(r.Gender),
		Measures:     Measures(r.Comments),
		Titles:       nonEmpty(r.Titles),
		Designations: nonEmpty(r.Designations),
	}
	if individual {
		s.Kind = lists.KindPerson
	}
	if lt := clean(r.ListType); lt != "" {
		s.Programs = []string{Program(lt)}
	}
	if s.ListedOn != "" {
		d, ok := isoDate(s.ListedOn)
		if !ok {
			return nil, fmt.Errorf("%s: LISTED_ON %q is not a date", ref, s.ListedOn)
		}
		s.ListedOn = d
	}
	if s.Amended, err = amendmentDays(r.LastUpdated, s.Remarks); err != nil {
		return nil, fmt.Errorf("%s: %w", ref, err)
	}
	// Primary name from its parts.
	var parts []lists.NamePart
	var full []string
	for i, p := range []string{r.First, r.Second, r.Third, r.Fourth} {
		if v := clean(p); v != "" {
			parts = append(parts, lists.NamePart{Type: [...]string{"first", "second", "third", "fourth"}[i], Value: v})
			full = append(full, v)
		}
	}
	if len(full) == 0 {
		return nil, fmt.Errorf("%s: no name (FIRST_NAME is empty)", ref)
	}
	primary := strings.Join(full, " ")
	s.Names = append(s.Names, lists.Name{Full: primary, Role: lists.RolePrimary, Script: names.Script(primary), Parts: parts})
	for _, a := range append(r.Aliases, r.EntAliases...) {
		role := lists.RoleStrongAlias
		switch clean(a.Quality) {
		case "Low":
			role = lists.RoleWeakAlias
		case "f.k.a.":
			role = lists.RoleFormerName
		}
		for _, n := range strings.Split(a.Name, ";") {
			if n = clean(n); n != "" {
				s.Names = append(s.Names, lists.Name{Full: n, Role: role, Script: names.Script(n)})
			}
		}
	}
	if o := clean(r.Original); o != "" {
		s.Names = append(s.Names, lists.Name{Full: o, Role: lists.RoleOriginalScript, Script: names.Script(o)})
	}
	for _, n := range r.Nationality {
		if n = clean(n); n != "" {
			s.Nationalities = s.AddCountry(s.Nationalities, n)
		}
	}
	for _, d := range r.DOBs {
		if bd, ok := d.birthDate(); ok {
			s.BirthDates = append(s.BirthDates, bd)
		}
	}
	for _, p := range r.POBs {
		pl := lists.Place{City: clean(p.City), Region: clean(p.State), Text: clean(p.Note)}
		if c := clean(p.Country); c != "" {
			pl.CountryName = c
			pl.Country = s.MapCountry(c)
		}
		if pl != (lists.Place{}) {
			s.BirthPlaces = append(s.BirthPlaces, pl)
		}
	}
	for _, d := range r.Documents {
		num := clean(d.Number)
		typ := clean(d.Type)
		if t2 := clean(d.Type2); t2 != "" {
			typ = strings.TrimSpace(typ + " " + t2)
		}
		note := clean(d.Note)
		if num == "" && note == "" {
			continue
		}
		doc := lists.Document{Type: typ, Number: num, Note: note}
		if c := clean(d.IssuingCountry); c != "" {
			doc.CountryName = c
		} else if c := clean(d.CountryOfIssue); c != "" {
			doc.CountryName = c
		}
		if doc.CountryName != "" {
			doc.Country = s.MapCountry(doc.CountryName)
		}
		s.Documents = append(s.Documents, doc)
	}
	for _, a := range append(r.Addresses, r.EntAddresses...) {
		ad := lists.Address{Street: clean(a.Street), City: clean(a.City), Region: clean(a.State), PostalCode: clean(a.Zip), Note: clean(a.Note)}
		if c := clean(a.Country); c != "" {
			ad.CountryName = c
			ad.Country = s.MapCountry(c)
		}
		if ad != (lists.Address{}) {
			s.Addresses = append(s.Addresses, ad)
		}
	}
	// Links: other UN references named in the remarks or designations.
	seen := map[string]bool{ref: true}
	text := s.Remarks + " " + strings.Join(s.Designations, " ")
	for _, m := range refRe.FindAllString(text, -1) {
		if !seen[m] {
			seen[m] = true
			s.Links = append(s.Links, lists.Link{Relation: "mentioned", Target: lists.NewSubjectID(lists.SourceUN, m)})
		}
	}
	return s, nil
}

// amendedOnRe finds "amended on 25 Jul. 2006" in an entry's remarks.
var amendedOnRe = regexp.MustCompile(`(?i)\bamended on (\d{1,2} [A-Za-z]{3,9}\.? \d{4})`)

// amendmentDays collects the days an entry was amended: its
// LAST_DAY_UPDATED values (which the UN writes in any order, older files
// newest first) and the dates its remarks give as "amended on …",
// ascending and without repeats.
func amendmentDays(values []string, remarks string) ([]string, error) {
	var out []string
	for _, v := range values {
		if v = clean(v); v == "" {
			continue
		}
		d, ok := isoDate(v)
		if !ok {
			return nil, fmt.Errorf("LAST_DAY_UPDATED %q is not a date", v)
		}
		out = append(out, d)
	}
	for _, m := range amendedOnRe.FindAllStringSubmatch(remarks, -1) {
		if d, ok := textDate(m[1]); ok {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// textDate reads "25 Jul. 2006" or "25 July 2006" as YYYY-MM-DD.
func textDate(s string) (string, bool) {
	day, rest, _ := strings.Cut(s, " ")
	month, year, _ := strings.Cut(rest, " ")
	month = strings.TrimSuffix(month, ".")
	if len(month) < 3 {
		return "", false
	}
	t, err := time.Parse("2 Jan 2006", day+" "+strings.ToUpper(month[:1])+strings.ToLower(month[1:3])+" "+year)
	if err != nil {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

func nonEmpty(in []string) []string {
	var out []string
	for _, v := range in {
		if v = clean(v); v != "" && v != "na" {
			out = append(out, v)
		}
	}
	return out
}

func (d dob) birthDate() (lists.BirthDate, bool) {
	typ := strings.ToUpper(clean(d.Type))
	bd := lists.BirthDate{Approximate: typ == "APPROXIMATELY", Text: clean(d.Note)}
	switch date, year := clean(d.Date), clean(d.Year); {
	case date != "":
		if day, ok := isoDate(date); ok {
			bd.Date, bd.Precision = day, lists.PrecisionDay
		} else {
			bd.Precision, bd.Text = lists.PrecisionUnkown, strings.TrimSpace(date+" "+bd.Text)
		}
	case year != "":
		if _, err := strconv.Atoi(year); err == nil {
			bd.Date, bd.Precision = year, lists.PrecisionYear
		} else {
			bd.Precision, bd.Text = lists.PrecisionUnkown, strings.TrimSpace(year+" "+bd.Text)
		}
	case clean(d.FromYear) != "" || clean(d.ToYear) != "":
		from, err1 := strconv.Atoi(clean(d.FromYear))
		to, err2 := strconv.Atoi(clean(d.ToYear))
		if err1 != nil || err2 != nil {
			bd.Precision = lists.PrecisionUnkown
			bd.Text = strings.TrimSpace(clean(d.FromYear) + "-" + clean(d.ToYear) + " " + bd.Text)
		} else {
			bd.Precision, bd.FromYear, bd.ToYear = lists.PrecisionRange, from, to
		}
	default:
		if bd.Text == "" {
			return bd, false
		}
		bd.Precision = lists.PrecisionUnkown
	}
	return bd, true
}

// isoDate accepts YYYY-MM-DD, optionally followed by a zone offset as older
// files write it ("2015-04-14-04:00"), and returns the plain date.
func isoDate(s string) (string, bool) {
	if len(s) < 10 {
		return "", false
	}
	if _, err := time.Parse(time.DateOnly, s[:10]); err != nil {
		return "", false
	}
	return s[:10], true
}
