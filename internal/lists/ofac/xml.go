package ofac

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/xmlrec"
)

// XMLReader streams subjects from OFAC's XML publication format (root
// <sdnList>), which sdn.xml and the Consolidated (non-SDN) list share.
// Which list a file is cannot be told from its content, so the caller
// names the source.
type XMLReader struct {
	dec         *xmlrec.Decoder
	src         lists.Source
	generatedAt time.Time
}

// NewXMLReader reads up to the first entry, past the publshInformation
// block that dates the file.
func NewXMLReader(r io.Reader, src lists.Source) (*XMLReader, error) {
	dec, _, err := xmlrec.Open(r, "sdnList")
	if err != nil {
		return nil, err
	}
	t, err := dec.PreludeDate("sdnEntry", "Publish_Date", "01/02/2006", "mm/dd/yyyy")
	if err != nil {
		return nil, err
	}
	return &XMLReader{dec: dec, src: src, generatedAt: t}, nil
}

// GeneratedAt is the file's Publish_Date (zero if absent).
func (rd *XMLReader) GeneratedAt() time.Time { return rd.generatedAt }

// Next returns the next subject, or io.EOF.
func (rd *XMLReader) Next() (*lists.Subject, error) {
	return xmlrec.NextSubject(rd.dec, "sdnEntry", func(e *sdnEntry, _ string) (*lists.Subject, error) {
		return e.subject(rd.src)
	}, "sdnEntry")
}

type sdnEntry struct {
	UID       string   `xml:"uid"`
	FirstName string   `xml:"firstName"`
	LastName  string   `xml:"lastName"`
	Title     string   `xml:"title"`
	Type      string   `xml:"sdnType"`
	Remarks   string   `xml:"remarks"`
	Programs  []string `xml:"programList>program"`
	IDs       []struct {
		Type       string `xml:"idType"`
		Number     string `xml:"idNumber"`
		Country    string `xml:"idCountry"`
		IssueDate  string `xml:"issueDate"`
		Expiration string `xml:"expirationDate"`
	} `xml:"idList>id"`
	AKAs []struct {
		Type      string `xml:"type"`
		Category  string `xml:"category"`
		LastName  string `xml:"lastName"`
		FirstName string `xml:"firstName"`
	} `xml:"akaList>aka"`
	Addresses []struct {
		Address1 string `xml:"address1"`
		Address2 string `xml:"address2"`
		Address3 string `xml:"address3"`
		City     string `xml:"city"`
		State    string `xml:"stateOrProvince"`
		Postal   string `xml:"postalCode"`
		Country  string `xml:"country"`
	} `xml:"addressList>address"`
	Nationalities []string `xml:"nationalityList>nationality>country"`
	Citizenships  []string `xml:"citizenshipList>citizenship>country"`
	DOBs          []string `xml:"dateOfBirthList>dateOfBirthItem>dateOfBirth"`
	POBs          []string `xml:"placeOfBirthList>placeOfBirthItem>placeOfBirth"`
	Vessel        struct {
		CallSign string `xml:"callSign"`
		Type     string `xml:"vesselType"`
		Flag     string `xml:"vesselFlag"`
		Owner    string `xml:"vesselOwner"`
		Tonnage  string `xml:"tonnage"`
		GRT      string `xml:"grossRegisteredTonnage"`
	} `xml:"vesselInfo"`
}

var clean = xmlrec.Clean

// informational are idList types that carry facts about the listing, not
// identity documents; they go to the remarks as the CSV writes them.
func informational(typ string) bool {
	t := strings.ToLower(typ)
	if strings.HasSuffix(t, ":") || strings.HasSuffix(t, "-") || strings.Contains(t, "date") {
		return true
	}
	for _, w := range []string{"website", "email", "phone", "target type", "issuer name", "executive order",
		"equity ticker", "organization type", "caatsa", "sanctions information", "nationality of registration"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// xmlName writes a name as the CSV does: "LAST, First" for individuals.
func xmlName(last, first string, k lists.Kind) string {
	last, first = clean(last), clean(first)
	if first == "" {
		return last
	}
	if last == "" {
		return first
	}
	if k == lists.KindPerson {
		return last + ", " + first
	}
	return first + " " + last
}

func (e *sdnEntry) subject(src lists.Source) (*lists.Subject, error) {
	uid := clean(e.UID)
	if uid == "" {
		return nil, fmt.Errorf("uid is empty")
	}
	s := &lists.Subject{
		ID: lists.NewSubjectID(src, uid), Source: src, SourceID: uid,
		Kind: kind(clean(e.Type)), Measures: []lists.Measure{lists.MeasureAssetFreeze}, MeasureScope: "US",
	}
	if src == lists.SourceOFACCons {
		s.Measures = nil // the non-SDN lists block nothing: each programme says what it restricts
	}
	full := xmlName(e.LastName, e.FirstName, s.Kind)
	if full == "" {
		return nil, fmt.Errorf("uid %s has no name", uid)
	}
	s.Names = append(s.Names, primaryName(full, s.Kind))
	for _, a := range e.AKAs {
		n := xmlName(a.LastName, a.FirstName, s.Kind)
		if n == "" {
			continue
		}
		nm := primaryName(n, s.Kind)
		nm.Role = lists.RoleStrongAlias
		switch {
		case strings.EqualFold(clean(a.Type), "f.k.a."):
			nm.Role = lists.RoleFormerName
		case strings.EqualFold(clean(a.Category), "weak"):
			nm.Role = lists.RoleWeakAlias
		}
		s.Names = append(s.Names, nm)
	}
	for _, p := range e.Programs {
		s.Programs = lists.AddOnce(s.Programs, clean(p))
	}
	if t := clean(e.Title); t != "" {
		s.Designations = append(s.Designations, t)
	}
	var notes []string
	if r := clean(e.Remarks); r != "" {
		notes = append(notes, r)
	}
	for _, id := range e.IDs {
		typ, num := clean(id.Type), clean(id.Number)
		switch {
		case strings.EqualFold(typ, "Gender"):
			s.Gender = num
		case informational(typ):
			notes = append(notes, strings.TrimSpace(strings.TrimRight(typ, ":-")+" "+num))
		case num != "":
			d := lists.Document{Type: typ, Number: num}
			if c := clean(id.Country); c != "" {
				d.CountryName, d.Country = c, s.MapCountry(c)
			}
			var dn []string
			if v := clean(id.IssueDate); v != "" {
				dn = append(dn, "issued "+v)
			}
			if v := clean(id.Expiration); v != "" {
				dn = append(dn, "expires "+v)
			}
			d.Note = strings.Join(dn, "; ")
			s.Documents = append(s.Documents, d)
		}
	}
	s.Remarks = strings.Join(notes, "; ")
	for _, a := range e.Addresses {
		var street []string
		for _, l := range []string{a.Address1, a.Address2, a.Address3} {
			if l = clean(l); l != "" {
				street = append(street, l)
			}
		}
		ad := lists.Address{Street: strings.Join(street, ", "), City: clean(a.City), Region: clean(a.State), PostalCode: clean(a.Postal)}
		if c := clean(a.Country); c != "" {
			ad.CountryName, ad.Country = c, s.MapCountry(c)
		}
		if ad != (lists.Address{}) {
			s.Addresses = append(s.Addresses, ad)
		}
	}
	for _, n := range e.Nationalities {
		if n = clean(n); n != "" {
			s.Nationalities = s.AddCountry(s.Nationalities, n)
		}
	}
	for _, n := range e.Citizenships {
		if n = clean(n); n != "" {
			s.Citizenships = s.AddCountry(s.Citizenships, n)
		}
	}
	for _, d := range e.DOBs {
		if bd, ok := ParseDOB(clean(d)); ok {
			s.BirthDates = append(s.BirthDates, bd)
		}
	}
	for _, p := range e.POBs {
		if p = clean(p); p != "" {
			s.BirthPlaces = append(s.BirthPlaces, place(p, s))
		}
	}
	info := map[string]string{}
	for k, v := range map[string]string{"call_sign": e.Vessel.CallSign, "type": e.Vessel.Type, "flag": e.Vessel.Flag,
		"owner": e.Vessel.Owner, "tonnage": e.Vessel.Tonnage, "gross_registered_tonnage": e.Vessel.GRT} {
		if v = clean(v); v != "" {
			info[k] = v
		}
	}
	if len(info) > 0 {
		s.VesselInfo = info
	}
	return s, nil
}
