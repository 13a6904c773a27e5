package ofac

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/names"
)

// documentLabels are the remark prefixes that introduce an identity or
// registration number, longest first so that "Diplomatic Passport" wins
// over "Passport".
var documentLabels = []string{
	"Diplomatic Passport", "Service Passport", "Official Passport", "Passport",
	"National ID No.", "National ID", "Personal ID Card", "Identification Number", "Cedula No.",
	"D.N.I.", "Driver's License No.", "SSN", "Birth Certificate Number", "Residency Number",
	"Tax ID No.", "NIT #", "RUC #", "RIF #", "C.U.R.P. #", "R.F.C. #", "Kenyan ID No.",
	"Registration Number", "Registration ID", "Company Number", "Business Registration Document #",
	"Commercial Registry Number", "Trade License No.", "Legal Entity Number", "C.R. No.",
	"Unified Social Credit Code (USCC)", "Government Gazette Number", "Folio Mercantil No.",
	"Matricula Mercantil No", "Chamber of Commerce Number", "Central Registration System Number",
	"Vessel Registration Identification", "MMSI", "Aircraft Tail Number",
	"Aircraft Manufacturer's Serial Number (MSN)", "Moroccan Personal ID No.", "Electoral Registry No.",
	"Afghan Tazkira", "Refugee ID Card", "Stateless Person Passport", "Travel Document Number",
}

var quoted = regexp.MustCompile(`'([^']+)'`)

// ParseRemarks fills s from an SDN remarks text. Clauses it does not
// recognise stay only in Remarks.
func ParseRemarks(remarks string, s *lists.Subject) {
	remarks = strings.TrimSuffix(strings.TrimSpace(remarks), ".")
	for _, clause := range strings.Split(remarks, ";") {
		c := strings.TrimSpace(clause)
		c = strings.TrimPrefix(c, "alt. ")
		switch {
		case c == "":
		case strings.HasPrefix(c, "DOB "):
			if bd, ok := ParseDOB(strings.TrimPrefix(c, "DOB ")); ok {
				s.BirthDates = append(s.BirthDates, bd)
			}
		case strings.HasPrefix(c, "POB "):
			s.BirthPlaces = append(s.BirthPlaces, place(strings.TrimPrefix(c, "POB "), s))
		case strings.HasPrefix(c, "nationality "):
			s.Nationalities = s.AddCountry(s.Nationalities, strings.TrimPrefix(c, "nationality "))
		case strings.HasPrefix(c, "citizen "):
			s.Citizenships = s.AddCountry(s.Citizenships, strings.TrimPrefix(c, "citizen "))
		case strings.HasPrefix(c, "Gender "):
			s.Gender = strings.TrimPrefix(c, "Gender ")
		case strings.HasPrefix(c, "Linked To: "):
			s.Links = append(s.Links, lists.Link{Relation: "linked_to", Name: strings.TrimSpace(strings.TrimPrefix(c, "Linked To: "))})
		case strings.HasPrefix(c, "a.k.a. "), strings.HasPrefix(c, "f.k.a. "), strings.HasPrefix(c, "n.k.a. "):
			role := lists.RoleWeakAlias
			if strings.HasPrefix(c, "f.k.a. ") {
				role = lists.RoleFormerName
			}
			for _, m := range quoted.FindAllStringSubmatch(c, -1) {
				n := strings.TrimSpace(m[1])
				s.Names = append(s.Names, lists.Name{Full: n, Role: role, Script: names.Script(n)})
			}
		default:
			if d, ok := document(c, s); ok {
				s.Documents = append(s.Documents, d)
			}
		}
	}
}

func document(c string, s *lists.Subject) (lists.Document, bool) {
	for _, label := range documentLabels {
		rest, ok := strings.CutPrefix(c, label+" ")
		if !ok {
			continue
		}
		d := lists.Document{Type: strings.TrimSuffix(strings.TrimSuffix(label, " #"), " No."), Number: rest}
		if i := strings.Index(rest, " ("); i > 0 {
			d.Number = rest[:i]
			tail := rest[i+2:]
			if j := strings.IndexByte(tail, ')'); j >= 0 {
				d.CountryName = tail[:j]
				d.Note = strings.TrimSpace(tail[j+1:])
			}
		} else {
			for _, kw := range []string{" issued", " expires", " valid"} {
				if i := strings.Index(rest, kw); i > 0 {
					d.Number, d.Note = rest[:i], strings.TrimSpace(rest[i:])
					break
				}
			}
		}
		d.Number = strings.TrimSpace(d.Number)
		if d.CountryName != "" {
			d.Country = s.MapCountry(d.CountryName)
		}
		return d, d.Number != ""
	}
	return lists.Document{}, false
}

func place(text string, s *lists.Subject) lists.Place {
	var p lists.Place
	parts := strings.Split(text, ",")
	last := strings.TrimSpace(parts[len(parts)-1])
	if code, ok := country.Code(last); ok {
		p.Country, p.CountryName = code, last
		parts = parts[:len(parts)-1]
	} else {
		p.Text = text // not understood: keep the source's words
	}
	if len(parts) > 0 {
		p.City = strings.TrimSpace(parts[0])
	}
	if len(parts) > 1 {
		p.Region = strings.TrimSpace(strings.Join(parts[1:], ","))
	}
	return p
}

// ParseDOB reads OFAC's date forms: "11 Mar 1957", "Mar 1957", "1957",
// "circa 1957", "1957 to 1960" and "01 Jan 1960 to 31 Dec 1962".
func ParseDOB(text string) (lists.BirthDate, bool) {
	text = strings.TrimSpace(text)
	bd := lists.BirthDate{}
	t := text
	if rest, ok := strings.CutPrefix(t, "circa "); ok {
		bd.Approximate, t = true, rest
	}
	if from, to, ok := strings.Cut(t, " to "); ok {
		f, err1 := yearOf(from)
		l, err2 := yearOf(to)
		if err1 == nil && err2 == nil {
			bd.Precision, bd.FromYear, bd.ToYear = lists.PrecisionRange, f, l
			if strings.ContainsAny(from, " ") {
				bd.Text = text
			}
			return bd, true
		}
	}
	for _, layout := range []struct {
		layout, out string
		p           lists.DatePrecision
	}{
		{"02 Jan 2006", time.DateOnly, lists.PrecisionDay},
		{"2 Jan 2006", time.DateOnly, lists.PrecisionDay},
		{"Jan 2006", "2006-01", lists.PrecisionMonth},
		{"2006", "2006", lists.PrecisionYear},
	} {
		if d, err := time.Parse(layout.layout, t); err == nil {
			bd.Date, bd.Precision = d.Format(layout.out), layout.p
			return bd, true
		}
	}
	if text == "" {
		return bd, false
	}
	bd.Precision, bd.Text = lists.PrecisionUnkown, text
	return bd, true
}

func yearOf(s string) (int, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return 0, strconv.ErrSyntax
	}
	return strconv.Atoi(f[len(f)-1])
}
