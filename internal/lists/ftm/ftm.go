// Package ftm converts between Vigil's subjects and FollowTheMoney (FtM),
// the entity model of OpenSanctions: flat JSON lines, one entity each,
// with multi-valued string properties.
//
// A listed subject is one FtM "thing" (Person, Organization, Vessel,
// Airplane) with side entities around it: Sanction (programme, measures,
// listing date), Identification/Passport, Address, and links
// (UnknownLink, Ownership, Directorship, Family …). Reading collects the
// whole file first, since side entities may come before or after the
// thing they describe; only the things marked as targets, or named by a
// Sanction, become subjects — OpenSanctions also exports the people and
// companies around a target, who are not themselves listed.
package ftm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
)

// Entity is one FtM entity in the flat JSON form.
type Entity struct {
	ID         string              `json:"id"`
	Caption    string              `json:"caption,omitempty"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets,omitempty"`
	Referents  []string            `json:"referents,omitempty"`
	Target     *bool               `json:"target,omitempty"`
	FirstSeen  string              `json:"first_seen,omitempty"`
	LastSeen   string              `json:"last_seen,omitempty"`
	LastChange string              `json:"last_change,omitempty"`
}

func (e *Entity) first(prop string) string {
	if v := e.Properties[prop]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (e *Entity) add(prop string, vs ...string) {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(e.Properties[prop], v) {
			e.Properties[prop] = append(e.Properties[prop], v)
		}
	}
}

// thingSchemata become subjects; their kinds.
var thingSchemata = map[string]lists.Kind{
	"Person": lists.KindPerson, "Organization": lists.KindOrganization, "Company": lists.KindOrganization,
	"LegalEntity": lists.KindOrganization, "PublicBody": lists.KindOrganization, "Vessel": lists.KindVessel,
	"Airplane": lists.KindAircraft,
}

// linkEnds names, for each link schema, the two properties that hold its
// ends; the relation recorded on each end is the schema's name.
var linkEnds = map[string][2]string{
	"UnknownLink": {"subject", "object"}, "Ownership": {"owner", "asset"}, "Directorship": {"director", "organization"},
	"Family": {"person", "relative"}, "Associate": {"person", "associate"}, "Membership": {"member", "organization"},
	"Employment": {"employee", "employer"}, "Representation": {"agent", "client"},
}

// DecodeLine parses one line; errors name the line.
func DecodeLine(b []byte, line int) (*Entity, error) {
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("line %d: invalid UTF-8 text", line)
	}
	var e Entity
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("line %d: %w", line, err)
	}
	if e.ID == "" || e.Schema == "" {
		return nil, fmt.Errorf("line %d: entity without id or schema", line)
	}
	if e.Properties == nil {
		e.Properties = map[string][]string{}
	}
	return &e, nil
}

// Lines calls fn for each non-blank line of r with its 1-based number.
// Lines may be long (an entity with hundreds of names), up to
// limits.JSONLineBytes.
func Lines(r io.Reader, fn func(b []byte, line int) error) error {
	return limits.ScanLines(r, limits.JSONLineBytes, "a JSON line", func(b []byte, line int) error {
		if len(bytes.TrimSpace(b)) == 0 {
			return nil
		}
		return fn(b, line)
	})
}

// Collector gathers entities and turns them into subjects of one source.
type Collector struct {
	src      lists.Source
	things   []thing
	byID     map[string]int // thing ID → its place in things
	sides    []*Entity
	captions map[string]string
	// addresses indexes the Address entities while Subjects runs.
	addresses map[string]*Entity
	lastSeen  string
}

// LastSeen is the latest last_seen time of the entities, when they carry
// one: the time of the export, which the file itself does not state.
func (c *Collector) LastSeen() time.Time {
	for _, layout := range []string{"2006-01-02T15:04:05", time.RFC3339, time.DateOnly} {
		if t, err := time.Parse(layout, c.lastSeen); err == nil {
			return t
		}
	}
	return time.Time{}
}

// thing is a collected thing: its entity, or the JSON line it was read
// from, decoded again when it is converted (a line takes a third of the
// memory of its decoded entity, which counts in a file of a million).
type thing struct {
	e      *Entity
	raw    []byte
	line   int
	target bool
}

// NewCollector starts a collection for subjects of src.
func NewCollector(src lists.Source) *Collector {
	return &Collector{src: src, byID: map[string]int{}, captions: map[string]string{}}
}

// Add takes one entity; a later entity with the same ID replaces it.
func (c *Collector) Add(e *Entity) { c.add(e, nil, 0) }

// add takes an entity, keeping a thing as its line when raw is given.
func (c *Collector) add(e *Entity, raw []byte, line int) {
	c.lastSeen = max(c.lastSeen, e.LastSeen)
	c.captions[e.ID] = caption(e)
	if _, ok := thingSchemata[e.Schema]; ok {
		t := thing{e: e, line: line, target: e.Target != nil && *e.Target}
		if raw != nil {
			t.e, t.raw = nil, slices.Clone(raw)
		}
		if i, ok := c.byID[e.ID]; ok {
			c.things[i] = t
			return
		}
		c.byID[e.ID] = len(c.things)
		c.things = append(c.things, t)
		return
	}
	c.sides = append(c.sides, e)
}

func caption(e *Entity) string {
	if e.Caption != "" {
		return e.Caption
	}
	for _, p := range []string{"name", "full", "number"} {
		if v := e.first(p); v != "" {
			return v
		}
	}
	return e.ID
}

// Read collects every entity of an FtM JSON-lines file.
func Read(r io.Reader, src lists.Source) (*Collector, error) {
	c := NewCollector(src)
	err := Lines(r, func(b []byte, line int) error {
		e, err := DecodeLine(b, line)
		if err != nil {
			return err
		}
		c.add(e, b, line)
		return nil
	})
	return c, err
}

// SubjectID maps an FtM entity ID back to a subject ID of src: entities
// Vigil exported carry "<source>-<reference>" and get their own source
// back; others keep their ID whole under src.
func SubjectID(src lists.Source, id string) lists.SubjectID {
	for _, k := range lists.KnownSources {
		if ref, ok := strings.CutPrefix(id, string(k)+"-"); ok && ref != "" {
			if k == src || src == "" {
				return lists.NewSubjectID(k, ref)
			}
		}
	}
	if src == "" {
		src = lists.SourceOpenSanctions
	}
	return lists.NewSubjectID(src, id)
}

// Subjects converts the collected things that are listed.
func (c *Collector) Subjects() ([]*lists.Subject, error) {
	var out []*lists.Subject
	for s, err := range c.All() {
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// All converts the collected things that are listed, one at a time, and
// lets go of each entity once converted: a file of a million entities is
// not held twice, as entities and as subjects. It runs once.
func (c *Collector) All() iter.Seq2[*lists.Subject, error] {
	return func(yield func(*lists.Subject, error) bool) {
		sanctioned, attached, links := c.indexSides()
		for i, t := range c.things {
			c.things[i] = thing{}
			e := t.e
			if e == nil {
				var err error
				if e, err = DecodeLine(t.raw, t.line); err != nil {
					yield(nil, err)
					return
				}
			}
			listed := t.target || len(sanctioned[e.ID]) > 0
			if !listed {
				continue
			}
			s, err := c.subject(e, sanctioned[e.ID], attached[e.ID], links[e.ID])
			if !yield(s, err) || err != nil {
				return
			}
		}
		c.things = nil
	}
}

// indexSides indexes the side entities by the thing they describe, and the
// links between things; the lookups by ID are then let go.
func (c *Collector) indexSides() (sanctioned, attached map[string][]*Entity, links map[string][]lists.Link) {
	sanctioned = map[string][]*Entity{}
	attached = map[string][]*Entity{} // holder → documents
	links = map[string][]lists.Link{}
	c.addresses = map[string]*Entity{}
	for _, e := range c.sides {
		switch {
		case e.Schema == "Address":
			c.addresses[e.ID] = e
		case e.Schema == "Sanction":
			for _, id := range e.Properties["entity"] {
				sanctioned[id] = append(sanctioned[id], e)
			}
		case e.Schema == "Identification" || e.Schema == "Passport":
			for _, id := range e.Properties["holder"] {
				attached[id] = append(attached[id], e)
			}
		default:
			ends, ok := linkEnds[e.Schema]
			if !ok {
				continue
			}
			role := strings.ToLower(e.Schema)
			if r := e.first("role"); r != "" && e.Schema == "UnknownLink" {
				role = r
			}
			for _, a := range e.Properties[ends[0]] {
				for _, b := range e.Properties[ends[1]] {
					links[a] = append(links[a], c.link(role, b))
					if e.Schema != "UnknownLink" {
						links[b] = append(links[b], c.link(role+"_of", a))
					}
				}
			}
		}
	}
	c.byID, c.captions = nil, nil // read by link only
	return sanctioned, attached, links
}

func (c *Collector) link(relation, id string) lists.Link {
	l := lists.Link{Relation: relation, Name: c.captions[id]}
	if i, ok := c.byID[id]; ok && c.things[i].target {
		l.Target = SubjectID(c.src, id)
	} else if sid := SubjectID("", id); sid.Source() != lists.SourceOpenSanctions {
		l.Target = sid // a subject of another list, as Vigil exports it
	}
	if l.Name == "" && l.Target == "" {
		l.Name = id
	}
	return l
}

func (c *Collector) subject(e *Entity, sanctions, docs []*Entity, links []lists.Link) (*lists.Subject, error) {
	id := SubjectID(c.src, e.ID)
	src, ref := id.Split()
	s := &lists.Subject{ID: id, Source: src, SourceID: ref, Kind: thingSchemata[e.Schema], Links: links}
	p := e.Properties
	// Names: the caption is the primary name when it is one of them.
	primary := e.Caption
	if !slices.Contains(p["name"], primary) {
		primary = e.first("name")
	}
	addName := func(full string, role lists.NameRole) {
		full = strings.TrimSpace(full)
		if full == "" || slices.ContainsFunc(s.Names, func(n lists.Name) bool { return n.Full == full }) {
			return
		}
		script := names.Script(full)
		if role != lists.RolePrimary && script != "Latin" && script != "" && role != lists.RoleWeakAlias && role != lists.RoleFormerName {
			role = lists.RoleOriginalScript
		}
		s.Names = append(s.Names, lists.Name{Full: full, Role: role, Script: script})
	}
	addName(primary, lists.RolePrimary)
	for _, n := range p["name"] {
		addName(n, lists.RoleStrongAlias)
	}
	for _, n := range p["alias"] {
		addName(n, lists.RoleStrongAlias)
	}
	for _, n := range p["weakAlias"] {
		addName(n, lists.RoleWeakAlias)
	}
	for _, n := range p["previousName"] {
		addName(n, lists.RoleFormerName)
	}
	if len(s.Names) == 0 {
		return nil, fmt.Errorf("entity %s (%s) has no name", e.ID, e.Schema)
	}
	s.Names[0].Role = lists.RolePrimary // the caption was empty or not a name
	s.Names[0].Parts = nameParts(e)
	s.Titles = slices.Clone(p["title"])
	s.Designations = slices.Clone(p["position"])
	if s.Kind != lists.KindPerson {
		s.Designations = slices.Clone(p["description"])
	}
	s.Gender = lists.Gender(e.first("gender"))
	for _, d := range p["birthDate"] {
		if bd, ok := birthDate(d); ok {
			s.BirthDates = append(s.BirthDates, bd)
		}
	}
	for _, bp := range p["birthPlace"] {
		s.BirthPlaces = append(s.BirthPlaces, lists.Place{Text: bp})
	}
	for _, cc := range p["birthCountry"] {
		if code := code(s, cc); code != "" {
			s.BirthPlaces = append(s.BirthPlaces, lists.Place{Country: code})
		}
	}
	for _, cc := range p["nationality"] {
		s.Nationalities = lists.AddOnce(s.Nationalities, code(s, cc))
	}
	for _, cc := range p["citizenship"] {
		s.Citizenships = lists.AddOnce(s.Citizenships, code(s, cc))
	}
	s.Remarks = strings.Join(slices.Concat(p["notes"], p["summary"]), " ")
	for _, prop := range identifierProps {
		for _, v := range p[prop.name] {
			addDocument(s, lists.Document{Type: prop.label, Number: v})
		}
	}
	for _, d := range docs {
		doc := lists.Document{Type: d.first("type"), Number: d.first("number"), Note: d.first("summary")}
		if doc.Type == "" {
			doc.Type = d.Schema
		}
		if cc := d.first("country"); cc != "" {
			doc.Country = code(s, cc)
		}
		if doc.Number == "" {
			doc.Number = d.first("passportNumber")
		}
		addDocument(s, doc)
	}
	for _, aid := range p["addressEntity"] {
		if a, ok := c.addresses[aid]; ok {
			s.Addresses = append(s.Addresses, addressOf(s, a))
		}
	}
	for _, full := range p["address"] {
		if !slices.ContainsFunc(s.Addresses, func(a lists.Address) bool { return a.Note == full || a.Street == full }) {
			s.Addresses = append(s.Addresses, lists.Address{Street: full})
		}
	}
	if s.Kind != lists.KindPerson {
		for _, cc := range slices.Concat(p["country"], p["jurisdiction"]) {
			if code := code(s, cc); code != "" && !slices.ContainsFunc(s.Addresses, func(a lists.Address) bool { return a.Country == code }) {
				s.Addresses = append(s.Addresses, lists.Address{Country: code})
			}
		}
	}
	for _, prop := range p["programId"] {
		s.Programs = lists.AddOnce(s.Programs, prop)
	}
	applySanctions(s, sanctions)
	s.VesselInfo = vesselInfo(e)
	return s, nil
}

// identifierProps are the FtM identifier properties kept as documents.
var identifierProps = []struct{ name, label string }{
	{"passportNumber", "Passport"}, {"idNumber", "National identification number"}, {"taxNumber", "Tax ID No."},
	{"innCode", "INN"}, {"ogrnCode", "OGRN"}, {"kppCode", "KPP"}, {"registrationNumber", "Registration Number"},
	{"leiCode", "LEI"}, {"swiftBic", "SWIFT/BIC"}, {"vatCode", "VAT Number"}, {"permId", "PermID"},
	{"uniqueEntityId", "Unique Entity ID"}, {"socialSecurityNumber", "Social security number"},
}

func addDocument(s *lists.Subject, d lists.Document) {
	if d.Number == "" || slices.Contains(s.Documents, d) {
		return
	}
	s.Documents = append(s.Documents, d)
}

// code maps an FtM country code (lower case, sometimes a name) to ISO.
func code(s *lists.Subject, v string) string {
	if up := strings.ToUpper(strings.TrimSpace(v)); len(up) == 2 && country.Valid(up) {
		return up
	}
	return s.MapCountry(v)
}

func addressOf(s *lists.Subject, a *Entity) lists.Address {
	ad := lists.Address{Street: a.first("street"), City: a.first("city"), Region: a.first("region"),
		PostalCode: a.first("postalCode"), Note: a.first("summary")}
	if pb := a.first("postOfficeBox"); pb != "" {
		ad.Street = strings.TrimPrefix(ad.Street+", "+pb, ", ")
	}
	if cc := a.first("country"); cc != "" {
		ad.Country = code(s, cc)
	}
	if ad == (lists.Address{}) {
		ad.Street = a.first("full") // an address given as one line
	}
	return ad
}

func nameParts(e *Entity) []lists.NamePart {
	var parts []lists.NamePart
	for _, m := range partProps {
		if v := e.Properties[m.prop]; len(v) == 1 {
			parts = append(parts, lists.NamePart{Type: m.part, Value: v[0]})
		}
	}
	return parts
}

// partProps map name-part types to FtM properties; a part is read back
// only when the entity has one value for it, as a split of one name.
var partProps = []struct{ part, prop string }{
	{"first", "firstName"}, {"second", "secondName"}, {"middle", "middleName"}, {"father", "fatherName"}, {"last", "lastName"},
}

// partProp is the FtM property for a Vigil name-part type.
func partProp(typ string) string {
	switch typ {
	case "first", "given":
		return "firstName"
	case "second":
		return "secondName"
	case "third", "middle", "fourth":
		return "middleName"
	case "father":
		return "fatherName"
	case "family", "last":
		return "lastName"
	}
	return ""
}

func birthDate(d string) (lists.BirthDate, bool) {
	d = strings.TrimSpace(d)
	switch {
	case len(d) >= 10 && d[4] == '-' && d[7] == '-':
		return lists.BirthDate{Date: d[:10], Precision: lists.PrecisionDay}, true
	case len(d) == 7 && d[4] == '-':
		return lists.BirthDate{Date: d, Precision: lists.PrecisionMonth}, true
	case len(d) == 4:
		return lists.BirthDate{Date: d, Precision: lists.PrecisionYear}, true
	case d == "":
		return lists.BirthDate{}, false
	}
	return lists.BirthDate{Precision: lists.PrecisionUnkown, Text: d}, true
}

// measureOf reads a provision: Vigil's own measure names, or the words
// OpenSanctions' sources use.
func measureOf(provision string) lists.Measure {
	p := strings.ToLower(strings.TrimSpace(provision))
	switch {
	case p == "":
		return ""
	case !strings.Contains(p, " ") && strings.ToLower(p) == p && !strings.ContainsAny(p, ".,;"):
		return lists.Measure(p)
	case strings.Contains(p, "freez") || strings.Contains(p, "financial") || strings.Contains(p, "block"):
		return lists.MeasureAssetFreeze
	case strings.Contains(p, "travel") || strings.Contains(p, "entry") || strings.Contains(p, "admission"):
		return lists.MeasureTravelBan
	case strings.Contains(p, "arms"):
		return lists.MeasureArmsEmbargo
	}
	return lists.Measure(strings.ReplaceAll(p, " ", "_"))
}

// scopeCodes are the Sanction countries that name a measure scope.
var scopeCodes = map[string]string{"eu": "EU", "gb": "GB", "us": "US"}

func applySanctions(s *lists.Subject, sanctions []*Entity) {
	scopes := map[string]bool{}
	for _, sa := range sanctions {
		for _, v := range sa.Properties["programId"] {
			s.Programs = lists.AddOnce(s.Programs, v)
		}
		for _, v := range sa.Properties["program"] {
			s.LegalBasis = lists.AddOnce(s.LegalBasis, v)
		}
		for _, v := range sa.Properties["provisions"] {
			if m := measureOf(v); m != "" {
				s.AddMeasure(m)
			}
		}
		for _, d := range slices.Concat(sa.Properties["listingDate"], sa.Properties["startDate"]) {
			if len(d) >= 10 && (s.ListedOn == "" || d[:10] < s.ListedOn) {
				s.ListedOn = d[:10]
			}
		}
		for _, d := range sa.Properties["modifiedAt"] {
			if len(d) >= 10 {
				s.Amended = lists.AddOnce(s.Amended, d[:10])
			}
		}
		if len(sa.Properties["country"]) == 0 {
			scopes[""] = true
		}
		for _, cc := range sa.Properties["country"] {
			scopes[scopeCodes[strings.ToLower(cc)]] = true
		}
	}
	slices.Sort(s.Amended)
	if len(scopes) == 1 {
		for sc := range scopes {
			s.MeasureScope = sc
		}
	}
}

// vesselProps map VesselInfo keys to FtM Vessel/Airplane properties.
var vesselProps = map[string]string{
	"imo": "imoNumber", "flag": "flag", "call_sign": "callSign", "type": "type", "tonnage": "tonnage",
	"gross_registered_tonnage": "grossRegisteredTonnage", "previous_flags": "pastFlags", "year_built": "buildDate",
	"mmsi": "mmsi", "registration_number": "registrationNumber", "serial_number": "serialNumber",
}

func vesselInfo(e *Entity) map[string]string {
	if e.Schema != "Vessel" && e.Schema != "Airplane" {
		return nil
	}
	info := map[string]string{}
	for k, prop := range vesselProps {
		if v := e.Properties[prop]; len(v) > 0 {
			info[k] = strings.Join(v, "; ")
		}
	}
	if len(info) == 0 {
		return nil
	}
	return info
}
