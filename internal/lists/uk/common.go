// Package uk parses the United Kingdom's two lists into lists.Subject
// values: the FCDO UK Sanctions List XML (source "uk", the list of record
// since 28 January 2026) and the OFSI Consolidated List CSV (source
// "ofsi", the asset-freeze list it replaced, in its 2022 36-column
// format). Both write dates day first (dd/mm/yyyy) and use "dd", "mm" or
// "00" for the parts of a birth date they do not know.
package uk

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/xmlrec"
)

var clean = xmlrec.Clean

// ukDate turns dd/mm/yyyy into YYYY-MM-DD.
func ukDate(s string) (string, error) {
	s = clean(s)
	if s == "" {
		return "", nil
	}
	t, err := time.Parse("02/01/2006", s)
	if err != nil {
		return "", fmt.Errorf("%q is not a dd/mm/yyyy date", s)
	}
	return t.Format(time.DateOnly), nil
}

// birthDate reads "12/05/1958", "dd/mm/1945", "00/00/1965", "05/1958" and
// "1946"; anything else is kept as text.
func birthDate(s string) (lists.BirthDate, bool) {
	s = clean(s)
	if s == "" {
		return lists.BirthDate{}, false
	}
	parts := strings.Split(s, "/")
	num := func(p string, lo, hi int) int {
		n, err := strconv.Atoi(p)
		if err != nil || n < lo || n > hi {
			return 0
		}
		return n
	}
	year := num(parts[len(parts)-1], 1000, 9999)
	if year == 0 || len(parts) > 3 {
		return lists.BirthDate{Precision: lists.PrecisionUnkown, Text: s}, true
	}
	month, day := 0, 0
	if len(parts) >= 2 {
		month = num(parts[len(parts)-2], 1, 12)
	}
	if len(parts) == 3 && month > 0 {
		day = num(parts[0], 1, 31)
	}
	switch {
	case day > 0:
		d := fmt.Sprintf("%04d-%02d-%02d", year, month, day)
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return lists.BirthDate{Precision: lists.PrecisionUnkown, Text: s}, true
		}
		return lists.BirthDate{Date: d, Precision: lists.PrecisionDay}, true
	case month > 0:
		return lists.BirthDate{Date: fmt.Sprintf("%04d-%02d", year, month), Precision: lists.PrecisionMonth}, true
	}
	return lists.BirthDate{Date: strconv.Itoa(year), Precision: lists.PrecisionYear}, true
}

var regimeRe = regexp.MustCompile(`^(?:The )?(.*?)\s*\((?:United Nations )?Sanctions\)`)

// program shortens a regime's regulation title to the regime's name:
// "The Afghanistan (Sanctions) (EU Exit) Regulations 2020" → "Afghanistan".
// OFSI's Regime column already holds the short name.
func program(regime string) string {
	regime = clean(regime)
	if m := regimeRe.FindStringSubmatch(regime); m != nil {
		return m[1]
	}
	return regime
}

var numberedRe = regexp.MustCompile(`\(\d{1,2}\)\s*`)

// numbered splits OFSI's "(1) Beja (2) -" multi-values; "-" is no value.
func numbered(s string) []string {
	var out []string
	for _, p := range numberedRe.Split(s, -1) {
		if p = strings.TrimSpace(p); p != "" && p != "-" {
			out = append(out, p)
		}
	}
	return out
}

// kind maps "Individual", "Entity" and "Ship".
func kind(s string) (lists.Kind, error) {
	switch strings.ToLower(clean(s)) {
	case "individual":
		return lists.KindPerson, nil
	case "entity":
		return lists.KindOrganization, nil
	case "ship":
		return lists.KindVessel, nil
	}
	return "", fmt.Errorf("type %q is not Individual, Entity or Ship", s)
}

// aliasRole maps the name types and alias strengths of both files.
func aliasRole(nameType, quality string) lists.NameRole {
	nameType, quality = strings.ToLower(clean(nameType)), strings.ToLower(clean(quality))
	switch {
	case nameType == "primary name":
		return lists.RolePrimary
	case nameType == "fka" || strings.Contains(quality, "f.k.a"):
		return lists.RoleFormerName
	case strings.HasPrefix(quality, "low"):
		return lists.RoleWeakAlias
	}
	return lists.RoleStrongAlias
}

// fullName joins name parts 1–5 and puts name 6, the family name or a
// whole entity name, last.
func fullName(parts [6]string) (string, []lists.NamePart) {
	var words []string
	var np []lists.NamePart
	for i, p := range parts {
		if p = clean(p); p != "" {
			words = append(words, p)
			typ := "given"
			switch {
			case i == 5:
				typ = "family"
			case i > 0:
				typ = "middle"
			}
			np = append(np, lists.NamePart{Type: typ, Value: p})
		}
	}
	return strings.Join(words, " "), np
}

// addName appends a name once, promoting it when it is the primary name.
func addName(s *lists.Subject, n lists.Name) {
	for i := range s.Names {
		if strings.EqualFold(s.Names[i].Full, n.Full) {
			if n.Role == lists.RolePrimary {
				s.Names[i].Role = lists.RolePrimary
			}
			return
		}
	}
	s.Names = append(s.Names, n)
}

// primaryFirst puts the primary name first, and makes the first name
// primary when the file named none.
func primaryFirst(s *lists.Subject) {
	for i, n := range s.Names {
		if n.Role == lists.RolePrimary {
			copy(s.Names[1:i+1], s.Names[:i])
			s.Names[0] = n
			for j := 1; j < len(s.Names); j++ {
				if s.Names[j].Role == lists.RolePrimary {
					s.Names[j].Role = lists.RoleStrongAlias
				}
			}
			return
		}
	}
	if len(s.Names) > 0 {
		s.Names[0].Role = lists.RolePrimary
	}
}

// addUnique appends a cleaned non-empty value once.
func addUnique(list []string, v string) []string { return lists.AddOnce(list, clean(v)) }
