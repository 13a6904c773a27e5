// Package country maps the country names that sanctions lists use (and the
// names, short forms and demonyms that news uses) to ISO 3166-1 alpha-2
// codes. English display names come from golang.org/x/text; the aliases
// below cover the official long forms used by the UN and OFAC lists.
package country

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// aliases maps further names to codes. Keys are written plainly; they are
// normalised when the table is built.
var aliases = map[string]string{
	"Iran (Islamic Republic of)":                "IR",
	"Islamic Republic of Iran":                  "IR",
	"Persia":                                    "IR",
	"Democratic People's Republic of Korea":     "KP",
	"Korea, North":                              "KP",
	"North Korea":                               "KP",
	"DPRK":                                      "KP",
	"Republic of Korea":                         "KR",
	"Korea, South":                              "KR",
	"South Korea":                               "KR",
	"Korea":                                     "KR",
	"Russian Federation":                        "RU",
	"Syrian Arab Republic":                      "SY",
	"Lao People's Democratic Republic":          "LA",
	"Libyan Arab Jamahiriya":                    "LY",
	"Venezuela (Bolivarian Republic of)":        "VE",
	"Bolivia (Plurinational State of)":          "BO",
	"United Republic of Tanzania":               "TZ",
	"Tanzania, United Republic of":              "TZ",
	"Viet Nam":                                  "VN",
	"Republic of Moldova":                       "MD",
	"Moldova, Republic of":                      "MD",
	"The former Yugoslav Republic of Macedonia": "MK",
	"Macedonia":                                 "MK",
	"Republic of North Macedonia":               "MK",
	"United Kingdom of Great Britain and Northern Ireland": "GB",
	"United Kingdom":                    "GB",
	"Great Britain":                     "GB",
	"Britain":                           "GB",
	"UK":                                "GB",
	"England":                           "GB",
	"United States of America":          "US",
	"United States":                     "US",
	"USA":                               "US",
	"US":                                "US",
	"America":                           "US",
	"Democratic Republic of the Congo":  "CD",
	"Congo, Democratic Republic of the": "CD",
	"Democratic Republic of Congo":      "CD",
	"Congo (Democratic Republic)":       "CD",
	"DRC":                               "CD",
	"DR Congo":                          "CD",
	"Zaire":                             "CD",
	"Congo":                             "CG",
	"Republic of the Congo":             "CG",
	"Congo, Republic of the":            "CG",
	"Cote d'Ivoire":                     "CI",
	"Ivory Coast":                       "CI",
	"Burma":                             "MM",
	"Myanmar":                           "MM",
	"Palestine":                         "PS",
	"State of Palestine":                "PS",
	"Occupied Palestinian Territory":    "PS",
	"West Bank":                         "PS",
	"Gaza":                              "PS",
	"Gaza Strip":                        "PS",
	"Palestinian":                       "PS",
	"Turkey":                            "TR",
	"Turkiye":                           "TR",
	"Czech Republic":                    "CZ",
	"Czechia":                           "CZ",
	"Swaziland":                         "SZ",
	"Eswatini":                          "SZ",
	"Cape Verde":                        "CV",
	"Cabo Verde":                        "CV",
	"Holy See":                          "VA",
	"Vatican":                           "VA",
	"Brunei Darussalam":                 "BN",
	"Micronesia (Federated States of)":  "FM",
	"Micronesia, Federated States of":   "FM",
	"Saint Kitts and Nevis":             "KN",
	"Saint Vincent and the Grenadines":  "VC",
	"Saint Lucia":                       "LC",
	"East Timor":                        "TL",
	"Timor-Leste":                       "TL",
	"Kosovo":                            "XK",
	"Taiwan":                            "TW",
	"Taiwan, Province of China":         "TW",
	"Hong Kong":                         "HK",
	"Macau":                             "MO",
	"Macao":                             "MO",
	"China":                             "CN",
	"People's Republic of China":        "CN",
	"Bosnia and Herzegovina":            "BA",
	"Bosnia-Herzegovina":                "BA",
	"Bosnia":                            "BA",
	"Trinidad and Tobago":               "TT",
	"Antigua and Barbuda":               "AG",
	"Sao Tome and Principe":             "ST",
	"The Bahamas":                       "BS",
	"Bahamas":                           "BS",
	"The Gambia":                        "GM",
	"Gambia":                            "GM",
	"Netherlands":                       "NL",
	"Holland":                           "NL",
	"Kyrgyzstan":                        "KG",
	"Kyrgyz Republic":                   "KG",
	"Slovak Republic":                   "SK",
	"Yemen":                             "YE",
	"Republic of Yemen":                 "YE",
	"Emirates":                          "AE",
	"UAE":                               "AE",
	"U.A.E.":                            "AE",
	"Saudi":                             "SA",
	"KSA":                               "SA",
	"Curacao":                           "CW",
	"Sint Maarten":                      "SX",
	"Falkland Islands (Malvinas)":       "FK",
	"Reunion":                           "RE",
	"Virgin Islands, British":           "VG",
	"British Virgin Islands":            "VG",
	"Virgin Islands, U.S.":              "VI",
	"Cayman Islands":                    "KY",
	"Isle of Man":                       "IM",
	"Jersey":                            "JE",
	"Guernsey":                          "GG",
	"Man, Isle of":                      "IM",
	"Region: Gaza":                      "PS",
	"Region: West Bank":                 "PS",
	"Region: Northern Mali":             "ML",
	"Region: Kurdistan":                 "IQ",
	"Soviet Union":                      "SU",
	"USSR":                              "SU",
	"Yugoslavia":                        "YU",
	"Serbia and Montenegro":             "CS",
	"Netherlands Antilles":              "AN",
	"Czechoslovakia":                    "CS",
}

// historic codes (transitionally reserved in ISO 3166-1) that appear in old
// list entries; x/text does not list them as countries.
var historic = map[string]string{
	"SU": "Soviet Union",
	"YU": "Yugoslavia",
	"CS": "Serbia and Montenegro",
	"AN": "Netherlands Antilles",
}

// notISO are regions x/text reports as countries that are not ISO 3166-1
// assigned codes, or are duplicates (UK for GB).
var notISO = map[string]bool{"BU": true, "CT": true, "DD": true, "DY": true, "FX": true, "HV": true, "JT": true, "MI": true, "NH": true, "NQ": true, "PU": true, "PZ": true, "RH": true, "TP": true, "VD": true, "WK": true, "YD": true, "ZR": true, "AC": true, "CP": true, "DG": true, "EA": true, "IC": true, "TA": true, "UK": true, "EU": true, "EZ": true, "UN": true, "QO": true, "CQ": true}

type table struct {
	byName   map[string]string
	demonyms map[string]string
	names    map[string]string
	codes    []string
}

var (
	once sync.Once
	tbl  table
)

func load() {
	tbl = table{byName: map[string]string{}, names: map[string]string{}, demonyms: map[string]string{}}
	namer := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.String() != code || notISO[code] {
				continue
			}
			name := namer.Name(r)
			if name == "" {
				continue
			}
			tbl.names[code] = name
			tbl.codes = append(tbl.codes, code)
			tbl.byName[Normalize(name)] = code
		}
	}
	for code, name := range historic {
		tbl.names[code] = name
		tbl.codes = append(tbl.codes, code)
	}
	slices.Sort(tbl.codes)
	for name, code := range aliases {
		tbl.byName[Normalize(name)] = code
	}
	for name, code := range longForms {
		tbl.byName[Normalize(name)] = code
	}
	for name, code := range demonyms {
		tbl.demonyms[Normalize(name)] = code
	}
	for code, name := range tbl.names {
		if _, ok := tbl.byName[Normalize(name)]; !ok {
			tbl.byName[Normalize(name)] = code
		}
	}
}

var foldMarks = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// Normalize folds case, diacritics and punctuation so that "Côte d’Ivoire"
// and "COTE D'IVOIRE" compare equal.
func Normalize(s string) string {
	s, _, _ = transform.String(foldMarks, s)
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '\'' || r == '’' || r == '.':
			// dropped: "people's" = "peoples", "U.S." = "US"
		default:
			space = true
		}
	}
	out := b.String()
	out = strings.TrimPrefix(out, "the ")
	return out
}

// Code maps a country name (or an alpha-2 code) to its ISO alpha-2 code.
func Code(name string) (string, bool) {
	once.Do(load)
	n := Normalize(name)
	if n == "" {
		return "", false
	}
	if c, ok := tbl.byName[n]; ok {
		return c, true
	}
	if len(n) == 2 {
		up := strings.ToUpper(n)
		if _, ok := tbl.names[up]; ok {
			return up, true
		}
	}
	if c, ok := tbl.demonyms[n]; ok {
		return c, true // nationality fields often hold "Tunisian"
	}
	// "Iran (Islamic Republic of)" style: try the part before the bracket.
	if i := strings.IndexByte(name, '('); i > 0 {
		if c, ok := tbl.byName[Normalize(name[:i])]; ok {
			return c, true
		}
	}
	return "", false
}

// Valid reports whether code is an assigned ISO 3166-1 alpha-2 code.
func Valid(code string) bool {
	once.Do(load)
	_, ok := tbl.names[strings.ToUpper(code)]
	return ok
}

// Name is the English short name of a code, or "" for an unknown code.
func Name(code string) string {
	once.Do(load)
	return tbl.names[strings.ToUpper(code)]
}

// Codes lists every known code, sorted.
func Codes() []string {
	once.Do(load)
	return slices.Clone(tbl.codes)
}

// Names returns every known name (normalised) with its code, aliases and
// long forms included. Demonyms are not names.
func Names() map[string]string {
	once.Do(load)
	out := make(map[string]string, len(tbl.byName))
	for k, v := range tbl.byName {
		out[k] = v
	}
	return out
}
