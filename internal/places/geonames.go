package places

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/names"
)

// scanTSV calls fn for every non-comment line of a GeoNames TSV file with
// its fields, naming the file and line in errors.
func scanTSV(r io.Reader, file string, minFields int, fn func(line int, f []string) error) error {
	err := limits.ScanLines(r, limits.RecordBytes, "a line", func(b []byte, line int) error {
		text := string(b)
		if text == "" || strings.HasPrefix(text, "#") {
			return nil
		}
		if !utf8.ValidString(text) {
			return fmt.Errorf("line %d: invalid UTF-8", line)
		}
		f := strings.Split(text, "\t")
		if len(f) < minFields {
			return fmt.Errorf("line %d: %d fields, want %d", line, len(f), minFields)
		}
		if err := fn(line, f); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

// ParseAdmin1 reads admin1CodesASCII.txt: "CC.code" → division name.
func ParseAdmin1(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	err := scanTSV(r, "admin1CodesASCII.txt", 4, func(_ int, f []string) error {
		out[f[0]] = f[1]
		return nil
	})
	return out, err
}

// ParseCountryCapitals reads countryInfo.txt: ISO code → capital name.
func ParseCountryCapitals(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	err := scanTSV(r, "countryInfo.txt", 17, func(_ int, f []string) error {
		if len(f[0]) != 2 {
			return fmt.Errorf("ISO code %q", f[0])
		}
		if f[5] != "" {
			out[f[0]] = f[5]
		}
		return nil
	})
	return out, err
}

// ParseCities reads cities15000.txt (19 columns). Alternate names are kept
// when they are in a script sanctions news is written in (Latin, Arabic,
// Cyrillic, Hangul, Han) and long enough: three letters, two Han or Hangul
// characters. Latin names written all in lower case are dropped: GeoNames
// holds machine romanisations of foreign spellings among them ("mskw",
// "bkyn"), which read as abbreviations and common words. admin1 and
// capitals (both optional) add region names and capital flags.
func ParseCities(r io.Reader, admin1 map[string]string, capitals map[string]string) ([]Place, error) {
	var out []Place
	err := scanTSV(r, "cities15000.txt", 19, func(_ int, f []string) error {
		id, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return fmt.Errorf("geonameid %q: %w", f[0], err)
		}
		pop, err := strconv.ParseInt(f[14], 10, 64)
		if err != nil && f[14] != "" {
			return fmt.Errorf("population %q: %w", f[14], err)
		}
		if len(f[8]) != 2 {
			return fmt.Errorf("country code %q", f[8])
		}
		p := Place{ID: id, Name: f[1], Country: f[8], Kind: KindCity, Population: pop, Region: admin1[f[8]+"."+f[10]]}
		p.Capital = f[7] == "PPLC" || strings.EqualFold(capitals[f[8]], f[1])
		seen := map[string]bool{"Latin" + names.Fold(p.Name): true}
		for _, alt := range append([]string{f[2]}, strings.Split(f[3], ",")...) {
			alt = strings.TrimSpace(alt)
			if !usefulAltName(alt) {
				continue
			}
			// the script is part of the key: a Cyrillic form folds like
			// the Latin one but also brings the Russian case endings
			k := names.Script(alt) + alt // Han and Hangul as written
			if sc := ScriptOf(alt); sc != ScriptHan && sc != ScriptHangul {
				k = names.Script(alt) + foldName(alt)
			}
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			p.AltNames = append(p.AltNames, alt)
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

func usefulAltName(s string) bool {
	n := utf8.RuneCountInString(s)
	switch ScriptOf(s) {
	case ScriptLatin:
		return n >= 3 && !isCode(s) && strings.ContainsFunc(s, unicode.IsUpper)
	case ScriptArabic, ScriptCyrillic:
		return n >= 3 && !isCode(s)
	case ScriptHan, ScriptHangul:
		return n >= 2
	}
	return false
}

// isCode spots airport and other codes among alternate names (MOW).
func isCode(s string) bool {
	if len(s) > 4 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
