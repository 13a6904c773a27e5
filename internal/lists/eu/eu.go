// Package eu parses the EU Financial Sanctions Files XML, version 1.1
// (root <export>, namespace http://eu.europa.ec/fpi/fsd/export), into
// lists.Subject values, one <sanctionEntity> at a time.
//
// The file has no primary name: every nameAlias is a name in some
// language. A strong Latin-script name in English (or without a stated
// language) is taken as primary — preferably the one that carries the
// person's function, as the regulation's main entry does — so screening
// explains matches against a name an analyst can read. Birth dates in the Islamic calendar carry
// their Gregorian equivalent in the birthdate attribute, which is used.
package eu

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/xmlrec"
	"github.com/vigilhq/vigil/internal/names"
)

// Reader decodes subjects from an FSF XML file.
type Reader struct {
	dec         *xmlrec.Decoder
	generatedAt time.Time
}

// NewReader reads up to the root element, so GeneratedAt is known first.
func NewReader(r io.Reader) (*Reader, error) {
	dec, root, err := xmlrec.Open(r, "export")
	if err != nil {
		return nil, err
	}
	t, err := dec.TimeAttr(root, "generationDate")
	if err != nil {
		return nil, err
	}
	return &Reader{dec: dec, generatedAt: t}, nil
}

// GeneratedAt is the file's generationDate (zero if absent).
func (rd *Reader) GeneratedAt() time.Time { return rd.generatedAt }

// Next returns the next subject, or io.EOF.
func (rd *Reader) Next() (*lists.Subject, error) {
	return xmlrec.NextSubject(rd.dec, "sanctionEntity", func(e *entity, _ string) (*lists.Subject, error) {
		return e.subject()
	}, "sanctionEntity")
}

type entity struct {
	DesignationDate    string       `xml:"designationDate,attr"`
	DesignationDetails string       `xml:"designationDetails,attr"`
	UNID               string       `xml:"unitedNationId,attr"`
	EURef              string       `xml:"euReferenceNumber,attr"`
	LogicalID          string       `xml:"logicalId,attr"`
	Remarks            []string     `xml:"remark"`
	Regulations        []regulation `xml:"regulation"`
	SubjectType        struct {
		Code string `xml:"code,attr"`
	} `xml:"subjectType"`
	Names          []nameAlias      `xml:"nameAlias"`
	Citizenships   []located        `xml:"citizenship"`
	BirthDates     []birthdate      `xml:"birthdate"`
	Identification []identification `xml:"identification"`
	Addresses      []address        `xml:"address"`
}

type regulation struct {
	Type             string `xml:"regulationType,attr"`
	PublicationDate  string `xml:"publicationDate,attr"`
	EntryIntoForce   string `xml:"entryIntoForceDate,attr"`
	NumberTitle      string `xml:"numberTitle,attr"`
	Programme        string `xml:"programme,attr"`
	OrganisationType string `xml:"organisationType,attr"`
}

type nameAlias struct {
	First    string   `xml:"firstName,attr"`
	Middle   string   `xml:"middleName,attr"`
	Last     string   `xml:"lastName,attr"`
	Whole    string   `xml:"wholeName,attr"`
	Function string   `xml:"function,attr"`
	Gender   string   `xml:"gender,attr"`
	Title    string   `xml:"title,attr"`
	Language string   `xml:"nameLanguage,attr"`
	Strong   string   `xml:"strong,attr"`
	Remarks  []string `xml:"remark"`
}

// located holds the country attributes that several elements share.
type located struct {
	Region      string   `xml:"region,attr"`
	CountryCode string   `xml:"countryIso2Code,attr"`
	CountryDesc string   `xml:"countryDescription,attr"`
	Remarks     []string `xml:"remark"`
}

type birthdate struct {
	located
	Circa     string `xml:"circa,attr"`
	Calendar  string `xml:"calendarType,attr"`
	City      string `xml:"city,attr"`
	ZipCode   string `xml:"zipCode,attr"`
	Date      string `xml:"birthdate,attr"`
	Day       string `xml:"dayOfMonth,attr"`
	Month     string `xml:"monthOfYear,attr"`
	Year      string `xml:"year,attr"`
	RangeFrom string `xml:"yearRangeFrom,attr"`
	RangeTo   string `xml:"yearRangeTo,attr"`
	Place     string `xml:"place,attr"`
}

type identification struct {
	located
	Diplomatic   string `xml:"diplomatic,attr"`
	KnownExpired string `xml:"knownExpired,attr"`
	KnownFalse   string `xml:"knownFalse,attr"`
	ReportedLost string `xml:"reportedLost,attr"`
	Revoked      string `xml:"revokedByIssuer,attr"`
	IssueDate    string `xml:"issueDate,attr"`
	ValidTo      string `xml:"validTo,attr"`
	IssuedBy     string `xml:"issuedBy,attr"`
	LatinNumber  string `xml:"latinNumber,attr"`
	NameOnDoc    string `xml:"nameOnDocument,attr"`
	Number       string `xml:"number,attr"`
	TypeCode     string `xml:"identificationTypeCode,attr"`
	TypeDesc     string `xml:"identificationTypeDescription,attr"`
}

type address struct {
	located
	City     string `xml:"city,attr"`
	Street   string `xml:"street,attr"`
	POBox    string `xml:"poBox,attr"`
	ZipCode  string `xml:"zipCode,attr"`
	Place    string `xml:"place,attr"`
	Contacts []struct {
		Key   string `xml:"key,attr"`
		Value string `xml:"value,attr"`
	} `xml:"contactInfo"`
}

var clean = xmlrec.Clean

// financialOnly are EU programmes whose listings freeze assets but impose
// no admission restriction: the CP 931 terrorist list and the
// misappropriation regimes for Tunisia and Egypt. Under every other
// programme a listed person is also refused entry to the Member States.
var financialOnly = []string{"TERR", "TUN", "EGY"}

func (e *entity) subject() (*lists.Subject, error) {
	ref := clean(e.EURef)
	if ref == "" {
		if ref = clean(e.LogicalID); ref == "" {
			return nil, errors.New("no euReferenceNumber and no logicalId")
		}
	}
	s := &lists.Subject{
		ID: lists.NewSubjectID(lists.SourceEU, ref), Source: lists.SourceEU, SourceID: ref,
		Kind: lists.KindOrganization, MeasureScope: "EU",
	}
	switch strings.ToLower(clean(e.SubjectType.Code)) {
	case "person":
		s.Kind = lists.KindPerson
	case "":
		return nil, fmt.Errorf("%s: subjectType code is empty", ref)
	}
	if d := clean(e.DesignationDate); d != "" {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return nil, fmt.Errorf("%s: designationDate %q is not a date", ref, d)
		}
		s.ListedOn = d
	}
	var remarks []string
	addRemark := func(r string) {
		if r = clean(r); r != "" && !slices.Contains(remarks, r) {
			remarks = append(remarks, r)
		}
	}
	for _, r := range e.Remarks {
		addRemark(r)
	}
	addRemark(e.DesignationDetails)
	for _, r := range e.Regulations {
		if p := clean(r.Programme); p != "" && !slices.Contains(s.Programs, p) {
			s.Programs = append(s.Programs, p)
		}
		if nt := clean(r.NumberTitle); nt != "" {
			basis := "Regulation " + nt
			if strings.EqualFold(clean(r.OrganisationType), "commission") {
				basis = "Commission Implementing Regulation " + nt
			}
			if d := clean(r.PublicationDate); d != "" {
				basis += ", published " + d
			}
			if !slices.Contains(s.LegalBasis, basis) {
				s.LegalBasis = append(s.LegalBasis, basis)
			}
		}
	}
	if un := clean(e.UNID); un != "" {
		s.Links = append(s.Links, lists.Link{Relation: "same_as", Target: lists.NewSubjectID(lists.SourceUN, un)})
	}
	if err := e.names(s, addRemark); err != nil {
		return nil, fmt.Errorf("%s: %w", ref, err)
	}
	for _, c := range e.Citizenships {
		s.Citizenships = lists.AddOnce(s.Citizenships, countryOf(s, c))
	}
	for _, b := range e.BirthDates {
		if bd, ok := b.birthDate(); ok {
			s.BirthDates = append(s.BirthDates, bd)
		}
		pl := lists.Place{City: placeValue(b.City), Region: clean(b.Region), Text: clean(b.Place)}
		if pl != (lists.Place{}) || countryOf(s, b.located) != "" {
			pl.Country, pl.CountryName = countryOf(s, b.located), countryName(b.located)
			if !slices.Contains(s.BirthPlaces, pl) {
				s.BirthPlaces = append(s.BirthPlaces, pl)
			}
		}
	}
	for _, id := range e.Identification {
		if d, ok := id.document(s); ok {
			s.Documents = append(s.Documents, d)
		}
	}
	for _, a := range e.Addresses {
		ad := lists.Address{Street: clean(a.Street), City: placeValue(a.City), Region: clean(a.Region), PostalCode: clean(a.ZipCode)}
		if pb := clean(a.POBox); pb != "" {
			ad.Street = strings.TrimPrefix(ad.Street+", P.O. Box "+pb, ", ")
		}
		var notes []string
		if p := clean(a.Place); p != "" {
			notes = append(notes, p)
		}
		for _, r := range a.Remarks {
			if r = clean(r); r != "" {
				notes = append(notes, r)
			}
		}
		for _, c := range a.Contacts {
			if v := clean(c.Value); v != "" {
				notes = append(notes, strings.ToLower(clean(c.Key))+": "+v)
			}
		}
		ad.Note = strings.Join(notes, "; ")
		if cc := countryOf(s, a.located); cc != "" || ad != (lists.Address{}) {
			ad.Country, ad.CountryName = cc, countryName(a.located)
			s.Addresses = append(s.Addresses, ad)
		}
	}
	s.Remarks = strings.Join(remarks, " ")
	s.Measures = []lists.Measure{lists.MeasureAssetFreeze}
	if s.Kind == lists.KindPerson && !slices.ContainsFunc(s.Programs, func(p string) bool { return slices.Contains(financialOnly, p) }) {
		s.Measures = append(s.Measures, lists.MeasureTravelBan)
	}
	return s, nil
}

// names fills names, titles, functions and gender from the nameAliases.
func (e *entity) names(s *lists.Subject, addRemark func(string)) error {
	primary, best := -1, -1
	for _, n := range e.Names {
		full := wholeName(n)
		if full == "" {
			continue
		}
		script := names.Script(full)
		lang := strings.ToLower(clean(n.Language))
		role := lists.RoleStrongAlias
		if strings.EqualFold(clean(n.Strong), "false") || isLowQuality(n.Remarks) {
			role = lists.RoleWeakAlias
		}
		if script != "Latin" && script != "" {
			role = lists.RoleOriginalScript
		}
		name := lists.Name{Full: full, Role: role, Script: script, Lang: lang}
		for _, p := range []struct{ typ, v string }{{"first", n.First}, {"middle", n.Middle}, {"last", n.Last}} {
			if v := clean(p.v); v != "" {
				name.Parts = append(name.Parts, lists.NamePart{Type: p.typ, Value: v})
			}
		}
		// The name the regulation writes out in full, with the person's
		// function, is the main one; then a name split into parts.
		rank := min(1, len(name.Parts))
		if clean(n.Function) != "" {
			rank += 2
		}
		if rank > best && role == lists.RoleStrongAlias && (lang == "" || lang == "en") {
			primary, best = len(s.Names), rank
		}
		s.Names = append(s.Names, name)
		if t := clean(n.Title); t != "" && !slices.Contains(s.Titles, t) {
			s.Titles = append(s.Titles, t)
		}
		if f := clean(n.Function); f != "" && !slices.Contains(s.Designations, f) {
			s.Designations = append(s.Designations, f)
		}
		if s.Gender == "" {
			s.Gender = lists.Gender(clean(n.Gender))
		}
		for _, r := range n.Remarks {
			if !isQualityNote(r) {
				addRemark(r)
			}
		}
	}
	if len(s.Names) == 0 {
		return errors.New("no nameAlias has a name")
	}
	if primary < 0 {
		primary = slices.IndexFunc(s.Names, func(n lists.Name) bool { return n.Role != lists.RoleOriginalScript })
		if primary < 0 {
			primary = 0
		}
	}
	s.Names[primary].Role = lists.RolePrimary
	// The primary name leads, as in every other source.
	p := s.Names[primary]
	s.Names = slices.Delete(s.Names, primary, primary+1)
	s.Names = slices.Insert(s.Names, 0, p)
	return nil
}

func wholeName(n nameAlias) string {
	if w := clean(n.Whole); w != "" {
		return w
	}
	return clean(strings.Join([]string{n.First, n.Middle, n.Last}, " "))
}

// isQualityNote recognises the remarks that only grade an alias ("good
// quality alias", with the source's own misspellings).
func isQualityNote(r string) bool {
	r = strings.ToLower(clean(r))
	return strings.HasSuffix(r, "quality alias") || strings.HasSuffix(r, "quality aliias") || strings.HasSuffix(r, "quality a.k.a")
}

func isLowQuality(remarks []string) bool {
	for _, r := range remarks {
		if isQualityNote(r) && strings.HasPrefix(strings.ToLower(clean(r)), "low") {
			return true
		}
	}
	return false
}

// placeValue drops the "-" the file writes for an unknown city.
func placeValue(s string) string {
	if s = clean(s); s == "-" {
		return ""
	}
	return s
}

// countryOf returns the ISO code; "00" means unknown in the file, and the
// description is then mapped by name when it names a country.
func countryOf(s *lists.Subject, l located) string {
	code := strings.ToUpper(clean(l.CountryCode))
	if code != "" && code != "00" {
		return code
	}
	if d := countryName(l); d != "" {
		return s.MapCountry(d)
	}
	return ""
}

func countryName(l located) string {
	d := clean(l.CountryDesc)
	if strings.EqualFold(d, "UNKNOWN") {
		return ""
	}
	return d
}

func (b birthdate) birthDate() (lists.BirthDate, bool) {
	bd := lists.BirthDate{Approximate: strings.EqualFold(clean(b.Circa), "true")}
	var notes []string
	for _, r := range b.Remarks {
		if r = clean(r); r != "" {
			notes = append(notes, r)
		}
	}
	cal := strings.ToUpper(clean(b.Calendar))
	gregorian := cal == "" || cal == "GREGORIAN"
	year, _ := strconv.Atoi(clean(b.Year))
	month, _ := strconv.Atoi(clean(b.Month))
	switch d := clean(b.Date); {
	case d != "":
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			bd.Precision, bd.Text = lists.PrecisionUnkown, d
		} else {
			bd.Date, bd.Precision = d, lists.PrecisionDay
		}
		if !gregorian {
			notes = append(notes, fmt.Sprintf("%s calendar: %s-%s-%s", strings.ToLower(clean(b.Calendar)), clean(b.Year), clean(b.Month), clean(b.Day)))
		}
	case gregorian && year > 0 && month >= 1 && month <= 12:
		bd.Date, bd.Precision = fmt.Sprintf("%04d-%02d", year, month), lists.PrecisionMonth
	case gregorian && year > 0:
		bd.Date, bd.Precision = fmt.Sprintf("%04d", year), lists.PrecisionYear
	case clean(b.RangeFrom) != "" || clean(b.RangeTo) != "":
		from, err1 := strconv.Atoi(clean(b.RangeFrom))
		to, err2 := strconv.Atoi(clean(b.RangeTo))
		if err1 != nil || err2 != nil {
			bd.Precision, bd.Text = lists.PrecisionUnkown, clean(b.RangeFrom)+"-"+clean(b.RangeTo)
		} else {
			bd.Precision, bd.FromYear, bd.ToYear = lists.PrecisionRange, from, to
		}
	case year > 0:
		bd.Precision = lists.PrecisionUnkown
		notes = append(notes, fmt.Sprintf("%s calendar: year %d", strings.ToLower(clean(b.Calendar)), year))
	default:
		return bd, false
	}
	if len(notes) > 0 {
		bd.Text = strings.TrimSpace(bd.Text + " " + strings.Join(notes, "; "))
	}
	return bd, true
}

func (id identification) document(s *lists.Subject) (lists.Document, bool) {
	num := clean(id.Number)
	if num == "" {
		num = clean(id.LatinNumber)
	}
	if num == "" {
		return lists.Document{}, false
	}
	d := lists.Document{Type: clean(id.TypeDesc), Number: num}
	if d.Type == "" {
		d.Type = clean(id.TypeCode)
	}
	d.Country, d.CountryName = countryOf(s, id.located), countryName(id.located)
	var notes []string
	if l := clean(id.LatinNumber); l != "" && l != num {
		notes = append(notes, "latin number "+l)
	}
	for _, f := range []struct{ v, text string }{
		{id.Diplomatic, "diplomatic"}, {id.KnownExpired, "known expired"}, {id.KnownFalse, "known false"},
		{id.ReportedLost, "reported lost"}, {id.Revoked, "revoked by issuer"},
	} {
		if strings.EqualFold(clean(f.v), "true") {
			notes = append(notes, f.text)
		}
	}
	for _, f := range []struct{ label, v string }{
		{"issued", id.IssueDate}, {"valid to", id.ValidTo}, {"issued by", id.IssuedBy},
		{"issued in", id.Region}, {"name on document", id.NameOnDoc},
	} {
		if v := clean(f.v); v != "" {
			notes = append(notes, f.label+" "+v)
		}
	}
	for _, r := range id.Remarks {
		if r = clean(r); r != "" {
			notes = append(notes, r)
		}
	}
	d.Note = strings.Join(notes, "; ")
	return d, true
}
