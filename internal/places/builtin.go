package places

import (
	"embed"
	"strings"
)

// The built-in gazetteer's cities, so that scanning works without a
// GeoNames import: data/capitals.txt and data/bigcities.txt hold
// "name|ISO code|population in thousands|other names, comma-separated";
// data/metonyms.txt holds institutions that stand for their city.
//
//go:embed data/*.txt
var dataFS embed.FS

var (
	capitals  = dataLines("data/capitals.txt")
	bigCities = dataLines("data/bigcities.txt")
	metonyms  = func() map[string]struct{ place, cc string } {
		out := map[string]struct{ place, cc string }{}
		for _, line := range dataLines("data/metonyms.txt") {
			f := strings.Split(line, "|")
			if len(f) != 3 {
				continue
			}
			key := f[0]
			if ScriptOf(key) == ScriptLatin {
				key = foldName(key) // as IsMetonym and GeoNames' names are compared
			}
			out[key] = struct{ place, cc string }{f[1], f[2]}
		}
		return out
	}()
)

// dataLines are the lines of an embedded file, comments and blank lines
// left out.
func dataLines(path string) []string {
	b, err := dataFS.ReadFile(path)
	if err != nil {
		panic(err) // embedded: the build holds it
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" && line[0] != '#' {
			out = append(out, line)
		}
	}
	return out
}
