package uk

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/xmlrec"
	"github.com/vigilhq/vigil/internal/names"
)

// XMLReader streams subjects from the FCDO UK Sanctions List XML
// (<Designations>, one <Designation> per subject).
type XMLReader struct {
	dec         *xmlrec.Decoder
	generatedAt time.Time
}

// NewXMLReader reads up to the first designation, so that the file's
// DateGenerated, which precedes the designations, is known.
func NewXMLReader(r io.Reader) (*XMLReader, error) {
	dec, _, err := xmlrec.Open(r, "Designations")
	if err != nil {
		return nil, err
	}
	t, err := dec.PreludeDate("Designation", "DateGenerated", "02/01/2006", "dd/mm/yyyy")
	if err != nil {
		return nil, err
	}
	return &XMLReader{dec: dec, generatedAt: t}, nil
}

// GeneratedAt is the file's DateGenerated (zero if absent).
func (rd *XMLReader) GeneratedAt() time.Time { return rd.generatedAt }

// Next returns the next subject, or io.EOF.
func (rd *XMLReader) Next() (*lists.Subject, error) {
	return xmlrec.NextSubject(rd.dec, "Designation", func(d *designation, _ string) (*lists.Subject, error) {
		return d.subject()
	}, "Designation")
}

type designation struct {
	LastUpdated    string `xml:"LastUpdated"`
	DateDesignated string `xml:"DateDesignated"`
	UniqueID       string `xml:"UniqueID"`
	OFSIGroupID    string `xml:"OFSIGroupID"`
	UNRef          string `xml:"UNReferenceNumber"`
	Names          []struct {
		Name1    string `xml:"Name1"`
		Name2    string `xml:"Name2"`
		Name3    string `xml:"Name3"`
		Name4    string `xml:"Name4"`
		Name5    string `xml:"Name5"`
		Name6    string `xml:"Name6"`
		Type     string `xml:"NameType"`
		Strength string `xml:"AliasStrength"`
	} `xml:"Names>Name"`
	NonLatin []struct {
		Name     string `xml:"NameNonLatinScript"`
		Script   string `xml:"NonLatinScriptType"`
		Language string `xml:"NonLatinScriptLanguage"`
	} `xml:"NonLatinNames>NonLatinName"`
	Titles     []string `xml:"Titles>Title"`
	Regime     string   `xml:"RegimeName"`
	Type       string   `xml:"IndividualEntityShip"`
	Source     string   `xml:"DesignationSource"`
	Imposed    string   `xml:"SanctionsImposed"`
	Indicators anyElems `xml:"SanctionsImposedIndicators"`
	OtherInfo  string   `xml:"OtherInformation"`
	Reasons    string   `xml:"UKStatementofReasons"`
	Addresses  []struct {
		L1      string `xml:"AddressLine1"`
		L2      string `xml:"AddressLine2"`
		L3      string `xml:"AddressLine3"`
		L4      string `xml:"AddressLine4"`
		L5      string `xml:"AddressLine5"`
		L6      string `xml:"AddressLine6"`
		Postal  string `xml:"AddressPostalCode"`
		Country string `xml:"AddressCountry"`
	} `xml:"Addresses>Address"`
	Phones     []string `xml:"PhoneNumbers>PhoneNumber"`
	Emails     []string `xml:"EmailAddresses>EmailAddress"`
	Websites   []string `xml:"Websites>Website"`
	Individual struct {
		DOBs          []string `xml:"DOBs>DOB"`
		Nationalities []string `xml:"Nationalities>Nationality"`
		Genders       []string `xml:"Genders>Gender"`
		Positions     []string `xml:"Positions>Position"`
		Passports     []struct {
			Number string `xml:"PassportNumber"`
			Info   string `xml:"PassportAdditionalInformation"`
		} `xml:"PassportDetails>Passport"`
		NationalIDs []struct {
			Number string `xml:"NationalIdentifierNumber"`
			Info   string `xml:"NationalIdentifierAdditionalInformation"`
		} `xml:"NationalIdentifierDetails>NationalIdentifier"`
		Births []struct {
			Town    string `xml:"TownOfBirth"`
			Country string `xml:"CountryOfBirth"`
		} `xml:"BirthDetails>Location"`
	} `xml:"IndividualDetails>Individual"`
	Entity struct {
		Types        []string `xml:"TypeOfEntities>TypeOfEntity"`
		Registration []string `xml:"BusinessRegistrationNumbers>BusinessRegistrationNumber"`
		Parents      []string `xml:"ParentCompanies>ParentCompany"`
		Subsidiaries []string `xml:"Subsidiaries>Subsidiary"`
	} `xml:"EntityDetails>Entity"`
	Ship struct {
		IMO     []string `xml:"IMONumbers>IMONumber"`
		Owners  []string `xml:"CurrentOwnerOperators>CurrentOwnerOperator"`
		Flags   []string `xml:"CurrentBelievedFlagOfShips>CurrentBelievedFlagOfShip"`
		Prev    []string `xml:"PreviousFlags>PreviousFlag"`
		Types   []string `xml:"TypeOfShipDetails>TypeOfShip"`
		Tonnage []string `xml:"TonnageOfShipDetails>TonnageOfShip"`
		Length  []string `xml:"LengthOfShipDetails>LengthOfShip"`
		Built   []string `xml:"YearBuiltDetails>YearBuilt"`
	} `xml:"ShipDetails>Ship"`
}

// anyElems collects child elements whose names the schema adds over time
// (AssetFreeze, TravelBan, DirectorDisqualificationSanction, …).
type anyElems struct {
	Items []struct {
		XMLName xml.Name
		Value   string `xml:",chardata"`
	} `xml:",any"`
}

// measureName turns "TravelBan" into the measure "travel_ban".
func measureName(element string) lists.Measure {
	var b strings.Builder
	for i, r := range element {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return lists.Measure(b.String())
}

func (d *designation) subject() (*lists.Subject, error) {
	id := clean(d.UniqueID)
	if id == "" {
		return nil, errors.New("UniqueID is empty")
	}
	k, err := kind(d.Type)
	if err != nil {
		return nil, fmt.Errorf("%s: IndividualEntityShip: %w", id, err)
	}
	s := &lists.Subject{ID: lists.NewSubjectID(lists.SourceUK, id), Source: lists.SourceUK, SourceID: id, Kind: k, MeasureScope: "GB"}
	if s.ListedOn, err = ukDate(d.DateDesignated); err != nil {
		return nil, fmt.Errorf("%s: DateDesignated: %w", id, err)
	}
	for _, n := range d.Names {
		full, parts := fullName([6]string{n.Name1, n.Name2, n.Name3, n.Name4, n.Name5, n.Name6})
		if full == "" {
			continue
		}
		if k != lists.KindPerson {
			parts = nil // an entity's or ship's name is one whole
		}
		addName(s, lists.Name{Full: full, Role: aliasRole(n.Type, n.Strength), Script: names.Script(full), Parts: parts})
	}
	for _, n := range d.NonLatin {
		if full := clean(n.Name); full != "" {
			addName(s, lists.Name{Full: full, Role: lists.RoleOriginalScript, Script: names.Script(full), Lang: langCode(n.Language)})
		}
	}
	if len(s.Names) == 0 {
		return nil, fmt.Errorf("%s: no name", id)
	}
	primaryFirst(s)
	for _, t := range d.Titles {
		s.Titles = addUnique(s.Titles, t)
	}
	if r := clean(d.Regime); r != "" {
		s.Programs = []string{program(r)}
		s.LegalBasis = []string{r}
	}
	for _, it := range d.Indicators.Items {
		if strings.EqualFold(clean(it.Value), "true") {
			s.AddMeasure(measureName(it.XMLName.Local))
		}
	}
	if len(s.Measures) == 0 { // files without the indicators: "Asset freeze|Travel Ban"
		for _, m := range strings.Split(d.Imposed, "|") {
			if m = clean(m); m != "" {
				s.AddMeasure(lists.Measure(strings.ReplaceAll(strings.ToLower(m), " ", "_")))
			}
		}
	}
	if un := clean(d.UNRef); un != "" {
		s.Links = append(s.Links, lists.Link{Relation: "same_as", Target: lists.NewSubjectID(lists.SourceUN, un)})
	}
	if g := clean(d.OFSIGroupID); g != "" {
		s.Links = append(s.Links, lists.Link{Relation: "same_as", Target: lists.NewSubjectID(lists.SourceOFSI, g)})
	}
	var remarks []string
	for _, r := range []struct{ label, v string }{
		{"", d.OtherInfo}, {"Statement of reasons: ", d.Reasons}, {"Designation source: ", d.Source},
		{"Last updated: ", d.LastUpdated},
	} {
		if v := clean(r.v); v != "" {
			remarks = append(remarks, r.label+v)
		}
	}
	s.Remarks = strings.Join(remarks, "; ")
	for _, a := range d.Addresses {
		lines := [6]string{a.L1, a.L2, a.L3, a.L4, a.L5, a.L6}
		s.Addresses = appendAddress(s, lines, a.Postal, a.Country)
	}
	if note := contactNote(d.Phones, d.Emails, d.Websites); note != "" {
		if len(s.Addresses) == 0 {
			s.Addresses = append(s.Addresses, lists.Address{})
		}
		s.Addresses[0].Note = strings.TrimPrefix(s.Addresses[0].Note+"; "+note, "; ")
	}
	ind := d.Individual
	for _, dob := range ind.DOBs {
		if bd, ok := birthDate(dob); ok {
			s.BirthDates = append(s.BirthDates, bd)
		}
	}
	for _, n := range ind.Nationalities {
		if n = clean(n); n != "" {
			s.Nationalities = s.AddCountry(s.Nationalities, n)
		}
	}
	for _, g := range ind.Genders {
		if s.Gender == "" {
			s.Gender = lists.Gender(clean(g))
		}
	}
	for _, p := range ind.Positions {
		s.Designations = addUnique(s.Designations, p)
	}
	for _, p := range ind.Passports {
		s.Documents = appendDocument(s, "Passport", p.Number, p.Info)
	}
	for _, p := range ind.NationalIDs {
		s.Documents = appendDocument(s, "National identification number", p.Number, p.Info)
	}
	for _, b := range ind.Births {
		pl := lists.Place{City: clean(b.Town)}
		if c := clean(b.Country); c != "" {
			pl.CountryName, pl.Country = c, s.MapCountry(c)
		}
		if pl != (lists.Place{}) {
			s.BirthPlaces = append(s.BirthPlaces, pl)
		}
	}
	for _, r := range d.Entity.Registration {
		s.Documents = appendDocument(s, "Business registration number", r, "")
	}
	for _, t := range d.Entity.Types {
		s.Designations = addUnique(s.Designations, t)
	}
	for _, p := range d.Entity.Parents {
		if p = clean(p); p != "" {
			s.Links = append(s.Links, lists.Link{Relation: "parent_company", Name: p})
		}
	}
	for _, p := range d.Entity.Subsidiaries {
		if p = clean(p); p != "" {
			s.Links = append(s.Links, lists.Link{Relation: "subsidiary", Name: p})
		}
	}
	s.VesselInfo = vesselInfo(map[string][]string{
		"imo": d.Ship.IMO, "owner": d.Ship.Owners, "flag": d.Ship.Flags, "previous_flags": d.Ship.Prev,
		"type": d.Ship.Types, "tonnage": d.Ship.Tonnage, "length": d.Ship.Length, "year_built": d.Ship.Built,
	})
	return s, nil
}

// langCode maps the language names the file writes to ISO 639-1.
func langCode(name string) string {
	codes := map[string]string{"arabic": "ar", "persian": "fa", "farsi": "fa", "russian": "ru", "chinese": "zh",
		"korean": "ko", "belarusian": "be", "ukrainian": "uk", "pashto": "ps", "urdu": "ur", "georgian": "ka", "burmese": "my"}
	if c, ok := codes[strings.ToLower(clean(name))]; ok {
		return c
	}
	return strings.ToLower(clean(name))
}

func appendAddress(s *lists.Subject, lines [6]string, postal, country string) []lists.Address {
	var street []string
	for _, l := range lines[:5] {
		if l = clean(l); l != "" {
			street = append(street, l)
		}
	}
	ad := lists.Address{Street: strings.Join(street, ", "), City: clean(lines[5]), PostalCode: clean(postal)}
	if c := clean(country); c != "" {
		ad.CountryName, ad.Country = c, s.MapCountry(c)
	}
	if ad == (lists.Address{}) {
		return s.Addresses
	}
	for _, x := range s.Addresses {
		if x == ad {
			return s.Addresses
		}
	}
	return append(s.Addresses, ad)
}

func appendDocument(s *lists.Subject, typ, number, info string) []lists.Document {
	number, info = clean(number), clean(info)
	if number == "" {
		return s.Documents
	}
	d := lists.Document{Type: typ, Number: number, Note: info}
	for _, x := range s.Documents {
		if x == d {
			return s.Documents
		}
	}
	return append(s.Documents, d)
}

func contactNote(phones, emails, websites []string) string {
	var parts []string
	for _, g := range []struct {
		label string
		vs    []string
	}{{"phone", phones}, {"email", emails}, {"website", websites}} {
		for _, v := range g.vs {
			if v = clean(v); v != "" {
				parts = append(parts, g.label+": "+v)
			}
		}
	}
	return strings.Join(parts, "; ")
}

func vesselInfo(fields map[string][]string) map[string]string {
	info := map[string]string{}
	for k, vs := range fields {
		var kept []string
		for _, v := range vs {
			kept = addUnique(kept, v)
		}
		if len(kept) > 0 {
			info[k] = strings.Join(kept, "; ")
		}
	}
	if len(info) == 0 {
		return nil
	}
	return info
}
