// Package lists holds Vigil's domain model of a sanctions list: the listed
// subjects, the versions of each list, and the differences between versions.
// It knows nothing of SQL, HTTP or the command line; parsers for each source
// live in sub-packages and the store implements the Store interface.
package lists

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vigilhq/vigil/internal/country"
)

// Source names a publisher of a list. It is the prefix of every subject ID.
type Source string

const (
	SourceUN   Source = "un"
	SourceOFAC Source = "ofac"
	// SourceOFACCons is OFAC's Consolidated (non-SDN) list: a separate
	// list with its own versions, published in the SDN formats.
	SourceOFACCons Source = "ofac_cons"
	SourceEU       Source = "eu"
	// SourceUK is the FCDO UK Sanctions List, the UK's list of record
	// since 28 January 2026.
	SourceUK Source = "uk"
	// SourceOFSI is the OFSI Consolidated List of asset-freeze targets,
	// frozen when the FCDO list replaced it but still in use.
	SourceOFSI          Source = "ofsi"
	SourceOpenSanctions Source = "opensanctions"
)

// KnownSources lists the sources Vigil can import, in display order: the
// UN first, since screening reports a person found on several lists under
// the first of them.
var KnownSources = []Source{SourceUN, SourceOFAC, SourceOFACCons, SourceEU, SourceUK, SourceOFSI, SourceOpenSanctions}

// ParseSource accepts a source name in any case.
func ParseSource(s string) (Source, error) {
	src := Source(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(KnownSources, src) {
		return src, nil
	}
	known := make([]string, len(KnownSources))
	for i, k := range KnownSources {
		known[i] = string(k)
	}
	return "", fmt.Errorf("unknown source %q (known: %s)", s, strings.Join(known, ", "))
}

// ParseSources reads a comma-separated list of sources; empty gives none.
func ParseSources(s string) ([]Source, error) {
	var out []Source
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		src, err := ParseSource(part)
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, nil
}

// SubjectID is the stable identifier "<source>:<source id>", e.g. "un:IRi.039".
type SubjectID string

// NewSubjectID joins a source and the source's own reference.
func NewSubjectID(src Source, ref string) SubjectID {
	return SubjectID(string(src) + ":" + ref)
}

// Split returns the source and the source's own reference.
func (id SubjectID) Split() (Source, string) {
	s, ref, _ := strings.Cut(string(id), ":")
	return Source(s), ref
}

// Source is the source part of the ID.
func (id SubjectID) Source() Source {
	s, _, _ := strings.Cut(string(id), ":")
	return Source(s)
}

// ParseSubjectID validates an ID typed by a user. The source prefix is
// case-insensitive; the reference is kept as written.
func ParseSubjectID(s string) (SubjectID, error) {
	src, ref, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || ref == "" {
		return "", fmt.Errorf("invalid subject ID %q: want <source>:<reference>, e.g. un:IRi.039", s)
	}
	source, err := ParseSource(src)
	if err != nil {
		return "", fmt.Errorf("invalid subject ID %q: %w", s, err)
	}
	return NewSubjectID(source, ref), nil
}

// Kind is what sort of thing is listed.
type Kind string

const (
	KindPerson       Kind = "person"
	KindOrganization Kind = "organization"
	KindVessel       Kind = "vessel"
	KindAircraft     Kind = "aircraft"
)

// ParseKind accepts the kinds and their common synonyms.
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "person", "individual":
		return KindPerson, nil
	case "organization", "organisation", "entity", "company":
		return KindOrganization, nil
	case "vessel", "ship":
		return KindVessel, nil
	case "aircraft":
		return KindAircraft, nil
	}
	return "", fmt.Errorf("unknown kind %q (person, organization, vessel, aircraft)", s)
}

// NameRole grades a name the way the source does.
type NameRole string

const (
	RolePrimary        NameRole = "primary"
	RoleStrongAlias    NameRole = "strong_alias"
	RoleWeakAlias      NameRole = "weak_alias"
	RoleOriginalScript NameRole = "original_script"
	// RoleFormerName is a name the subject was formerly known by (f.k.a.).
	RoleFormerName NameRole = "former_name"
)

// Name is one name of a subject.
type Name struct {
	Full   string     `json:"full"`
	Role   NameRole   `json:"role"`
	Script string     `json:"script,omitempty"` // Unicode script, e.g. "Latin", "Arabic"
	Lang   string     `json:"lang,omitempty"`   // language the source gives, ISO 639-1 lower case
	Parts  []NamePart `json:"parts,omitempty"`
}

// NamePart is one component of a name as the source splits it.
type NamePart struct {
	Type  string `json:"type"` // first, second, third, fourth, given, family
	Value string `json:"value"`
}

// DatePrecision says how much of a date the source knows.
type DatePrecision string

const (
	PrecisionDay    DatePrecision = "day"
	PrecisionMonth  DatePrecision = "month"
	PrecisionYear   DatePrecision = "year"
	PrecisionRange  DatePrecision = "between_years"
	PrecisionUnkown DatePrecision = "unknown"
)

// BirthDate is a date of birth as the source states it. Date holds
// YYYY-MM-DD, YYYY-MM or YYYY according to Precision; a range keeps its
// bounds in FromYear and ToYear.
type BirthDate struct {
	Date        string        `json:"date,omitempty"`
	Precision   DatePrecision `json:"precision"`
	Approximate bool          `json:"approximate,omitempty"`
	FromYear    int           `json:"from_year,omitempty"`
	ToYear      int           `json:"to_year,omitempty"`
	Text        string        `json:"text,omitempty"` // the source's words, when they were not a plain date
}

// Place is a place of birth.
type Place struct {
	City        string `json:"city,omitempty"`
	Region      string `json:"region,omitempty"`
	Country     string `json:"country,omitempty"`      // ISO 3166-1 alpha-2
	CountryName string `json:"country_name,omitempty"` // as the source wrote it
	Text        string `json:"text,omitempty"`
}

// Document is an identity document.
type Document struct {
	Type        string `json:"type"`
	Number      string `json:"number"`
	Country     string `json:"country,omitempty"`
	CountryName string `json:"country_name,omitempty"`
	Note        string `json:"note,omitempty"`
}

// Address is a postal address, as complete as the source gives it.
type Address struct {
	Street      string `json:"street,omitempty"`
	City        string `json:"city,omitempty"`
	Region      string `json:"region,omitempty"`
	PostalCode  string `json:"postal_code,omitempty"`
	Country     string `json:"country,omitempty"`
	CountryName string `json:"country_name,omitempty"`
	Note        string `json:"note,omitempty"`
}

// Measure is a restrictive measure.
type Measure string

const (
	MeasureTravelBan   Measure = "travel_ban"
	MeasureAssetFreeze Measure = "asset_freeze"
	MeasureArmsEmbargo Measure = "arms_embargo"
)

// Link relates a subject to another one named by the source.
type Link struct {
	Relation string    `json:"relation"` // e.g. "linked_to", "designated_under"
	Target   SubjectID `json:"target,omitempty"`
	Name     string    `json:"name,omitempty"`
}

// Subject is one listed person, organisation, vessel or aircraft as one
// version of one list describes it.
type Subject struct {
	ID            SubjectID   `json:"id"`
	Source        Source      `json:"source"`
	SourceID      string      `json:"source_id"`
	Kind          Kind        `json:"kind"`
	Names         []Name      `json:"names"`
	Titles        []string    `json:"titles,omitempty"`
	Designations  []string    `json:"designations,omitempty"`
	Gender        string      `json:"gender,omitempty"`
	BirthDates    []BirthDate `json:"birth_dates,omitempty"`
	BirthPlaces   []Place     `json:"birth_places,omitempty"`
	Nationalities []string    `json:"nationalities,omitempty"` // ISO 3166-1 alpha-2
	Citizenships  []string    `json:"citizenships,omitempty"`  // ISO 3166-1 alpha-2
	// UnmappedCountries keeps country names the parser could not map to a code.
	UnmappedCountries []string   `json:"unmapped_countries,omitempty"`
	Documents         []Document `json:"documents,omitempty"`
	Addresses         []Address  `json:"addresses,omitempty"`
	Programs          []string   `json:"programs,omitempty"`
	ListedOn          string     `json:"listed_on,omitempty"` // YYYY-MM-DD
	// Amended are the days the source says the entry was amended
	// (UN LAST_DAY_UPDATED, and "amended on …" in its remarks), YYYY-MM-DD
	// ascending. They date a change seen between two versions of a list.
	Amended []string `json:"amended,omitempty"`
	// LegalBasis names the acts the entry rests on, as the source cites
	// them (EU regulations, UK regulations).
	LegalBasis []string `json:"legal_basis,omitempty"`
	Remarks    string   `json:"remarks,omitempty"`
	// Measures are those the entry states for itself; empty means the
	// regime's defaults apply.
	Measures []Measure `json:"measures,omitempty"`
	// MeasureScope is where the entry's measures bind when the source says
	// so: "EU" (Member States), "GB", "US"; empty means the source's
	// default (the UN's bind every State).
	MeasureScope string `json:"measure_scope,omitempty"`
	Links        []Link `json:"links,omitempty"`
	// Vessel or aircraft details (OFAC).
	VesselInfo map[string]string `json:"vessel_info,omitempty"`
}

// PrimaryName is the subject's main name.
func (s *Subject) PrimaryName() string {
	for _, n := range s.Names {
		if n.Role == RolePrimary {
			return n.Full
		}
	}
	if len(s.Names) > 0 {
		return s.Names[0].Full
	}
	return ""
}

// Gender writes a gender as the UN list does ("Male", "Female"), so that
// sources that write "male" or "M" agree.
func Gender(g string) string {
	switch strings.ToLower(strings.TrimSpace(g)) {
	case "":
		return ""
	case "m", "male":
		return "Male"
	case "f", "female":
		return "Female"
	}
	g = strings.TrimSpace(g)
	return strings.ToUpper(g[:1]) + g[1:]
}

// MapCountry maps a country name to its ISO code; a name it cannot map is
// recorded verbatim in UnmappedCountries and "" is returned.
func (s *Subject) MapCountry(name string) string {
	if code, ok := country.Code(name); ok {
		return code
	}
	if !slices.Contains(s.UnmappedCountries, name) {
		s.UnmappedCountries = append(s.UnmappedCountries, name)
	}
	return ""
}

// AddCountry appends the code of a country name to codes once.
func (s *Subject) AddCountry(codes []string, name string) []string {
	return AddOnce(codes, s.MapCountry(name))
}

// AddOnce appends a value to a list once; the zero value (an empty
// string) is not appended.
func AddOnce[T comparable](list []T, v T) []T {
	var zero T
	if v == zero || slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// AddMeasure appends a measure once.
func (s *Subject) AddMeasure(m Measure) {
	if !slices.Contains(s.Measures, m) {
		s.Measures = append(s.Measures, m)
	}
}
