package ftm

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/lists"
)

// EntityID is the FtM ID of a subject: "<source>-<reference>", which
// SubjectID reads back.
func EntityID(id lists.SubjectID) string {
	src, ref := id.Split()
	return string(src) + "-" + ref
}

var kindSchema = map[lists.Kind]string{
	lists.KindPerson: "Person", lists.KindOrganization: "Organization", lists.KindVessel: "Vessel", lists.KindAircraft: "Airplane",
}

// scopeAuthority names who imposes the measures of each source.
var scopeAuthority = map[lists.Source]string{
	lists.SourceUN: "United Nations Security Council", lists.SourceOFAC: "Office of Foreign Assets Control",
	lists.SourceOFACCons: "Office of Foreign Assets Control", lists.SourceEU: "Council of the European Union",
	lists.SourceUK: "Foreign, Commonwealth and Development Office", lists.SourceOFSI: "Office of Financial Sanctions Implementation",
}

// Entities converts one subject into its FtM entities: the thing first,
// then its Sanction, documents, addresses and links. seen, when set, is
// the generation time of the list version the subject comes from; it is
// written as last_seen, which dates the file when it is read back.
func Entities(s *lists.Subject, seen time.Time) []*Entity {
	yes := true
	id := EntityID(s.ID)
	schema := kindSchema[s.Kind]
	if schema == "" {
		schema = "LegalEntity"
	}
	dataset := "vigil_" + string(s.Source)
	thing := &Entity{ID: id, Schema: schema, Caption: s.PrimaryName(), Properties: map[string][]string{},
		Datasets: []string{dataset}, Target: &yes}
	if !seen.IsZero() {
		thing.LastSeen = seen.UTC().Format("2006-01-02T15:04:05")
	}
	out := []*Entity{thing}
	side := func(suffix, schema string) *Entity {
		e := &Entity{ID: id + "-" + suffix, Schema: schema, Properties: map[string][]string{}, Datasets: []string{dataset}}
		out = append(out, e)
		return e
	}
	for _, n := range s.Names {
		switch n.Role {
		case lists.RolePrimary:
			thing.add("name", n.Full)
			for _, p := range n.Parts {
				if prop := partProp(p.Type); prop != "" && s.Kind == lists.KindPerson {
					thing.add(prop, p.Value)
				}
			}
		case lists.RoleWeakAlias:
			thing.add("weakAlias", n.Full)
		case lists.RoleFormerName:
			thing.add("previousName", n.Full)
		default:
			thing.add("alias", n.Full)
		}
	}
	thing.add("topics", "sanction")
	if s.Kind == lists.KindPerson {
		thing.add("title", s.Titles...)
		thing.add("position", s.Designations...)
		if s.Gender != "" {
			thing.add("gender", strings.ToLower(s.Gender))
		}
		for _, d := range s.BirthDates {
			if d.Date != "" {
				thing.add("birthDate", d.Date)
			}
		}
		for _, p := range s.BirthPlaces {
			if txt := placeText(p); txt != "" {
				thing.add("birthPlace", txt)
			}
			if p.Country != "" {
				thing.add("birthCountry", strings.ToLower(p.Country))
			}
		}
		for _, cc := range s.Nationalities {
			thing.add("nationality", strings.ToLower(cc))
		}
		for _, cc := range s.Citizenships {
			thing.add("citizenship", strings.ToLower(cc))
		}
	} else {
		thing.add("description", s.Designations...)
	}
	thing.add("notes", s.Remarks)
	for k, v := range s.VesselInfo {
		prop, ok := vesselProps[k]
		if s.Kind == lists.KindAircraft && prop != "type" && prop != "registrationNumber" && prop != "serialNumber" {
			ok = false // Airplane has no maritime properties
		}
		if ok && (s.Kind == lists.KindVessel || s.Kind == lists.KindAircraft) {
			if prop == "flag" || prop == "pastFlags" {
				v = countryValue(v)
			}
			thing.add(prop, v)
		}
	}
	sanction := side("sanction", "Sanction")
	sanction.add("entity", id)
	sanction.add("authority", scopeAuthority[s.Source])
	sanction.add("authorityId", s.SourceID)
	if s.Source == lists.SourceUN {
		sanction.add("unscId", s.SourceID)
	}
	for _, l := range s.Links {
		if l.Relation == "same_as" && l.Target.Source() == lists.SourceUN {
			_, ref := l.Target.Split()
			sanction.add("unscId", ref) // the UN listing this one carries out
		}
	}
	sanction.add("programId", s.Programs...)
	sanction.add("program", s.LegalBasis...)
	if s.ListedOn != "" {
		sanction.add("listingDate", s.ListedOn)
	}
	sanction.add("modifiedAt", s.Amended...)
	for _, m := range s.Measures {
		sanction.add("provisions", string(m))
	}
	if s.MeasureScope != "" {
		sanction.add("country", strings.ToLower(s.MeasureScope))
	}
	for i, d := range s.Documents {
		schema := "Identification"
		if strings.Contains(strings.ToLower(d.Type), "passport") {
			schema = "Passport"
		}
		doc := side(fmt.Sprintf("doc-%d", i+1), schema)
		doc.add("holder", id)
		d = numbered(d)
		doc.add("number", d.Number)
		doc.add("type", d.Type)
		if d.Country != "" {
			doc.add("country", strings.ToLower(d.Country))
		}
		doc.add("summary", d.Note)
	}
	for i, a := range s.Addresses {
		ad := side(fmt.Sprintf("addr-%d", i+1), "Address")
		ad.add("street", a.Street)
		ad.add("city", a.City)
		ad.add("region", a.Region)
		ad.add("postalCode", a.PostalCode)
		if a.Country != "" {
			ad.add("country", strings.ToLower(a.Country))
		}
		ad.add("summary", a.Note)
		ad.add("full", joinNonEmpty(a.Street, a.City, a.Region, a.PostalCode, a.CountryName))
		thing.add("addressEntity", ad.ID)
	}
	for i, l := range s.Links {
		if l.Target == "" {
			continue // a name with no listed subject behind it has no FtM entity to point at
		}
		link := side(fmt.Sprintf("link-%d", i+1), "UnknownLink")
		link.add("subject", id)
		link.add("object", EntityID(l.Target))
		link.add("role", l.Relation)
	}
	return out
}

// numbered fits a document to FtM, which requires a number of at most 64
// characters. A document the source gives only a note for ("SSN
// 156-92-9858 (United States of America)"), or whose number field holds a
// sentence, gets the identifier read from that text (else the text cut to
// 64 characters), and the text is kept in the note.
func numbered(d lists.Document) lists.Document {
	if d.Number != "" && utf8.RuneCountInString(d.Number) <= 64 {
		return d
	}
	text := d.Note
	if d.Number != "" {
		text = d.Number
		d.Note = strings.TrimSuffix(d.Number+"; "+d.Note, "; ")
	}
	d.Number = ""
	for _, m := range numberRe.FindAllString(text, -1) {
		if len(m) > len(d.Number) {
			d.Number = m
		}
	}
	if len(d.Number) < 4 || utf8.RuneCountInString(d.Number) > 64 {
		d.Number = text
		for utf8.RuneCountInString(d.Number) > 64 {
			_, size := utf8.DecodeLastRuneInString(d.Number)
			d.Number = d.Number[:len(d.Number)-size]
		}
	}
	return d
}

// numberRe finds identifier-like words: letters and digits with at least
// one digit, joined by dots, slashes or hyphens.
var numberRe = regexp.MustCompile(`[A-Za-z0-9]*[0-9][A-Za-z0-9./-]*[A-Za-z0-9]|[0-9]`)

func placeText(p lists.Place) string {
	if p.Text != "" && p.City == "" && p.Region == "" {
		return p.Text
	}
	return joinNonEmpty(p.City, p.Region, p.CountryName)
}

func countryValue(v string) string {
	if code, ok := country.Code(v); ok {
		return strings.ToLower(code)
	}
	return v
}

func joinNonEmpty(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

// Writer writes FtM JSON lines.
type Writer struct {
	enc *json.Encoder
	n   int
}

// NewWriter writes entities to w, one JSON object per line.
func NewWriter(w io.Writer) *Writer {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &Writer{enc: enc}
}

// Write writes every entity of a subject from a version generated at seen.
func (w *Writer) Write(s *lists.Subject, seen time.Time) error {
	for _, e := range Entities(s, seen) {
		if err := w.enc.Encode(e); err != nil {
			return err
		}
		w.n++
	}
	return nil
}

// Count is the number of entities written.
func (w *Writer) Count() int { return w.n }

// Lost lists what FtM cannot carry of a Vigil subject; Comparable clears
// or normalises exactly these, so a round trip can be checked field by
// field.
var Lost = []string{
	"name roles other than alias, weak alias and former name: a non-Latin alias comes back as an original-script name, and names come back grouped by role",
	"the language of each name, and name parts (the primary name's parts are written as firstName, lastName, … but a multi-valued FtM property cannot be split back)",
	"birth dates as ranges, approximate dates and the source's free text about a date",
	"the structure of birthplaces (they are written as text and a country code)",
	"a document without a number, or whose number is longer than FtM's 64 characters, comes back with the identifier read from its text as the number and the text in the note",
	"country names as the source wrote them (the ISO code is kept), and names that map to no code",
	"links that name no listed subject (parent companies, subsidiaries), and the names on links",
	"vessel details FtM has no property for (length, owner); flags become country codes; aircraft keep type and numbers only",
	"titles of organisations",
	"repeated values (FtM properties are sets)",
}

// Comparable returns a normal form of s without what FtM cannot carry
// (see Lost): applied to a subject and to its read-back copy, the two
// must be equal.
func Comparable(s *lists.Subject) *lists.Subject {
	c := *s
	group := func(r lists.NameRole) int {
		switch r {
		case lists.RolePrimary:
			return 0
		case lists.RoleWeakAlias:
			return 2
		case lists.RoleFormerName:
			return 3
		}
		return 1
	}
	c.Names = nil
	for i, n := range s.Names {
		n.Lang, n.Parts = "", nil
		if i == 0 {
			n.Role = lists.RolePrimary
		} else if group(n.Role) == 1 {
			n.Role = lists.RoleStrongAlias
			if n.Script != "Latin" && n.Script != "" {
				n.Role = lists.RoleOriginalScript
			}
		}
		if !slices.ContainsFunc(c.Names, func(x lists.Name) bool { return x.Full == n.Full }) {
			c.Names = append(c.Names, n)
		}
	}
	slices.SortStableFunc(c.Names, func(a, b lists.Name) int { return group(a.Role) - group(b.Role) })
	c.BirthDates = nil
	for _, d := range s.BirthDates {
		if d.Date != "" {
			c.BirthDates = lists.AddOnce(c.BirthDates, lists.BirthDate{Date: d.Date, Precision: d.Precision})
		}
	}
	c.BirthPlaces, c.UnmappedCountries = nil, nil
	c.Documents = nil
	for _, d := range s.Documents {
		d.CountryName = ""
		if d.Type == "" {
			d.Type = "Identification" // the schema written for a document without a type
		}
		if d = numbered(d); d.Number != "" {
			c.Documents = lists.AddOnce(c.Documents, d)
		}
	}
	c.Addresses = nil
	for _, a := range s.Addresses {
		if a.Country == "" && a.CountryName != "" && a == (lists.Address{CountryName: a.CountryName}) {
			a.Street = a.CountryName
		}
		a.CountryName = ""
		c.Addresses = append(c.Addresses, a)
	}
	c.Links = nil
	for _, l := range s.Links {
		if l.Target != "" {
			c.Links = lists.AddOnce(c.Links, lists.Link{Relation: l.Relation, Target: l.Target})
		}
	}
	c.VesselInfo = nil
	for k, v := range s.VesselInfo {
		prop, ok := vesselProps[k]
		if !ok || s.Kind == lists.KindAircraft && prop != "type" && prop != "registrationNumber" && prop != "serialNumber" {
			continue
		}
		if prop == "flag" || prop == "pastFlags" {
			v = countryValue(v)
		}
		if c.VesselInfo == nil {
			c.VesselInfo = map[string]string{}
		}
		c.VesselInfo[k] = v
	}
	if s.Kind != lists.KindPerson {
		c.Titles = nil
	}
	c.Titles, c.Designations = uniq(c.Titles), uniq(c.Designations)
	c.Programs, c.LegalBasis = uniq(c.Programs), uniq(c.LegalBasis)
	return &c
}

func uniq(vs []string) []string {
	var out []string
	for _, v := range vs {
		out = lists.AddOnce(out, strings.TrimSpace(v))
	}
	return out
}
